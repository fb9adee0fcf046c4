// The `osfm` plugin: one simulated machine per run under one cache policy, with Belady's OPT
// and the policy alone replayed on the reference order the run produced.
#include "plugin_params.hpp"

#include "osfm/replay.hpp"

#include <sextant/plugin.hpp>

#include <chrono>

namespace sextant::osfm {

namespace {

class OsfmPlugin final : public Plugin {
public:
    PluginInfo info() const override { return osfm_plugin_info(); }

    void run(RunContext& ctx) override {
        const RunSetup setup = make_run_setup(ctx.params());
        const std::vector<Process> procs = make_processes(setup.processes, ctx.seed());
        ctx.log(LogLevel::Info, std::to_string(procs.size()) + " processes, " + policy_name(setup.policy) + " over " +
                                    std::to_string(setup.capacity) + " pages, readahead " +
                                    (setup.readahead.on ? "on" : "off"));
        auto cache = make_policy(setup.policy, setup.capacity);
        const SimResult r = simulate(procs, *cache, setup.machine, setup.readahead);
        if (ctx.cancelled()) return;
        ctx.progress(0.6, "simulated; replaying OPT");
        ctx.summary("hit_ratio", r.hit_ratio());
        ctx.summary("latency_mean_us", r.latency_mean_us);
        ctx.summary("latency_p99_us", r.latency_p99_us);
        ctx.summary("throughput", r.throughput_refs_per_s);
        ctx.summary("makespan_s", r.makespan_us * 1e-6);
        ctx.summary("cpu_utilisation", r.cpu_utilisation);
        ctx.summary("device_queue_mean", r.device_queue_mean);
        ctx.summary("device_requests", static_cast<double>(r.device_requests));
        ctx.summary("pages_read", static_cast<double>(r.pages_read));
        ctx.summary("prefetched_unused", static_cast<double>(r.prefetched_unused));
        ctx.summary("references", static_cast<double>(r.references));
        ctx.summary("opt_hit_ratio", replay_opt(r.order, setup.capacity).hit_ratio());
        auto t0 = std::chrono::steady_clock::now();
        const CacheStats alone = replay(r.order, setup.policy, setup.capacity);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        ctx.summary("trace_hit_ratio", alone.hit_ratio());
        ctx.summary("decision_ns", r.order.empty() ? 0 : 1e9 * s / static_cast<double>(r.order.size()));
        ctx.progress(1.0, "done");
    }
};

}  // namespace

}  // namespace sextant::osfm

SEXTANT_PLUGIN(sextant::osfm::OsfmPlugin)
