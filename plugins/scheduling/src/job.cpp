#include "scheduling/job.hpp"

#include <algorithm>
#include <stdexcept>

namespace sextant::scheduling {

void validate(const Pattern& p) {
    std::string who = "job '" + p.name + "'";
    if (!(p.iteration_ms > 0)) throw std::invalid_argument(who + ": iteration_ms must be positive");
    for (size_t i = 0; i < p.phases.size(); ++i) {
        const Phase& ph = p.phases[i];
        std::string at = who + ": phases[" + std::to_string(i) + "]";
        if (!(ph.start_ms >= 0)) throw std::invalid_argument(at + ".start_ms must be >= 0");
        if (!(ph.duration_ms >= 0)) throw std::invalid_argument(at + ".duration_ms must be >= 0");
        if (!(ph.gbps >= 0)) throw std::invalid_argument(at + ".gbps must be >= 0");
        if (ph.start_ms + ph.duration_ms > p.iteration_ms * (1 + 1e-9))
            throw std::invalid_argument(at + " ends at " + std::to_string(ph.start_ms + ph.duration_ms) +
                                        " ms, past the iteration (" + std::to_string(p.iteration_ms) + " ms)");
    }
}

namespace {
// Where a step ends when it starts at `t` of an iteration that started at 0, its transfer at
// peak rate / stretch.
double ideal_end(const Step& s, double t, double peak_gbps, double stretch = 1.0) {
    if (s.comm) return t + s.gbit / peak_gbps * stretch;
    return s.until ? std::max(t, s.seconds) : t + s.seconds;
}
}  // namespace

double IterationPlan::ideal_seconds() const {
    double t = 0;
    for (const Step& s : steps) t = ideal_end(s, t, peak_gbps);
    return t;
}

double IterationPlan::comm_gbit() const {
    double g = 0;
    for (const Step& s : steps) g += s.comm ? s.gbit : 0;
    return g;
}

double IterationPlan::exposed_compute_seconds() const {
    // Summed step by step, so a plan of compute and transfers alone gives its compute exactly.
    double t = 0, exposed = 0;
    for (const Step& s : steps) {
        const double end = ideal_end(s, t, peak_gbps);
        if (!s.comm) exposed += s.until ? end - t : s.seconds;
        t = end;
    }
    return exposed;
}

bool IterationPlan::uses_network() const {
    return std::any_of(steps.begin(), steps.end(), [](const Step& s) { return s.comm && s.gbit > 0; });
}

Pattern IterationPlan::pattern(const std::string& name, double stretch) const {
    Pattern p{name, 0, {}};
    double t = 0;
    for (const Step& s : steps) {
        const double end = ideal_end(s, t, peak_gbps, stretch);
        if (s.comm && end > t) p.phases.push_back({t * 1e3, (end - t) * 1e3, peak_gbps / stretch});
        t = end;
    }
    p.iteration_ms = t * 1e3;
    return p;
}

double consolidated_iteration_seconds(const ModelProfile& profile, int gpus, int gpus_per_server, double nic_gbps) {
    return plan_iteration(profile, (gpus + gpus_per_server - 1) / gpus_per_server, nic_gbps).ideal_seconds();
}

IterationPlan plan_iteration(const ModelProfile& profile, int servers, double nic_gbps) {
    IterationPlan plan;
    plan.peak_gbps = profile.max_gbps > 0 ? std::min(profile.max_gbps, nic_gbps) : nic_gbps;
    const double s = servers;
    // Ring all-reduce: each hop carries 2(S-1)/S of the buffer (reduce-scatter + all-gather).
    const double grad_gbit =
        profile.parameters_millions * 1e6 * profile.gradient_bytes * 8e-9 / profile.pipeline_stages;
    double compute_before_ms = 0;  // a backward segment's offset in the iteration
    bool only_compute_before = true;
    for (const ProfileSegment& seg : profile.iteration) {
        switch (seg.kind) {
        case ProfileSegment::Kind::Compute: plan.steps.push_back({false, seg.value * 1e-3, 0}); break;
        case ProfileSegment::Kind::AllReduce:
            if (servers > 1) plan.steps.push_back({true, 0, seg.value * grad_gbit * 2 * (s - 1) / s});
            break;
        case ProfileSegment::Kind::Transfer:
            if (servers > 1) plan.steps.push_back({true, 0, seg.value * 8e-3});
            break;
        case ProfileSegment::Kind::Backward: {
            if (!only_compute_before)
                throw std::invalid_argument("model '" + profile.name +
                                            "': a backward segment must come before any allreduce, transfer or "
                                            "other backward segment");
            double ready_ms = compute_before_ms;  // when the bucket's gradients are ready
            if (servers == 1) {                   // no network: the buckets' compute back to back
                double ms = 0;
                for (const BackwardBucket& k : seg.buckets) ms += k.compute_ms;
                plan.steps.push_back({false, ms * 1e-3, 0});
                break;
            }
            for (const BackwardBucket& k : seg.buckets) {
                ready_ms += k.compute_ms;
                plan.steps.push_back({false, ready_ms * 1e-3, 0, true});
                plan.steps.push_back({true, 0, k.gradients * grad_gbit * 2 * (s - 1) / s});
            }
            break;
        }
        }
        if (seg.kind == ProfileSegment::Kind::Compute) compute_before_ms += seg.value;
        else only_compute_before = false;
    }
    if (plan.steps.empty() || plan.ideal_seconds() <= 0)
        throw std::invalid_argument("model '" + profile.name + "': an iteration takes no time");
    return plan;
}

}  // namespace sextant::scheduling
