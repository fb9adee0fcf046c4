#include "scheduling/snapshot.hpp"

#include "scheduling/circle.hpp"
#include "scheduling/compatibility.hpp"
#include "scheduling/job.hpp"

#include <netsim/packet/collective_traffic.hpp>
#include <netsim/packet/topologies.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

namespace sextant::scheduling {

namespace np = netsim::packet;

void SnapshotConfig::validate() const {
    if (models.size() < 2 || models.size() > 8) throw std::invalid_argument("snapshot: models: expected 2 to 8 models");
    if (!(link_gbps > 0)) throw std::invalid_argument("snapshot: link_gbps must be positive");
    if (iterations < 1) throw std::invalid_argument("snapshot: iterations must be >= 1");
    if (!(scale > 0)) throw std::invalid_argument("snapshot: scale must be positive");
    if (!(buffer_mb > 0)) throw std::invalid_argument("snapshot: buffer_mb must be positive");
    if (!(drift_threshold >= 0 && drift_threshold <= 0.5))
        throw std::invalid_argument("snapshot: drift_threshold must be in [0, 0.5]");
    if (give_up_after < 0 || !(give_up_rate >= 0))
        throw std::invalid_argument("snapshot: give_up_after and give_up_rate must be >= 0");
}

namespace {

struct Shape {
    double compute_s = 0;
    std::uint64_t bytes = 0;  // per rank: the buffer all-reduced over 2 ranks (= what each hop carries)
};

// paces: per job, the period its time-shift agent keeps (empty: no agent, iterations back to back).
SnapshotRun run_once(const SnapshotConfig& c, const std::vector<Shape>& shapes, const std::vector<double>& starts,
                     const std::vector<double>& paces = {}) {
    const std::uint32_t n = static_cast<std::uint32_t>(shapes.size());
    np::ShapeLinks links;
    links.host_gbps = c.link_gbps;
    links.fabric_gbps = c.link_gbps;
    np::Network net = np::make_dumbbell(n, links);
    std::vector<np::JobSpec> jobs;
    for (std::uint32_t j = 0; j < n; ++j) {
        np::JobSpec s;
        s.name = c.models[j];
        s.collective = np::CollectiveKind::RingAllreduce;
        s.hosts = {net.hosts[j], net.hosts[n + j]};
        s.bytes = shapes[j].bytes;
        s.iterations = c.iterations;
        s.compute_s = shapes[j].compute_s;
        s.start_s = starts[j];
        if (!paces.empty()) {  // the first job keeps time for the set, as a component's reference does
            s.pace_s = paces[j];
            s.pace_reference = 0;
            s.drift = c.drift_threshold;
            s.give_up_after = c.give_up_after;
            s.give_up_rate = c.give_up_rate;
        }
        jobs.push_back(s);
    }
    SnapshotRun out;
    std::vector<np::JobResult> results;
    if (c.packet) {
        np::FabricConfig f;
        f.pfc = c.pfc;
        f.buffer_mb = c.buffer_mb;
        f.cc.scheme = np::parse_cc_scheme(c.cc);
        f.cc.mltcp.slope = c.mltcp_slope;
        f.cc.mltcp.intercept = c.mltcp_intercept;
        f.validate();
        np::Fabric fabric(net.topology, f);
        np::PacketTransport transport(fabric);
        results = np::run_jobs(transport, jobs);
        for (const np::PortCounters& p : fabric.ports()) out.ecn_marks += p.ecn_marks, out.pfc_paused_s += p.paused_s;
        for (const np::FlowRecord& r : fabric.flows()) out.delivered_gb += r.payload_bytes * 1e-9;
    } else {
        np::FlowTransport transport(net.topology, netsim::PacketFormat{1000, 58});
        results = np::run_jobs(transport, jobs);
        for (const Shape& s : shapes) out.delivered_gb += 2.0 * s.bytes * c.iterations * 1e-9;
    }
    for (std::uint32_t j = 0; j < n; ++j) {
        // Iterations run back to back from the job's start: mean = busy time / iterations.
        const double busy = results[j].finish_s - starts[j];
        out.mean_iteration_s.push_back(busy / c.iterations);
        out.mean_iteration_s_all += busy / c.iterations / n;
        out.finish_s = std::max(out.finish_s, results[j].finish_s);
        out.realignments += results[j].realignments;
        out.gave_up += results[j].gave_up ? 1 : 0;
        auto late_mean = [](const std::vector<double>& v) {
            const size_t half = v.size() / 2;
            double late = 0;
            for (size_t i = half; i < v.size(); ++i) late += v[i];
            return v.size() > half ? late / static_cast<double>(v.size() - half) : 0.0;
        };
        out.late_iteration_s_all += late_mean(results[j].iteration_s) / n;
        out.late_collective_s_all += late_mean(results[j].collective_s) / n;
    }
    return out;
}

}  // namespace

SnapshotResult run_snapshot(const ProfileTable& profiles, const SnapshotConfig& c) {
    c.validate();
    std::vector<Shape> shapes;
    std::vector<Pattern> patterns;
    std::vector<double> periods;
    SnapshotResult out;
    std::map<std::string, double> alone_ms;  // agent: each model's iteration alone on this fabric
    for (size_t j = 0; j < c.models.size(); ++j) {
        const ModelProfile* m = profiles.find(c.models[j]);
        if (!m)
            throw std::invalid_argument("snapshot: models: unknown model '" + c.models[j] +
                                        "' (known: " + profiles.names() + ")");
        IterationPlan plan = plan_iteration(*m, 2, c.link_gbps);
        Shape s;
        // Folded into one all-reduce after the compute no transfer hides.
        const double gbit = plan.comm_gbit();
        s.compute_s = plan.exposed_compute_seconds();
        s.compute_s *= c.scale;
        s.bytes = static_cast<std::uint64_t>(std::llround(gbit * c.scale * 1e9 / 8));
        if (s.bytes == 0) throw std::invalid_argument("snapshot: model '" + m->name + "' does not communicate");
        // The prediction sees what the run does: compute, then the all-reduce at line rate;
        // with the agent, at the pace the job runs alone on this fabric (a real agent measures
        // its period: packet level adds headers and DCQCN's ramp), the transfer stretched to it.
        const double comm_ms = gbit * c.scale / c.link_gbps * 1e3;
        out.ideal_iteration_s.push_back(s.compute_s + comm_ms * 1e-3);
        double up_ms = comm_ms;
        if (c.agent) {
            auto [at, fresh] = alone_ms.try_emplace(c.models[j], 0.0);  // the same model runs alone once
            if (fresh) {
                SnapshotConfig one = c;
                one.models = {c.models[j]};
                one.iterations = 3;
                at->second = run_once(one, {s}, {0.0}).late_iteration_s_all * 1e3;
            }
            up_ms = std::max(comm_ms, at->second - s.compute_s * 1e3);
        }
        patterns.push_back(
            {c.models[j], s.compute_s * 1e3 + up_ms, {{s.compute_s * 1e3, up_ms, c.link_gbps * comm_ms / up_ms}}});
        periods.push_back(patterns.back().iteration_ms);
        shapes.push_back(s);
    }
    UnifiedCircle circle = unify_lcm(periods, c.quantum_ms * c.scale, c.max_turns, 0.05);
    const double longest = *std::max_element(periods.begin(), periods.end());
    const int k = static_cast<int>(std::ceil(circle.perimeter_ms / longest - 1e-9));
    std::vector<const Pattern*> ptrs;
    for (const Pattern& p : patterns) ptrs.push_back(&p);
    CircleDemand demand = rasterise(ptrs, std::vector<double>(ptrs.size(), 1.0), circle, c.bins * std::max(1, k));
    Rotation best = best_rotation(demand, c.link_gbps);
    out.predicted_score = best.score;
    out.predicted_score_unshifted = compatibility(demand, std::vector<int>(ptrs.size(), 0), c.link_gbps);
    for (double s : best.shift_ms) out.shift_s.push_back(s * 1e-3);
    out.together = run_once(c, shapes, std::vector<double>(shapes.size(), 0.0));
    std::vector<double> paces;
    if (c.agent)
        for (int turns : circle.turns) paces.push_back(circle.perimeter_ms / turns * 1e-3);
    out.shifted = run_once(c, shapes, out.shift_s, paces);
    return out;
}

}  // namespace sextant::scheduling
