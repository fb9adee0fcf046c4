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

namespace sextant::scheduling {

namespace {
// Steps replayed ahead for one checkpoint: long enough that checkpoints are a few events
// per job, short enough that a peek costs microseconds.
constexpr int kCheckpointSteps = 4096;
}  // namespace

bool Simulation::can_coast(const Job& job) const { return coast_ && runs_free(job); }

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
    return s.comm ? start + s.gbit / job.plan.peak_gbps : start + s.seconds;
}

// Moves a cursor at time t to a step that takes time, as begin_step and start_iteration
// would (empty transfers skipped, a new iteration started at once). True: the job is done.
bool Simulation::settle_cursor(const Job& job, double& t, long long& done, int& step, double& iteration_start) const {
    const int n = static_cast<int>(job.plan.steps.size());
    while (true) {
        if (step >= n) {
            if (++done >= job.iterations) return true;
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
    if (settle_cursor(job, job.coast_t, job.done, job.step, job.iteration_start_s)) {
        stop_coasting(job, false);
        return finish_job(job);
    }
    push_checkpoint(job);
}

void Simulation::push_checkpoint(Job& job) {
    double t = job.coast_t, start = job.iteration_start_s;
    long long done = job.done;
    int step = job.step;
    for (int k = 0; k < kCheckpointSteps; ++k) {
        t = step_end(job, step, t, start);
        ++step;
        if (settle_cursor(job, t, done, step, start)) break;
    }
    timers_.push({t, seq_++, job.spec->id, job.epoch, job.coast_version});
}

void Simulation::on_checkpoint(Job& job) {
    coast_to(job, now_);
    if (job.done < job.iterations) return push_checkpoint(job);
    stop_coasting(job, false);
    finish_job(job);
}

void Simulation::coast_to(Job& job, double t) {
    while (job.done < job.iterations) {
        const double end = step_end(job, job.step, job.coast_t, job.iteration_start_s);
        const Step& s = job.plan.steps[job.step];
        if (s.comm) {
            // Carried at the cap on each link it crosses (the network keeps it out: no constraint).
            const double until = std::min(end, t);
            if (until > job.coast_metered_s)
                for (auto [l, hops] : job.up_links)
                    meter_.add_carried(l, job.plan.peak_gbps * hops * (until - job.coast_metered_s));
            job.coast_metered_s = std::max(job.coast_metered_s, until);
        }
        if (end > t) return;
        job.coast_t = job.coast_metered_s = end;
        ++job.step;
        ++result_.coasted_steps;
        if (settle_cursor(job, job.coast_t, job.done, job.step, job.iteration_start_s)) return;
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
    coast_to(job, now_);
    job.coasting = false;
    ++job.coast_version;
    coasting_.erase(std::find(coasting_.begin(), coasting_.end(), job.spec->id));
    if (!resume || job.done >= job.iterations) return;
    const Step& s = job.plan.steps[job.step];
    if (s.until) return push(job, step_end(job, job.step, job.coast_t, job.iteration_start_s));
    if (!s.comm) return push(job, job.coast_t + s.seconds);
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
