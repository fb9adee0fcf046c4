// The `modality` plugin: one served stream per sweep point on the simulated executor, its
// metrics, and (optionally) the throughput at SLO found by searching the load.
#include "plugin_params.hpp"

#include "modality/metrics.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>

namespace sextant::modality {

namespace {

class ModalityPlugin final : public Plugin {
public:
    PluginInfo info() const override { return modality_plugin_info(); }

    void run(RunContext& ctx) override {
        RunSetup setup = make_run_setup(ctx.params(), ctx.seed());
        std::vector<Job> trace;
        if (!setup.trace.empty()) trace = read_trace_csv(setup.trace);
        int largest = *std::max_element(setup.workload.sizes.begin(), setup.workload.sizes.end());
        for (const Job& j : trace) largest = std::max(largest, j.size);
        auto t0 = std::chrono::steady_clock::now();
        Planner planner(setup.profile, largest);
        ctx.summary("planner_s", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());

        const double capacity_jobs = agnostic_capacity(planner, setup.workload);
        double mean_size = 0, total = 0;
        for (size_t i = 0; i < setup.workload.sizes.size(); ++i)
            mean_size += setup.workload.sizes[i] * setup.workload.size_weights[i],
                total += setup.workload.size_weights[i];
        mean_size /= total;
        const double capacity = capacity_jobs * mean_size;  // requests/s
        ctx.summary("capacity", capacity);

        auto serve_at = [&](double load, ServingResult* keep) {
            WorkloadSpec w = setup.workload;
            w.load = load;
            std::vector<Job> jobs = trace.empty() ? generate_workload(planner, w) : trace;
            SimulatedExecutor ex(planner.profile(), ctx.seed());
            ServingResult r = serve(planner, jobs, ex, setup.serving);
            Summary s = summarize(jobs, r);
            if (keep) *keep = std::move(r);
            return s;
        };
        ctx.progress(0.05, "serving");
        ServingResult result;
        Summary s = serve_at(setup.workload.load, &result);
        ctx.summary("goodput", s.goodput_rps);
        ctx.summary("deadline_miss_rate", s.deadline_miss_rate);
        ctx.summary("slo_miss_rate", s.slo_miss_rate);
        ctx.summary("rejected_share", s.rejected_share);
        ctx.summary("floor_met_share", s.floor_met_share);
        ctx.summary("accuracy", s.accuracy);
        ctx.summary("planned_accuracy", s.planned_accuracy);
        ctx.summary("jct_mean_s", s.jct_mean_s);
        ctx.summary("jct_p50_s", s.jct_p50_s);
        ctx.summary("jct_p99_s", s.jct_p99_s);
        ctx.summary("decision_us", s.decision_us);
        double end = 0;
        for (const auto& o : result.jobs) end = std::max(end, o.finish_s);
        auto mix = mix_over_time(result, end, 100);
        for (unsigned m : all_masks()) {
            std::string key;
            for (char c : config_name(m))
                if (c != '+') key += c;
            ctx.summary("share_" + key, s.mix[m]);
            for (size_t b = 0; b < mix.size(); ++b) ctx.metric("mix_" + key, static_cast<long long>(b), mix[b][m]);
        }
        ctx.log(LogLevel::Info, std::to_string(s.jobs) + " jobs, " + std::to_string(s.requests) +
                                    " requests served by " + policy_name(setup.serving.policy) + " at load " +
                                    std::to_string(setup.workload.load));

        if (setup.search_slo && trace.empty()) {
            ctx.progress(0.3, "searching the throughput at SLO");
            SloSearch found = throughput_at_slo([&](double load) {
                if (ctx.cancelled()) throw std::runtime_error("cancelled");
                return serve_at(load, nullptr);
            });
            ctx.summary("throughput_at_slo_load", found.load);
            ctx.summary("throughput_at_slo", found.load * capacity);
            ctx.log(LogLevel::Info, "throughput at SLO: load " + std::to_string(found.load) + " after " +
                                        std::to_string(found.evaluations) + " streams");
        }
        ctx.progress(1.0, "done");
    }
};

}  // namespace

}  // namespace sextant::modality

SEXTANT_PLUGIN(sextant::modality::ModalityPlugin)
