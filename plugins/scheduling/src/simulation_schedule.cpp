// Scheduling decisions: which jobs hold GPUs, where they go, and (with CASSINI) which of
// several equally good placements fits the network best and what time shifts follow.
#include "simulation.hpp"

#include <algorithm>
#include <set>

namespace sextant::scheduling {

double Simulation::attained_gpu_s(const Job& job) const {
    double run = job.running_s + (job.state == State::Running ? now_ - job.run_since_s : 0.0);
    return run * job.spec->gpus;
}

void Simulation::schedule(bool round) {
    std::vector<JobView> views;
    views.reserve(active_.size());
    for (int id : active_) {
        const Job& j = jobs_[id];
        double left = static_cast<double>(j.spec->iterations - j.done) * j.estimate_iteration_s;
        views.push_back({id, j.spec->arrival_s, j.spec->gpus, left,
                         static_cast<double>(j.spec->iterations) * j.estimate_iteration_s, attained_gpu_s(j)});
    }
    const std::vector<int> order = priority_order(config_.policy, views, now_, config_.policy_config);
    bool changed = false;
    std::set<int> wanted, preempted;
    if (round && preemptive(config_.policy)) {
        // The jobs the policy wants running, by GPU count; the rest give their GPUs back.
        int budget = topo_.total_gpus();
        for (int id : order)
            if (jobs_[id].spec->gpus <= budget) wanted.insert(id), budget -= jobs_[id].spec->gpus;
        for (int id : order)
            if (jobs_[id].state == State::Running && !wanted.count(id)) {
                preempt(jobs_[id]);
                preempted.insert(id);
                changed = true;
            }
    }
    // Wanted jobs first, in priority order; then backfill whatever still fits.
    for (int pass = 0; pass < 2; ++pass)
        for (int id : order) {
            Job& j = jobs_[id];
            if (j.state != State::Waiting || preempted.count(id)) continue;
            if (round && preemptive(config_.policy) && (pass == 0) != (wanted.count(id) > 0)) continue;
            if (pass == 1 && !(round && preemptive(config_.policy))) continue;
            if (try_place(j)) changed = true;
        }
    if (changed && config_.cassini && config_.time_shifts) realign();
}

double Simulation::score_placement(const Job& job, const LinkUse& links, const Pattern& pattern) {
    std::vector<PlacedJob> placed;
    for (int id : active_) {
        const Job& o = jobs_[id];
        if (o.state == State::Running && !o.pattern.phases.empty()) placed.push_back({id, &o.pattern, &o.links});
    }
    placed.push_back({job.spec->id, &pattern, &links});
    return cassini_.plan(placed, {}).mean_score(&links);
}

bool Simulation::try_place(Job& job) {
    const int gpus = job.spec->gpus;
    if (topo_.total_gpus() - used_gpus_ < gpus) return false;
    const int count = config_.cassini ? config_.candidates : 1;
    std::vector<Placement> candidates = placement_candidates(topo_, free_gpus_, gpus, config_.placement, count, rng_);
    if (candidates.empty()) return false;
    size_t best = 0;
    double best_score = 1.0;
    bool network = false;
    for (size_t c = 0; c < candidates.size(); ++c) {
        LinkUse links = topo_.ring_links(candidates[c].server_ids());
        if (links.empty()) continue;  // one server: nothing to rank on
        network = true;
        IterationPlan plan = plan_iteration(*job.profile, static_cast<int>(candidates[c].servers.size()),
                                            topo_.config().nic_gbps);
        Pattern pattern = plan.pattern(job.spec->name);
        double score = score_placement(job, links, pattern);
        if (c == 0 || score > best_score + 1e-9) best = c, best_score = score;
        if (!config_.cassini) break;
    }
    if (network) placement_scores_.push_back(best_score), ++result_.placements_scored;
    place(job, candidates[best]);
    return true;
}

void Simulation::place(Job& job, const Placement& where) {
    job.state = State::Running;
    job.placement = where;
    for (auto [s, g] : where.servers) free_gpus_[s] -= g;
    used_gpus_ += job.spec->gpus;
    job.links = topo_.ring_links(where.server_ids());
    job.plan = plan_iteration(*job.profile, static_cast<int>(where.servers.size()), topo_.config().nic_gbps);
    job.pattern = job.plan.pattern(job.spec->name);
    job.run_since_s = now_;
    if (job.first_start_s < 0) job.first_start_s = now_;
    job.step = -1;
    job.alignment_done = false;
    job.anchored = false;
    ++job.epoch;
    push(job, now_ + config_.restart_s);
}

void Simulation::preempt(Job& job) {
    leave_comm(job);
    for (auto [s, g] : job.placement.servers) free_gpus_[s] += g;
    used_gpus_ -= job.spec->gpus;
    job.running_s += now_ - job.run_since_s;
    job.state = State::Waiting;
    job.step = -1;  // the iteration in flight is lost; it resumes from the last finished one
    job.anchored = false;
    ++job.epoch;
    ++job.preemptions;
}

// Re-plans time shifts for all running jobs. Jobs already aligned serve as references,
// oldest first, so an unchanged part of the cluster keeps its phases.
void Simulation::realign() {
    std::vector<PlacedJob> placed;
    std::vector<int> refs;
    for (int id : active_) {
        const Job& j = jobs_[id];
        if (j.state == State::Running && !j.pattern.phases.empty()) placed.push_back({id, &j.pattern, &j.links});
    }
    for (const PlacedJob& p : placed) refs.push_back(p.id);
    std::stable_sort(refs.begin(), refs.end(), [&](int a, int b) {
        const Job &x = jobs_[a], &y = jobs_[b];
        if (x.anchored != y.anchored) return x.anchored;
        return x.first_start_s < y.first_start_s;
    });
    CassiniPlan plan = cassini_.plan(placed, refs);
    result_.loops += plan.shifts.loops;
    result_.broken_links += static_cast<int>(plan.shifts.broken_links.size());
    std::set<int> in_plan;
    for (const auto& [id, ref] : plan.shifts.reference) {
        if (id != ref) continue;
        Job& r = jobs_[ref];
        if (!r.anchored) {
            // A new component: its reference keeps its current phase.
            r.anchored = true;
            r.anchor_s = r.iteration_start_s >= r.run_since_s ? r.iteration_start_s : now_ + config_.restart_s;
        }
    }
    for (const auto& [id, shift_ms] : plan.shifts.shift_ms) {
        Job& j = jobs_[id];
        in_plan.insert(id);
        if (id == plan.shifts.reference.at(id)) continue;
        j.anchored = true;
        j.anchor_s = jobs_[plan.shifts.reference.at(id)].anchor_s + shift_ms * 1e-3;
    }
    for (const PlacedJob& p : placed)
        if (!in_plan.count(p.id)) jobs_[p.id].anchored = false;  // no constrained link: runs free
}

}  // namespace sextant::scheduling
