// Coasting: a job whose transfers always run at its cap takes its steps without events.
//
// A placed job's transfers cross its ring's up links. When each of those links can carry
// every placed job that crosses it at its peak at once (the link's placed load is within
// capacity), the link can never fill, so the fast network path treats it as no constraint:
// the job's max-min rate is exactly its cap whoever else communicates (a flow crossing no
// tight link runs at its cap without a solve, netsim/incremental_fair_share.hpp), and its
// transfers change nobody's rate. Its iterations are then a fixed sequence of additions -
// a compute step ends at t + seconds, a transfer at t + gbit / cap, the very expressions
// its events evaluate - so they are replayed on demand instead of queued: when the
// scheduler reads its progress, at timeline bin ends (the meter gets its carried volume),
// and at a checkpoint every kCheckpointSteps steps or at its finish, its only events.
//
// It steps as events again (stop_coasting) the moment a placement raises the placed load
// of one of its links above capacity, or CASSINI anchors it to a time shift; a job that
// becomes free again coasts from its next step.
#include "simulation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sextant::scheduling {

namespace {
// Steps replayed ahead for one checkpoint: long enough that checkpoints are a few events
// per job, short enough that a peek costs microseconds.
constexpr int kCheckpointSteps = 4096;
}  // namespace

bool Simulation::can_coast(const Job& job) const {
    if (!coast_) return false;
    // Flow-level shared sets: every rate is fixed until the sets change (update_shared_sets),
    // so a job's steps, and its agent's waits, follow by additions. A follower's grid moves
    // with its reference's slip, so it coasts only while that slip is known in advance: its
    // reference coasts too (or has stopped).
    if (cached_sets()) {
        if (job.state != State::Running) return false;
        if (!job.anchored || job.reference == job.spec->id) return true;
        const Job& reference = jobs_[job.reference];
        return reference.state != State::Running || reference.coasting;
    }
    return runs_free(job);
}

// A coasting reference at a fixed rate starts its iterations at a fixed pace: on its grid
// when its iteration is shorter than the period it keeps (it waits for each point), else
// back to back (each start is late and moves the grid to it). Either way, after a start at
// s its grid passes through s, which gives its slip (start_iteration).
void Simulation::set_pace(Job& job) {
    const int n = static_cast<int>(job.plan.steps.size());
    const double period = job.kept_period_s;
    const double length = job.iteration_length_s;
    double end = now_;
    for (int s = job.step; s < n; ++s) end = step_end(job, s, end, job.iteration_start_s);
    const double due = job.anchor_s + static_cast<double>(job.done + 1 - job.anchor_done) * period + job.slip_s;
    job.pace_origin_s = end < due - 1e-9 ? due : end;
    job.pace_origin_done = job.done + 1;
    job.pace_s = std::max(length, period);
    job.pace_slip_s = job.slip_s;
}

double Simulation::reference_slip(const Job& reference, double t) const {
    if (!reference.coasting || !reference.anchored) return reference.slip_s;
    if (t < reference.pace_origin_s) return reference.pace_slip_s;
    const double k = std::floor((t - reference.pace_origin_s) / reference.pace_s);
    const double start = reference.pace_origin_s + k * reference.pace_s;
    return start - reference.anchor_s -
           (static_cast<double>(reference.pace_origin_done - reference.anchor_done) + k) * reference.kept_period_s;
}

double Simulation::comm_rate(const Job& job) const {
    return cached_sets() ? job.plan.peak_gbps / job.packet_stretch : job.plan.peak_gbps;
}

bool Simulation::runs_free(const Job& job) const {
    if (!free_runs_ || job.state != State::Running || job.anchored) return false;
    if (!job.plan.uses_network()) return true;
    // The network counts a link tight when its flows offer more than capacity. A job alone
    // offers what it is placed with; with others, the network sums them in its own order,
    // so a margin covers the last bits.
    for (auto [l, hops] : job.up_links) {
        const double cap = placed_on_[l].size() == 1 ? net_capacity_[l] : net_capacity_[l] * (1 - 1e-12);
        if (!(placed_load_[l] <= cap)) return false;
    }
    return true;
}

double Simulation::step_end(const Job& job, int step, double start, double iteration_start) const {
    const Step& s = job.plan.steps[step];
    // As begin_step's timer, and set_rate's completion of a transfer at the cap from its start.
    if (s.until) return std::max(start, iteration_start + s.seconds);
    return s.comm ? start + s.gbit / comm_rate(job) : start + s.seconds;
}

// Moves a cursor at time t to a step that takes time, as begin_step and start_iteration
// would (empty transfers skipped, a new iteration started after the agent's wait, if any:
// t is then the iteration's start). True: the job is done.
bool Simulation::settle_cursor(const Job& job, double& t, long long& done, int& step, double& iteration_start,
                               Agent& agent, bool count) {
    const int n = static_cast<int>(job.plan.steps.size());
    while (true) {
        if (step >= n) {
            if (++done >= job.iterations) return true;
            t += alignment_wait(job, t, done, agent, count);
            step = 0;
            iteration_start = t;
            continue;
        }
        const Step& s = job.plan.steps[step];
        if (s.comm && !(s.gbit > 0)) {
            ++step;
            continue;
        }
        return false;
    }
}

void Simulation::start_coasting(Job& job) {
    job.coasting = true;
    ++job.coast_version;
    coasting_.push_back(job.spec->id);
    job.coast_t = job.coast_metered_s = now_;
    // Its iteration at the rates it coasts at (fixed until it stops coasting).
    const int n = static_cast<int>(job.plan.steps.size());
    job.iteration_length_s = 0;
    job.first_step = n;
    job.steps_per_iteration = 0;
    for (int s = 0; s < n; ++s) {
        job.iteration_length_s = step_end(job, s, job.iteration_length_s, 0.0);
        const Step& step = job.plan.steps[s];
        if (step.comm && !(step.gbit > 0)) continue;  // an empty transfer: skipped, not taken
        job.first_step = std::min(job.first_step, s);
        ++job.steps_per_iteration;
    }
    if (job.anchored && job.reference == job.spec->id) set_pace(job);
    Agent agent = agent_of(job);
    const bool done = settle_cursor(job, job.coast_t, job.done, job.step, job.iteration_start_s, agent, true);
    keep(job, agent);
    if (done) {
        stop_coasting(job, false);
        return finish_job(job);
    }
    push_checkpoint(job);
}

void Simulation::push_checkpoint(Job& job) {
    constexpr double kNever = std::numeric_limits<double>::infinity();
    double t = job.coast_t, start = job.iteration_start_s;
    long long done = job.done;
    int step = job.step;
    Agent agent = agent_of(job);  // a look ahead: the job's agent is not changed
    for (long long k = 0; k < kCheckpointSteps;) {
        if (whole_iterations_ && step == job.first_step && t == start) {  // as coast_iterations
            const long long most =
                std::min(job.iterations - done - 1,
                         std::max(1LL, (kCheckpointSteps - k) / std::max(1LL, job.steps_per_iteration)));
            const long long n = whole_iterations(job, t, kNever, most, waits(agent));
            if (n > 0) {
                done += n - 1;
                t += static_cast<double>(n) * job.iteration_length_s;
                step = static_cast<int>(job.plan.steps.size());
                k += n * job.steps_per_iteration;
                settle_cursor(job, t, done, step, start, agent, false);  // n left its last iteration
                continue;
            }
        }
        t = step_end(job, step, t, start);
        ++step;
        ++k;
        if (settle_cursor(job, t, done, step, start, agent, false)) break;
    }
    timers_.push({t, seq_++, job.spec->id, job.epoch, job.coast_version});
}

void Simulation::on_checkpoint(Job& job) {
    coast_to(job, now_);
    if (job.done < job.iterations) return push_checkpoint(job);
    stop_coasting(job, false);
    finish_job(job);
}

// Whole iterations, at most `most`, that a job at the start of one at `from` ends by t: one
// at a time while its agent may wait between iterations, else as many at once.
long long Simulation::whole_iterations(const Job& job, double from, double t, long long most, bool waits) const {
    const double length = job.iteration_length_s;
    if (most <= 0 || !(length > 0) || !(from + length <= t)) return 0;
    if (waits) return 1;
    const double fit = (t - from) / length;
    long long k = fit >= static_cast<double>(most) ? most : static_cast<long long>(fit);
    while (k < most && from + static_cast<double>(k + 1) * length <= t) ++k;
    while (k > 1 && from + static_cast<double>(k) * length > t) --k;
    return std::max(k, 1LL);
}

// Flow-level shared sets: iterations that end by t are taken whole, their transfers'
// volumes metered at once (the bins are minutes, iterations fractions of a second). The
// job's last iteration is always taken step by step, so its finish is a step's end.
bool Simulation::coast_iterations(Job& job, double t) {
    if (job.step != job.first_step || job.coast_t != job.iteration_start_s || job.coast_metered_s != job.coast_t)
        return false;
    Agent agent = agent_of(job);
    const long long k = whole_iterations(job, job.coast_t, t, job.iterations - job.done - 1, waits(agent));
    if (k == 0) return false;
    const double n = static_cast<double>(k);
    const double gbit = n * job.plan.comm_gbit();  // per ring hop
    for (auto [l, hops] : job.up_links) meter_.add_carried(l, gbit * hops);
    result_.delivered_gb += gbit * static_cast<double>(job.placement.servers.size()) / 8;  // as packet_comm_done
    result_.ecn_marks += n * job.packet_marks;
    result_.pfc_paused_s += n * job.packet_paused_s;
    result_.coasted_steps += k * job.steps_per_iteration;
    result_.whole_iterations += k;
    job.done += k - 1;  // settle_cursor counts the last
    job.coast_t += n * job.iteration_length_s;
    job.step = static_cast<int>(job.plan.steps.size());
    settle_cursor(job, job.coast_t, job.done, job.step, job.iteration_start_s, agent, true);
    keep(job, agent);
    job.coast_metered_s = job.coast_t;
    return true;
}

void Simulation::coast_to(Job& job, double t) {
    while (job.done < job.iterations) {
        if (whole_iterations_ && coast_iterations(job, t)) continue;
        const double end = step_end(job, job.step, job.coast_t, job.iteration_start_s);
        const Step& s = job.plan.steps[job.step];
        if (s.comm) {
            // Carried at its rate on each link it crosses (free: its cap, the network keeps it
            // out; shared sets: its set's rate, the set's excess is held on the link).
            const double until = std::min(end, t);
            if (until > job.coast_metered_s)
                for (auto [l, hops] : job.up_links)
                    meter_.add_carried(l, comm_rate(job) * hops * (until - job.coast_metered_s));
            job.coast_metered_s = std::max(job.coast_metered_s, until);
            if (end <= t && cached_sets()) packet_comm_done(job);
        }
        if (end > t) return;
        job.coast_t = job.coast_metered_s = end;
        ++job.step;
        ++result_.coasted_steps;
        Agent agent = agent_of(job);
        const bool done = settle_cursor(job, job.coast_t, job.done, job.step, job.iteration_start_s, agent, true);
        keep(job, agent);
        job.coast_metered_s = job.coast_t;  // nothing is carried during the agent's wait
        if (done) return;
    }
}

void Simulation::coast_all_to(double t) {
    for (int id : coasting_) coast_to(jobs_[id], t);
}

// Its current step continues as the events would have had it: a compute step's timer at
// the same end, a transfer in the network since its start at its cap (set_rate keeps that
// completion while the network gives it the same rate). resume = false: brought up to date
// only (preemption, finish).
void Simulation::stop_coasting(Job& job, bool resume) {
    if (!job.coasting) return;
    const int id = job.spec->id;
    const bool reference = job.anchored && job.reference == id;
    if (reference)  // its followers read its slip from its pace: bring them up to now first
        for (int other : coasting_)
            if (jobs_[other].anchored && jobs_[other].reference == id && other != id) coast_to(jobs_[other], now_);
    coast_to(job, now_);
    job.coasting = false;
    ++job.coast_version;
    coasting_.erase(std::find(coasting_.begin(), coasting_.end(), job.spec->id));
    if (!resume || job.done >= job.iterations) return;
    if (reference)  // its followers' grid moves with its events from now
        for (int other : std::vector<int>(coasting_))
            if (jobs_[other].anchored && jobs_[other].reference == id) stop_coasting(jobs_[other]);
    if (job.coast_t > now_) {  // in its agent's wait: the iteration starts at coast_t, as a timer
        job.step = -1;
        job.alignment_done = true;
        return push(job, job.coast_t);
    }
    const Step& s = job.plan.steps[job.step];
    if (s.until) return push(job, step_end(job, job.step, job.coast_t, job.iteration_start_s));
    if (!s.comm) return push(job, job.coast_t + s.seconds);
    if (cached_sets()) {  // in its transfer since coast_t at its set's rate
        job.packet_comm = true;
        job.remaining_gbit = s.gbit;
        job.rate = comm_rate(job);
        job.rate_since_s = job.coast_t;
        ++job.comm_version;
        comm_done_.push({job.coast_t + s.gbit / job.rate, job.spec->id, job.comm_version});
        packet_load(job, +1);
        return;
    }
    enter_comm(job);
    job.remaining_gbit = s.gbit;
    job.rate = job.plan.peak_gbps;
    job.rate_since_s = job.coast_t;
    comm_done_.push({job.coast_t + s.gbit / job.rate, job.spec->id, job.comm_version});
}

void Simulation::placed_load(const Job& job, bool add) {
    const int id = job.spec->id;
    for (auto [l, hops] : job.up_links) {
        auto& on = placed_on_[l];
        if (add) on.push_back(id);
        else on.erase(std::find(on.begin(), on.end(), id));
        double load = 0;
        for (int other : on)
            for (auto [ol, oh] : jobs_[other].up_links)
                if (ol == l) load += jobs_[other].plan.peak_gbps * oh;
        placed_load_[l] = load;
    }
}

}  // namespace sextant::scheduling
