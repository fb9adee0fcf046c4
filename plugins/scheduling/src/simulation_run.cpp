#include "simulation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

namespace sextant::scheduling {

namespace {
std::vector<double> capacities(const Topology& t) {
    std::vector<double> c;
    for (const Link& l : t.links()) c.push_back(l.capacity_gbps);
    return c;
}

// The meter follows up links only (a down link carries exactly what its up twin does);
// timeline bins reach the caller with each down link filled in from its twin.
TimelineSink with_down_links(TimelineSink sink) {
    if (!sink) return sink;
    return [sink](double start, double end, const std::vector<double>& utilisation, const std::vector<double>& excess) {
        std::vector<double> u = utilisation, e = excess;
        for (size_t l = 1; l < u.size(); l += 2) u[l] = u[l - 1], e[l] = e[l - 1];
        sink(start, end, u, e);
    };
}
}  // namespace

Simulation::Simulation(const std::vector<JobSpec>& jobs, const ProfileTable& profiles, const SimConfig& config,
                       const SimHooks& hooks)
    : config_(config),
      hooks_(hooks),
      topo_(config.topology),
      net_(config.network_contention ? capacities(topo_) : std::vector<double>(topo_.links().size(), 1e15),
           config.fast_network, config.fast_network ? config.whole_fabric_links : SIZE_MAX, config.partial_resolve),
      meter_(capacities(topo_), config.timeline_bin_s, with_down_links(hooks.timeline)),
      cassini_(config.cassini_config, capacities(topo_)),
      rng_(config.seed),
      pollux_(config.pollux, config.seed ^ 0xd1b54a32d192ed03ULL),  // its own stream: placements draw as before
      free_gpus_(topo_.servers(), topo_.gpus_per_server()) {
    net_capacity_ = config.network_contention ? capacities(topo_) : std::vector<double>(topo_.links().size(), 1e15);
    if (!(config.round_s > 0)) throw std::invalid_argument("simulation: round_s must be positive");
    if (!(config.restart_s >= 0)) throw std::invalid_argument("simulation: restart_s must be >= 0");
    if (config.candidates < 1) throw std::invalid_argument("simulation: candidates must be >= 1");
    if (config.placement_options < 1) throw std::invalid_argument("simulation: placement_options must be >= 1");
    if (config.give_up_after < 0) throw std::invalid_argument("simulation: give_up_after must be >= 0");
    const bool shared_sets = !config.packet_fidelity && config.flow_method == FlowMethod::SharedSets;
    if (config.network_contention && (config.packet_fidelity || shared_sets)) {
        if (!config.fast_network)
            throw std::invalid_argument(config.packet_fidelity
                                            ? "simulation: packet fidelity needs fast_network"
                                            : "simulation: flow_method shared-sets needs fast_network");
        packet_ = config.packet_fidelity;
        if (packet_) {
            set_cache_ = std::make_unique<SharedSetCache>(packet_set_cache(config.packet));
        } else {
            config.flow_sets.validate();
            const int horizon = config.flow_sets.horizon_periods;
            set_cache_ = std::make_unique<SharedSetCache>(
                [horizon](const SharedSet& set) { return simulate_shared_set_fluid(set, horizon); },
                config.flow_sets.phase_bins, true);
        }
        packet_carried_.assign(topo_.links().size(), 0.0);
        packet_offered_.assign(topo_.links().size(), 0.0);
        set_excess_.assign(topo_.links().size(), 0.0);
        link_sets_.resize(topo_.links().size());
    }
    // Free jobs' rates are exactly their caps only where the network splits by tight links.
    free_runs_ = config.fast_network && !cached_sets() && topo_.links().size() > config.whole_fabric_links;
    // With flow-level shared sets every job's rate is fixed between placement changes, so
    // every job can coast (simulation_coast.cpp, can_coast).
    const bool fixed_rates = cached_sets() && !packet_;
    if (config.stepping == Stepping::Coast && !free_runs_ && !fixed_rates)
        throw std::invalid_argument(
            "simulation: stepping=coast needs flow fidelity and either flow_method shared-sets or the fast network "
            "path on a fabric of more than whole_fabric_links links");
    coast_ = (free_runs_ || fixed_rates) && config.stepping != Stepping::Iteration;
    whole_iterations_ = coast_ && fixed_rates;
    placed_on_.resize(topo_.links().size());
    placed_load_.assign(topo_.links().size(), 0.0);
    jobs_.resize(jobs.size());
    for (size_t i = 0; i < jobs.size(); ++i) {
        Job& j = jobs_[i];
        j.spec = &jobs[i];
        if (jobs[i].id != static_cast<int>(i))
            throw std::invalid_argument("simulation: job ids must be 0..n-1 in order (job '" + jobs[i].name + "')");
        j.profile = profiles.find(jobs[i].model);
        if (!j.profile)
            throw std::invalid_argument("job '" + jobs[i].name + "': unknown model '" + jobs[i].model + "'");
        if (jobs[i].gpus > topo_.total_gpus())
            throw std::invalid_argument("job '" + jobs[i].name + "' needs " + std::to_string(jobs[i].gpus) +
                                        " GPUs but the cluster has " + std::to_string(topo_.total_gpus()));
        if (jobs[i].gpus < 1 || jobs[i].iterations < 1)
            throw std::invalid_argument("job '" + jobs[i].name + "': needs at least one GPU and one iteration");
        j.gpus = jobs[i].gpus;
        j.iterations = jobs[i].iterations;
        if (config.policy == Policy::Pollux)
            j.elastic = elastic_choices(*j.profile, jobs[i].gpus, topo_.gpus_per_server(), topo_.config().nic_gbps,
                                        topo_.total_gpus(), config.pollux);
        j.estimate_iteration_s =
            consolidated_iteration_seconds(*j.profile, jobs[i].gpus, topo_.gpus_per_server(), topo_.config().nic_gbps);
        arrival_order_.push_back(static_cast<int>(i));
    }
    std::stable_sort(arrival_order_.begin(), arrival_order_.end(),
                     [&](int a, int b) { return jobs[a].arrival_s < jobs[b].arrival_s; });
    next_round_ = config.round_s;
    for (const Link& l : topo_.links()) result_.link_names.push_back(l.name);
}

void Simulation::push(Job& job, double t) { timers_.push({t, seq_++, job.spec->id, job.epoch, 0}); }

void Simulation::advance_to(double t) {
    const double dt = t - now_;
    if (dt > 0) {
        // Coasting jobs' transfers reach the meter before each bin they fall in is emitted.
        for (double end = meter_.bin_end(); coast_ && end <= t; end = meter_.bin_end()) {
            for (int id : coasting_)
                if (jobs_[id].plan.uses_network()) coast_to(jobs_[id], end);
            meter_.advance(end);
        }
        meter_.advance(t);
        if (!config_.fast_network)
            for (size_t i = 0; i < net_.size(); ++i) {
                Job& j = jobs_[net_.owner(static_cast<int>(i))];
                j.remaining_gbit -= j.rate * dt;
            }
        busy_gpu_s_ += used_gpus_ * dt;
    }
    now_ = std::max(now_, t);
}

void Simulation::enter_comm(Job& job) {
    if (cached_sets()) return enter_packet_comm(job);
    job.comm_slot = net_.add(job.spec->id, &job.up_links, job.plan.peak_gbps);
    job.rate = 0;
    job.rate_since_s = now_;
    ++job.comm_version;
}

void Simulation::leave_comm(Job& job) {
    if (job.packet_comm) {
        packet_load(job, -1);
        job.packet_comm = false;
        job.rate = 0;
        ++job.comm_version;
        return;
    }
    if (job.comm_slot < 0) return;
    net_.remove(job.comm_slot);
    if (job.comm_slot < static_cast<int>(net_.size())) jobs_[net_.owner(job.comm_slot)].comm_slot = job.comm_slot;
    job.comm_slot = -1;
    job.rate = 0;
    ++job.comm_version;  // its queued completion, if any, is void
}

// fast_network: progress is brought up to date only when the rate changes, and the
// completion at the new rate goes into the queue.
void Simulation::set_rate(Job& job, double rate) {
    // A transfer that stopped coasting keeps its completion while its rate holds (a flow
    // followed from its start never gets its own rate again: moved() means a change).
    if (rate == job.rate && rate > 0) return;
    job.remaining_gbit -= job.rate * (now_ - job.rate_since_s);
    job.rate_since_s = now_;
    job.rate = rate;
    ++job.comm_version;
    if (rate > 0) comm_done_.push({now_ + std::max(0.0, job.remaining_gbit) / rate, job.spec->id, job.comm_version});
}

double Simulation::next_comm_done() {
    while (!comm_done_.empty() && comm_done_.top().version != jobs_[comm_done_.top().job].comm_version)
        comm_done_.pop();
    return comm_done_.empty() ? std::numeric_limits<double>::infinity() : comm_done_.top().t;
}

// Every flow due within a nanosecond of now finishes now, in job id order; except, where
// free jobs are known, a transfer that runs at its cap by placement (runs_free): it ends
// at its own time, as it does when its job coasts and its end is no event to be pulled
// forward, so coasting and per-iteration stepping give the same times.
void Simulation::finish_comms() {
    std::vector<int> done;
    std::vector<CommDone> own_time;
    while (next_comm_done() <= now_ + 1e-9) {
        const CommDone c = comm_done_.top();
        comm_done_.pop();
        if (c.t > now_ && free_runs_ && runs_free(jobs_[c.job])) own_time.push_back(c);
        else done.push_back(c.job);
    }
    for (const CommDone& c : own_time) comm_done_.push(c);
    std::sort(done.begin(), done.end());
    for (int id : done) finish_comm(jobs_[id]);
}

// Only the components a flow entered or left are re-solved; other jobs keep their rates.
// Rings load each down link exactly as its up twin, so the network solves and meters the
// up links; the down links' figures are their twins' (summarise, with_down_links).
void Simulation::solve_rates() {
    net_.solve([&](int link, double carried, double offered) { meter_.set(link, carried, offered); });
    result_.rate_solves = net_.rate_solves();
    result_.flows_resolved = net_.flows_resolved();
    if (config_.fast_network)
        for (int slot : net_.moved()) set_rate(jobs_[net_.owner(slot)], net_.rate(slot));
    else
        for (size_t i = 0; i < net_.size(); ++i)
            jobs_[net_.owner(static_cast<int>(i))].rate = net_.rate(static_cast<int>(i));
}

// The wait before an iteration due to start at t (after `done` iterations), as the job's
// time-shift agent decides it, and what that does to the agent (slip, re-alignments,
// give-up). count: add the wait and any give-up to the run's totals. start_iteration and
// the coasting replay (settle_cursor) both decide with this.
double Simulation::alignment_wait(const Job& job, double t, long long done, Agent& agent, bool count) {
    if (!(config_.cassini && config_.time_shifts && agent.anchored)) return 0;
    const double period = job.kept_period_s;
    double wait = 0;
    bool realign = false;
    if (job.reference == job.spec->id) {
        // The reference pads to its grid when early; when late, the grid slips with it.
        const double due = job.anchor_s + static_cast<double>(done - job.anchor_done) * period + agent.slip_s;
        if (t < due - 1e-9) wait = due - t;
        else agent.slip_s += t - due;
    } else {
        // Others start within drift_threshold of a grid point anchor + slip + k x period;
        // an early job (padded period) waits for the next grid point; a late one past the
        // threshold waits for the next one too: a re-alignment.
        const double off = wrap(t - job.anchor_s - reference_slip(jobs_[job.reference], t), period);
        if (std::min(off, period - off) > config_.drift_threshold * period) {
            wait = period - off;
            realign = wait > period - job.period_s() + config_.drift_threshold * period + 1e-9;
        }
        ++agent.aligned_iterations;
        if (realign && ++agent.realigned > config_.give_up_after &&
            agent.realigned > config_.give_up_rate * static_cast<double>(agent.aligned_iterations)) {
            agent.anchored = false;  // its phase cannot hold here: run free until the next re-plan
            if (count) ++result_.gave_up;
            return 0;
        }
    }
    if (count && wait > 0) {
        if (realign) ++result_.realignments, result_.realignment_delay_s += wait;
        else result_.padding_s += wait;
    }
    return wait;
}

// An iteration starts; with time shifts on, a job off its assigned phase first waits.
void Simulation::start_iteration(Job& job) {
    if (!job.alignment_done) {
        Agent agent = agent_of(job);
        const double wait = alignment_wait(job, now_, job.done, agent, true);
        keep(job, agent);
        if (wait > 0) {
            job.alignment_done = true;
            push(job, now_ + wait);
            return;
        }
    }
    job.alignment_done = false;
    job.iteration_start_s = now_;
    job.step = 0;
    begin_step(job);
}

void Simulation::begin_step(Job& job) {
    while (true) {
        if (job.step >= static_cast<int>(job.plan.steps.size())) {
            if (++job.done >= job.iterations) return finish_job(job);
            job.step = -1;
            return start_iteration(job);
        }
        if (coast_ && can_coast(job)) return start_coasting(job);
        const Step& s = job.plan.steps[job.step];
        if (s.until) {  // waits for the backward pass; no event when it is already there
            const double end = std::max(now_, job.iteration_start_s + s.seconds);
            if (end > now_) return push(job, end);
            ++job.step;
            continue;
        }
        if (!s.comm) return push(job, now_ + s.seconds);
        if (s.gbit > 0) {
            job.remaining_gbit = s.gbit;
            return enter_comm(job);
        }
        ++job.step;  // an empty transfer
    }
}

void Simulation::on_timer(Job& job) {
    if (job.step < 0) return start_iteration(job);  // restart finished, or alignment wait over
    ++job.step;
    begin_step(job);
}

void Simulation::finish_comm(Job& job) {
    if (job.packet_comm) packet_comm_done(job);
    leave_comm(job);
    ++job.step;
    begin_step(job);
}

void Simulation::finish_job(Job& job) {
    if (free_runs_ && job.plan.uses_network()) placed_load(job, false);
    job.state = State::Done;
    job.finish_s = now_;
    job.running_s += now_ - job.run_since_s;
    for (auto [s, g] : job.placement.servers) free_gpus_[s] += g;
    used_gpus_ -= job.gpus;
    job.anchored = false;
    packet_dirty_ = true;
    active_.erase(std::find(active_.begin(), active_.end(), job.spec->id));
    ++finished_;
    freed_ = true;
    if (hooks_.progress &&
        (finished_ % std::max<size_t>(1, jobs_.size() / 100) == 0 || finished_ == static_cast<int>(jobs_.size())))
        hooks_.progress(static_cast<double>(finished_) / jobs_.size());
}

SimResult Simulation::run() {
    constexpr double kInf = std::numeric_limits<double>::infinity();
    const int total = static_cast<int>(jobs_.size());
    long long loops = 0;
    while (finished_ < total) {
        if ((++loops & 1023) == 0 && hooks_.cancelled && hooks_.cancelled()) {
            result_.cancelled = true;
            break;
        }
        if (packet_dirty_ && cached_sets()) update_shared_sets();
        if (net_.dirty()) solve_rates();
        double t_timer = timers_.empty() ? kInf : timers_.top().t;
        double t_comm = config_.fast_network ? next_comm_done() : kInf;
        int first_comm = -1;
        for (size_t i = 0; i < (config_.fast_network ? 0 : net_.size()); ++i) {
            const int id = net_.owner(static_cast<int>(i));
            const Job& j = jobs_[id];
            if (j.rate > 0) {
                double t = now_ + std::max(0.0, j.remaining_gbit) / j.rate;
                if (t < t_comm) t_comm = t, first_comm = id;
            }
        }
        double t_arrival =
            next_arrival_ < arrival_order_.size() ? jobs_[arrival_order_[next_arrival_]].spec->arrival_s : kInf;
        double t_round = preemptive(config_.policy) && !active_.empty() ? next_round_ : kInf;
        double t = std::min({t_timer, t_comm, t_arrival, t_round});
        if (t == kInf) throw std::logic_error("simulation stalled with jobs unfinished");
        advance_to(t);
        ++result_.events;

        if (t == t_comm && config_.fast_network) {
            finish_comms();
        } else if (t == t_comm) {
            // Every flow within a nanosecond of done finishes now (the first one always).
            std::vector<int> done;
            for (size_t i = 0; i < net_.size(); ++i) {
                const int id = net_.owner(static_cast<int>(i));
                const Job& j = jobs_[id];
                if (id == first_comm || j.remaining_gbit <= std::max(1e-9, j.rate * 1e-9)) done.push_back(id);
            }
            std::sort(done.begin(), done.end());
            for (int id : done) finish_comm(jobs_[id]);
        }
        while (!timers_.empty() && timers_.top().t <= now_) {
            Event e = timers_.top();
            timers_.pop();
            Job& j = jobs_[e.job];
            if (e.epoch != j.epoch || j.state != State::Running) continue;
            if (e.coast == 0) on_timer(j);
            else if (j.coasting && e.coast == j.coast_version) on_checkpoint(j);
        }
        bool fill = false, round = false;
        while (next_arrival_ < arrival_order_.size() && jobs_[arrival_order_[next_arrival_]].spec->arrival_s <= now_) {
            Job& j = jobs_[arrival_order_[next_arrival_++]];
            j.state = State::Waiting;
            active_.insert(std::upper_bound(active_.begin(), active_.end(), j.spec->id), j.spec->id);
            fill = true;
        }
        if (now_ >= next_round_) {
            round = true;
            while (next_round_ <= now_) next_round_ += config_.round_s;
        }
        if (fill || round || freed_) {
            freed_ = false;
            schedule(round);
        }
    }
    coast_all_to(now_);  // a cancelled run's coasting jobs, metered up to now
    meter_.advance(now_);
    meter_.flush();
    return summarise();
}

}  // namespace sextant::scheduling
