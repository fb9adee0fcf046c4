// The `caching` plugin: one study per sweep point (caching/study.hpp), its summary and
// per-point series as metrics.
#include "plugin_params.hpp"

#include <caching/setting_conflicts.hpp>

#include <cmath>

namespace caching {

namespace {

class CachingPlugin final : public sextant::Plugin {
public:
    sextant::PluginInfo info() const override { return caching_plugin_info(); }

    // What run_study would refuse at its start, before the backbone is loaded or trained.
    std::vector<sextant::ParamConflict> check(const sextant::Params& params) const override {
        std::vector<sextant::ParamConflict> out;
        for (auto& c : setting_conflicts(decode_params(params, 0))) out.push_back({c.params, c.expected});
        return out;
    }

    void run(sextant::RunContext& ctx) override {
        const StudyConfig config = decode_params(ctx.params(), ctx.seed());
        StudyHooks hooks;
        hooks.progress = [&](double f, const std::string& m) { ctx.progress(f, m); };
        hooks.log = [&](const std::string& m) { ctx.log(sextant::LogLevel::Info, m); };
        hooks.cancelled = [&] { return ctx.cancelled(); };
        const StudyResult r = run_study(config, hooks);
        if (r.cancelled) return;
        report(ctx, r);
    }

    static void report(sextant::RunContext& ctx, const StudyResult& r) {
        const StudySummary s = summarise(r);
        ctx.summary("speedup", s.speedup);
        ctx.summary("latency_p50_ms", s.latency_p50_ms);
        ctx.summary("agreement", s.agreement);
        ctx.summary("accuracy", s.accuracy);
        ctx.summary("skip_half_fraction", s.skip_half_fraction);
        ctx.summary("latency_p99_ms", s.latency_p99_ms);
        ctx.summary("latency_mean_ms", s.latency_mean_ms);
        ctx.summary("baseline_p50_ms", s.baseline_p50_ms);
        ctx.summary("baseline_p99_ms", s.baseline_p99_ms);
        ctx.summary("speedup_p50", s.speedup_p50);
        ctx.summary("cpu_speedup", s.cpu_speedup);
        ctx.summary("cpu_speedup_trimmed", s.cpu_speedup_trimmed);
        ctx.summary("cpu_p50_ms", s.cpu_p50_ms);
        ctx.summary("baseline_cpu_p50_ms", s.baseline_cpu_p50_ms);
        ctx.summary("baseline_accuracy", s.baseline_accuracy);
        ctx.summary("mean_blocks", s.mean_blocks);
        ctx.summary("early_fraction", s.early_fraction);
        ctx.summary("lookup_share", s.lookup_share);
        ctx.summary("cache_mb", static_cast<double>(r.cache_bytes) / 1e6);
        ctx.summary("cache_entries", static_cast<double>(r.cache_entries));
        if (!r.calibration.stages.empty()) {
            ctx.summary("calibration_hit_rate", r.calibration.hit_rate_total);
            ctx.summary("calibration_agreement", r.calibration.agreement);
        }
        if (r.model_info.contains("test_accuracy"))
            ctx.summary("model_test_accuracy", r.model_info["test_accuracy"].get<double>());
        ctx.summary("setup_s", r.setup_s);
        for (std::size_t b = 0; b < s.exit_fraction.size(); ++b)
            ctx.metric("exit_fraction", static_cast<long long>(b), s.exit_fraction[b]);
        for (std::size_t st = 0; st < r.points.size(); ++st) {
            const auto& p = r.points[st];
            if (p.visits > 0) {
                ctx.metric("hit_rate", static_cast<long long>(st),
                           static_cast<double>(p.hits) / static_cast<double>(p.visits));
                ctx.metric("lookup_us", static_cast<long long>(st), 1e6 * p.lookup_s / static_cast<double>(p.visits));
            }
        }
        for (std::size_t st = 0; st < r.stage_times.size(); ++st)
            if (r.stage_times[st].runs > 0)
                ctx.metric("block_us", static_cast<long long>(st),
                           1e6 * r.stage_times[st].seconds / static_cast<double>(r.stage_times[st].runs));
        for (std::size_t i = 0; i < r.calibration.stages.size(); ++i)
            if (std::isfinite(r.calibration.theta[i]))
                ctx.metric("theta", r.calibration.stages[i], r.calibration.theta[i]);
        for (std::size_t i = 0; i < r.calibration.stages.size(); ++i)
            if (std::isfinite(r.calibration.delta[i]))
                ctx.metric("delta", r.calibration.stages[i], r.calibration.delta[i]);
    }
};

}  // namespace

}  // namespace caching

SEXTANT_PLUGIN(caching::CachingPlugin)
