// The `congestion` plugin: one study point per run (a fabric, a CC scheme, collectives),
// reported as summary metrics and series, with per-port and per-flow series as artifacts.
#include "plugin_params.hpp"
#include "series_artifacts.hpp"

#include <sextant/plugin.hpp>

namespace sextant::congestion {

namespace {

class CongestionPlugin final : public Plugin {
public:
    PluginInfo info() const override { return congestion_plugin_info(); }
    std::vector<ParamConflict> check(const Params& params) const override { return setup_conflicts(params); }

    void run(RunContext& ctx) override {
        RunSetup setup = make_run_setup(ctx.params(), ctx.seed());
        const StudyConfig& c = setup.study;
        ctx.log(LogLevel::Info, c.topology + ", cc " + netsim::packet::to_string(c.fabric.cc.scheme) + ", " +
                                    netsim::packet::to_string(c.collective) + " of " + std::to_string(c.bytes) +
                                    " B, " + (c.fidelity == Fidelity::Packet ? "packet" : "flow") + " fidelity");
        StudyResult r = run_study(c);
        if (ctx.cancelled()) return;
        ctx.progress(setup.compare_pfc_only ? 0.5 : 1.0, "simulated");
        ctx.summary("completion_s", r.completion_s);
        ctx.summary("completion_max_s", r.completion_max_s);
        ctx.summary("iteration_s", r.iteration_s);
        ctx.summary("exposed_comm_s", r.exposed_comm_s);
        ctx.summary("ideal_ring_s", r.ideal_ring_s);
        ctx.summary("makespan_s", r.makespan_s);
        ctx.summary("ecn_marks", static_cast<double>(r.ecn_marks));
        ctx.summary("ecn_marks_per_gb", r.ecn_marks_per_gb);
        ctx.summary("pause_frames", static_cast<double>(r.pause_frames));
        ctx.summary("pause_s", r.paused_s);
        ctx.summary("drops", static_cast<double>(r.drops));
        ctx.summary("retransmitted", static_cast<double>(r.retransmitted));
        ctx.summary("queue_mean_kb", r.queue_mean_bytes / 1e3);
        ctx.summary("queue_p99_kb", r.queue_p99_bytes / 1e3);
        ctx.summary("queue_max_kb", r.queue_max_bytes / 1e3);
        ctx.summary("link_utilisation", r.link_utilisation);
        ctx.summary("jain_fairness", r.jain_fairness);
        ctx.summary("flows", static_cast<double>(r.flows));
        ctx.summary("packet_hops", static_cast<double>(r.packet_hops));
        ctx.summary("events", static_cast<double>(r.events));
        ctx.summary("hops_per_cpu_s", r.cpu_s > 0 ? static_cast<double>(r.packet_hops) / r.cpu_s : 0);
        ctx.summary("wall_s", r.wall_s);
        long long step = 0;
        for (const auto& job : r.collective_s)
            for (double t : job) ctx.metric("collective_s", step++, t);
        for (std::size_t i = 0; i < r.series_t_s.size(); ++i) {
            ctx.metric("goodput_gbps", static_cast<long long>(i), r.series_goodput_gbps[i]);
            ctx.metric("max_queue_kb", static_cast<long long>(i), r.series_max_queue_bytes[i] / 1e3);
        }
        write_series_artifacts(r, ctx);
        if (setup.compare_pfc_only) {
            StudyConfig base = c;
            base.fabric.cc.scheme = netsim::packet::CcScheme::None;
            base.fabric.sample_interval_s = 0;
            StudyResult b = run_study(base);
            if (b.completion_s > 0) ctx.summary("ratio_to_pfc_only", r.completion_s / b.completion_s);
        }
        ctx.log(LogLevel::Info, "simulated " + std::to_string(r.makespan_s) + " s in " + std::to_string(r.wall_s) +
                                    " s wall, " + std::to_string(r.packet_hops) + " packet hops");
        ctx.progress(1.0, "done");
    }
};

}  // namespace

}  // namespace sextant::congestion

SEXTANT_PLUGIN(sextant::congestion::CongestionPlugin)
