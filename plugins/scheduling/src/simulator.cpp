#include "scheduling/simulator.hpp"

#include "simulation.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace sextant::scheduling {

Stepping parse_stepping(const std::string& text) {
    if (text == "auto") return Stepping::Auto;
    if (text == "iteration") return Stepping::Iteration;
    if (text == "coast") return Stepping::Coast;
    throw std::invalid_argument("stepping: expected auto, iteration or coast, got '" + text + "'");
}

FlowMethod parse_flow_method(const std::string& text) {
    if (text == "max-min") return FlowMethod::MaxMin;
    if (text == "shared-sets") return FlowMethod::SharedSets;
    throw std::invalid_argument("flow_method: expected max-min or shared-sets, got '" + text + "'");
}

double quantile(std::vector<double> v, double p) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    double pos = std::clamp(p, 0.0, 1.0) * (v.size() - 1);
    size_t lo = static_cast<size_t>(std::floor(pos));
    size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

SimResult Simulation::summarise() {
    SimResult& r = result_;
    std::vector<double> jct;
    for (const Job& j : jobs_) {
        JobResult out;
        out.id = j.spec->id;
        out.name = j.spec->name;
        out.model = j.spec->model;
        out.gpus = j.spec->gpus;
        out.arrival_s = j.spec->arrival_s;
        out.first_start_s = j.first_start_s;
        out.finish_s = j.finish_s;
        out.iterations = j.spec->iterations;
        out.preemptions = j.preemptions;
        out.ideal_iteration_s = j.estimate_iteration_s;
        out.running_s = j.running_s;
        out.servers = j.placement.server_ids();
        if (j.state == State::Done) jct.push_back(out.jct_s()), r.makespan_s = std::max(r.makespan_s, j.finish_s);
        r.jobs.push_back(out);
    }
    if (!jct.empty()) {
        double sum = 0;
        for (double x : jct) sum += x;
        r.avg_jct_s = sum / jct.size();
        r.p99_jct_s = quantile(jct, 0.99);
    }
    const double span = r.makespan_s > 0 ? r.makespan_s : now_;
    r.gpu_utilisation = span > 0 ? busy_gpu_s_ / (topo_.total_gpus() * span) : 0.0;
    r.links = meter_.totals();
    for (size_t l = 1; l < r.links.size(); l += 2)
        r.links[l] = r.links[Topology::twin(static_cast<int>(l))];  // as metered on the up twin
    double carried = 0, capacity = 0, spine_carried = 0, spine_capacity = 0;
    for (size_t l = 0; l < r.links.size(); ++l) {
        const LinkTotals& t = r.links[l];
        r.excess_gbit += t.excess_gbit;
        r.congested_link_s += t.congested_s;
        if (t.carried_gbit > 0 && span > 0) {
            carried += t.carried_gbit, capacity += topo_.links()[l].capacity_gbps * span;
            if (topo_.links()[l].spine)
                spine_carried += t.carried_gbit, spine_capacity += topo_.links()[l].capacity_gbps * span;
        }
    }
    r.link_utilisation = capacity > 0 ? carried / capacity : 0.0;
    r.spine_utilisation = spine_capacity > 0 ? spine_carried / spine_capacity : 0.0;
    if (!placement_scores_.empty()) {
        double sum = 0;
        for (double s : placement_scores_) sum += s;
        r.compatibility_mean = sum / placement_scores_.size();
        r.compatibility_min = *std::min_element(placement_scores_.begin(), placement_scores_.end());
    }
    return r;
}

SimResult simulate(const std::vector<JobSpec>& jobs, const ProfileTable& profiles, const SimConfig& config,
                   const SimHooks& hooks) {
    Simulation sim(jobs, profiles, config, hooks);
    return sim.run();
}

}  // namespace sextant::scheduling
