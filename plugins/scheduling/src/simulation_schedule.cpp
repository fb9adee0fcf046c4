// Scheduling decisions: which jobs hold GPUs, where they go, and (with CASSINI) which of
// several equally good placements fits the network best and what time shifts follow.
#include "simulation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace sextant::scheduling {

double Simulation::attained_gpu_s(const Job& job) const {
    double run = job.running_s + (job.state == State::Running ? now_ - job.run_since_s : 0.0);
    return run * job.gpus;
}

std::optional<Placement> Simulation::base_placement(const std::vector<int>& free_gpus, int gpus) {
    return config_.placement == PlacementKind::Packed ? packed_placement(topo_, free_gpus, gpus)
                                                      : random_placement(topo_, free_gpus, gpus, rng_);
}

void Simulation::schedule(bool round) {
    coast_all_to(now_);  // the policies read progress (`done`); realign reads iteration starts
    bool changed = false;
    const bool pollux = config_.policy == Policy::Pollux;
    std::vector<int> order;
    if (pollux) {
        order = pollux_round(round, changed);
    } else {
        std::vector<JobView> views;
        views.reserve(active_.size());
        for (int id : active_) {
            const Job& j = jobs_[id];
            double left = static_cast<double>(j.iterations - j.done) * j.estimate_iteration_s;
            views.push_back({id, j.spec->arrival_s, j.gpus, left,
                             static_cast<double>(j.iterations) * j.estimate_iteration_s, attained_gpu_s(j)});
        }
        order = priority_order(config_.policy, views, now_, config_.policy_config);
    }
    const bool preempting = !pollux && round && preemptive(config_.policy);
    std::set<int> wanted, preempted;
    if (preempting) {
        // The jobs the policy wants running, by GPU count; the rest give their GPUs back.
        int budget = topo_.total_gpus();
        for (int id : order)
            if (jobs_[id].gpus <= budget) wanted.insert(id), budget -= jobs_[id].gpus;
        for (int id : order)
            if (jobs_[id].state == State::Running && !wanted.count(id)) {
                preempt(jobs_[id]);
                preempted.insert(id);
                changed = true;
            }
    }
    // The batch to start: wanted jobs first, in priority order; then backfill what still fits.
    std::vector<int> batch;
    std::vector<Placement> base;
    std::vector<int> free = free_gpus_;
    for (int pass = 0; pass < (preempting ? 2 : 1); ++pass)
        for (int id : order) {
            const Job& j = jobs_[id];
            if (j.state != State::Waiting || preempted.count(id)) continue;
            if (preempting && (pass == 0) != (wanted.count(id) > 0)) continue;
            auto p = base_placement(free, j.gpus);
            if (!p) continue;
            for (auto [s, g] : p->servers) free[s] -= g;
            batch.push_back(id);
            base.push_back(*p);
        }
    if (!batch.empty()) {
        std::vector<Placement> where = choose_placements(batch, base);
        for (size_t i = 0; i < batch.size(); ++i) place(jobs_[batch[i]], where[i]);
        changed = true;
    }
    if (changed && config_.cassini && config_.time_shifts) realign();
}

// Pollux-like (pollux.hpp, pollux_search.hpp): Pollux's search for the allocation, or the
// greedy one; a running job whose allocation changes gives its GPUs back and is resized; the
// jobs to place, largest first (packed placement finds room for them before the small ones
// fragment it).
std::vector<int> Simulation::pollux_round(bool round, bool& changed) {
    if (round && config_.pollux.noise_growth != 1)
        for (int id : active_) grow_noise(jobs_[id]);
    std::vector<ElasticJob> views;
    for (int id : active_) {
        const Job& j = jobs_[id];
        views.push_back({id, &j.elastic, j.state == State::Running ? j.gpus : 0, now_ - j.spec->arrival_s,
                         j.preemptions, attained_gpu_s(j)});
    }
    const std::map<int, int> alloc = config_.pollux.search == PolluxSearchKind::Genetic
                                         ? pollux_.allocate(views, topo_.total_gpus(), round, config_.restart_s)
                                         : pollux_allocation(views, topo_.total_gpus(), round);
    std::vector<int> order;
    for (int id : active_) {
        Job& j = jobs_[id];
        const int gpus = alloc.at(id);
        if (j.state == State::Running) {
            if (gpus == j.gpus) continue;
            preempt(j);
            changed = true;
        }
        if (gpus == 0) continue;
        if (gpus != j.gpus) resize(j, gpus);
        order.push_back(id);
    }
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return jobs_[a].gpus > jobs_[b].gpus; });
    return order;
}

// Pollux: the iterations done since the last count, in iterations of its request (what
// noise growth converts).
void Simulation::count_progress(Job& job) {
    job.progress += static_cast<double>(job.done - job.converted_at) * job.elastic.progress_at(job.gpus);
    job.converted_at = job.done;
}

// Its phi follows its progress (pollux_noise_growth): its choices at the phi it has now, and
// its remaining work in iterations at that phi. Once per round: in between, phi stays.
void Simulation::grow_noise(Job& job) {
    count_progress(job);
    PolluxConfig now = config_.pollux;
    now.noise_scale = noise_scale_at(config_.pollux, job.progress / static_cast<double>(job.spec->iterations));
    job.elastic = elastic_choices(*job.profile, job.spec->gpus, topo_.gpus_per_server(), topo_.config().nic_gbps,
                                  topo_.total_gpus(), now);
    const double left =
        std::max(0.0, static_cast<double>(job.spec->iterations) - job.progress) / job.elastic.progress_at(job.gpus);
    const long long iterations = job.done + std::max<long long>(1, static_cast<long long>(std::ceil(left - 1e-9)));
    if (iterations == job.iterations) return;
    stop_coasting(job);  // its count of iterations changes under it
    job.iterations = iterations;
}

// Its remaining work in iterations of the size it asked for, converted to the new size.
void Simulation::resize(Job& job, int gpus) {
    const double left = static_cast<double>(job.iterations - job.done) * job.elastic.progress_at(job.gpus) /
                        job.elastic.progress_at(gpus);
    count_progress(job);  // the work done so far, at the size it had (read under noise growth)
    job.iterations = job.done + std::max<long long>(1, static_cast<long long>(std::ceil(left - 1e-9)));
    job.gpus = gpus;
    job.estimate_iteration_s =
        consolidated_iteration_seconds(*job.profile, gpus, topo_.gpus_per_server(), topo_.config().nic_gbps);
}

// Mean realised compatibility of the constrained links the batch touches, with the jobs
// already running; 1 when it touches none. `loops`: loops in the affinity graph (with
// stop_at_loop, a graph with one is not scored: only `loops` is set). CASSINI
// sees up links only: a ring loads each down link exactly as its up twin, and twins would
// count as loops.
double Simulation::score_batch(const std::vector<int>& batch, const std::vector<Placement>& where, bool& network,
                               int& loops, bool stop_at_loop) {
    std::vector<PlacedJob> placed;
    for (int id : active_) {
        const Job& o = jobs_[id];
        if (o.state == State::Running && !o.pattern.phases.empty()) placed.push_back({id, &o.pattern, &o.up_links});
    }
    std::vector<LinkUse> links(batch.size());
    std::vector<Pattern> patterns(batch.size());
    std::set<std::pair<int, int>> touched;
    for (size_t i = 0; i < batch.size(); ++i) {
        const Job& j = jobs_[batch[i]];
        links[i] = Topology::up_half(topo_.ring_links(where[i].server_ids()));
        if (links[i].empty()) continue;
        patterns[i] = plan_iteration(*j.profile, static_cast<int>(where[i].servers.size()), topo_.config().nic_gbps)
                          .pattern(j.spec->name);
        placed.push_back({batch[i], &patterns[i], &links[i]});
        for (auto [l, h] : links[i]) touched.insert({l, 1});
    }
    network = !touched.empty();
    loops = 0;
    if (!network) return 1.0;
    LinkUse among(touched.begin(), touched.end());
    PlanOptions options;
    options.realised_on = &among;
    options.stop_at_loop = stop_at_loop;
    CassiniPlan plan = cassini_.plan(placed, {}, options);
    loops = plan.shifts.loops;
    return plan.mean_score(&among);
}

// CASSINI's integration with the host scheduler: besides the host's own placement of the
// batch, draw candidates in which every job takes a placement equally good by the host's
// measure, and keep the most compatible. Without CASSINI the host's placement is scored
// only for reporting.
std::vector<Placement> Simulation::choose_placements(const std::vector<int>& batch,
                                                     const std::vector<Placement>& base) {
    bool network = false;
    int loops = 0;
    double best_score = score_batch(batch, base, network, loops);
    std::vector<Placement> best = base;
    bool moved = false;
    const bool skip_loops = config_.cassini && config_.cassini_config.loop_policy == LoopPolicy::Skip;
    // Under skip, the host's placement with a loop is kept only if no candidate is loop-free.
    double base_score = best_score;
    if (skip_loops && network && loops > 0) best_score = -std::numeric_limits<double>::infinity(), ++result_.loop_skips;
    if (config_.cassini && network) {
        for (int k = 1; k < config_.candidates; ++k) {
            std::vector<int> free = free_gpus_;
            std::vector<Placement> cand;
            for (int id : batch) {
                auto options = placement_candidates(topo_, free, jobs_[id].gpus, config_.placement,
                                                    config_.placement_options, rng_);
                if (options.empty()) break;
                const Placement& p = options[rng_.below(options.size())];
                for (auto [s, g] : p.servers) free[s] -= g;
                cand.push_back(p);
            }
            if (cand.size() != batch.size()) continue;  // fragmentation: this draw cannot place everyone
            bool unused = false;
            double score = score_batch(batch, cand, unused, loops, skip_loops);
            if (loops > 0 && skip_loops) {
                ++result_.loop_skips;  // the paper: a candidate whose affinity graph has a loop is skipped
                continue;
            }
            if (score > best_score + 1e-9) best_score = score, best = std::move(cand), moved = true;
        }
    }
    if (!moved) best_score = base_score;
    if (network) {
        placement_scores_.push_back(best_score);
        ++result_.placements_scored;
        if (moved) ++result_.placements_moved;
    }
    return best;
}

void Simulation::place(Job& job, const Placement& where) {
    job.state = State::Running;
    job.placement = where;
    for (auto [s, g] : where.servers) free_gpus_[s] -= g;
    used_gpus_ += job.gpus;
    job.links = topo_.ring_links(where.server_ids());
    job.up_links = Topology::up_half(job.links);
    job.plan = plan_iteration(*job.profile, static_cast<int>(where.servers.size()), topo_.config().nic_gbps);
    job.pattern = job.plan.pattern(job.spec->name);
    if (packet()) packet_pattern(job);
    if (free_runs_ && job.plan.uses_network()) {
        // Its peak joins its links' placed load: a coasting neighbour whose link can now
        // fill steps as events again, from now.
        placed_load(job, true);
        for (auto [l, hops] : job.up_links)
            for (int id : std::vector<int>(placed_on_[l]))
                if (jobs_[id].coasting && !can_coast(jobs_[id])) stop_coasting(jobs_[id]);
    }
    job.run_since_s = now_;
    if (job.first_start_s < 0) job.first_start_s = now_;
    job.step = -1;
    job.alignment_done = false;
    job.anchored = false;
    ++job.epoch;
    ++job.phase_version;
    packet_dirty_ = true;
    push(job, now_ + config_.restart_s);
}

void Simulation::preempt(Job& job) {
    stop_coasting(job, false);
    if (free_runs_ && job.plan.uses_network()) placed_load(job, false);
    leave_comm(job);
    for (auto [s, g] : job.placement.servers) free_gpus_[s] += g;
    used_gpus_ -= job.gpus;
    job.running_s += now_ - job.run_since_s;
    job.state = State::Waiting;
    job.step = -1;  // the iteration in flight is lost; it resumes from the last finished one
    job.anchored = false;
    ++job.epoch;
    ++job.preemptions;
    packet_dirty_ = true;
}

// Re-plans time shifts for all running jobs. Jobs already aligned serve as references,
// oldest first, so an unchanged part of the cluster keeps its phases.
void Simulation::realign() {
    std::vector<PlacedJob> placed;
    std::vector<int> refs;
    for (int id : active_) {
        const Job& j = jobs_[id];
        if (j.state == State::Running && !j.pattern.phases.empty()) placed.push_back({id, &j.pattern, &j.up_links});
    }
    for (const PlacedJob& p : placed) refs.push_back(p.id);
    std::stable_sort(refs.begin(), refs.end(), [&](int a, int b) {
        const Job &x = jobs_[a], &y = jobs_[b];
        if (x.anchored != y.anchored) return x.anchored;
        return x.first_start_s < y.first_start_s;
    });
    const LinkUse no_scores;  // the shifts only
    PlanOptions options;
    options.realised_on = &no_scores;
    CassiniPlan plan = cassini_.plan(placed, refs, options);
    struct Grid {
        bool anchored;
        int reference;
        double anchor_s, period_s;
        bool operator==(const Grid&) const = default;
    };
    std::vector<Grid> before;
    for (const PlacedJob& p : placed) {
        const Job& j = jobs_[p.id];
        before.push_back({j.anchored, j.reference, j.anchor_s, j.kept_period_s});
    }
    result_.loops += plan.shifts.loops;
    result_.broken_links += static_cast<int>(plan.shifts.broken_links.size());
    result_.truncated_circles += plan.truncated_circles;
    result_.worst_period_error = std::max(result_.worst_period_error, plan.worst_period_error);
    for (const PlacedJob& p : placed) jobs_[p.id].anchored = false;  // no constrained link: runs free
    for (const auto& [id, ref] : plan.shifts.reference) {
        if (id != ref) continue;
        // A reference restarts its grid at its current iteration (or its first, after a restart).
        Job& r = jobs_[ref];
        const bool started = r.iteration_start_s >= r.run_since_s;
        r.anchor_s = started ? r.iteration_start_s : now_ + config_.restart_s;
        // Between iterations `done` already counts the one that started at iteration_start_s.
        r.anchor_done = started && r.step < 0 ? r.done - 1 : r.done;
        r.slip_s = 0;
    }
    for (const auto& [id, shift_ms] : plan.shifts.shift_ms) {
        Job& j = jobs_[id];
        j.reference = plan.shifts.reference.at(id);
        if (id != j.reference) j.anchor_s = jobs_[j.reference].anchor_s + shift_ms * 1e-3;
        j.kept_period_s = plan.period_ms.at(id) * 1e-3;
        j.anchored = true;
        j.aligned_iterations = j.realigned = 0;
    }
    for (size_t k = 0; k < placed.size(); ++k) {  // a new grid is a new phase in its shared sets
        Job& j = jobs_[placed[k].id];
        if (!(before[k] == Grid{j.anchored, j.reference, j.anchor_s, j.kept_period_s})) ++j.phase_version;
    }
    for (int id : std::vector<int>(coasting_))
        if (jobs_[id].anchored) stop_coasting(jobs_[id]);  // it keeps a shift: its iteration starts wait
}

}  // namespace sextant::scheduling
