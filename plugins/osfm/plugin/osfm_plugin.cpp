// The `osfm` plugin: one simulated machine per run under one cache policy, with Belady's OPT
// and the policy alone replayed on the reference order the run produced.
#include "plugin_params.hpp"

#include "osfm/learned_eviction.hpp"
#include "osfm/replay.hpp"
#include "osfm/selector.hpp"

#include <sextant/plugin.hpp>

#include <chrono>

namespace sextant::osfm {

namespace {

class OsfmPlugin final : public Plugin {
public:
    PluginInfo info() const override { return osfm_plugin_info(); }

    void run(RunContext& ctx) override {
        const RunSetup setup = make_run_setup(ctx.params());
        if (setup.selection) return run_selection(ctx, setup);
        if (setup.learned_eviction) return run_learned_eviction(ctx, setup);
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

private:
    void run_learned_eviction(RunContext& ctx, const RunSetup& setup) {
        const std::vector<Process> training = make_processes(setup.processes, ctx.seed() * 1000 + 1);
        const std::vector<Process> test = make_processes(setup.processes, ctx.seed());
        const std::size_t C = setup.capacity;
        auto on_test = [&](CachePolicy& cache) { return simulate(test, cache, setup.machine, setup.readahead); };
        const std::pair<EvictionInputs, const char*> kinds[] = {{EvictionInputs::CacheOnly, "cache_only"},
                                                                {EvictionInputs::Joint, "joint"}};
        for (const auto& [inputs, name] : kinds) {
            if (ctx.cancelled()) return;
            std::vector<EvictionSample> samples;
            auto recorder = make_scored_eviction(C, inputs, nullptr, ctx.seed(), &samples);
            const SimResult recorded = simulate(training, *recorder, setup.machine, setup.readahead);
            auto model = std::make_shared<const ReuseModel>(fit_reuse_model(samples, recorded.order));
            EvictionTiming timing;
            auto learned = make_scored_eviction(C, inputs, model, ctx.seed(), nullptr, 32, &timing);
            const SimResult r = on_test(*learned);
            ctx.summary(std::string("le_decision_ns_") + name, timing.ns_per_eviction());
            ctx.summary(std::string("le_hit_ratio_") + name, r.hit_ratio());
            ctx.summary(std::string("le_latency_mean_us_") + name, r.latency_mean_us);
            ctx.summary(std::string("le_throughput_") + name, r.throughput_refs_per_s);
            ctx.summary("le_training_samples", static_cast<double>(samples.size()));
            if (inputs == EvictionInputs::Joint) ctx.summary("le_opt_hit_ratio", replay_opt(r.order, C).hit_ratio());
            ctx.progress(inputs == EvictionInputs::Joint ? 0.7 : 0.35, std::string(name) + " done");
        }
        EvictionTiming sampled_timing;
        auto sampled =
            make_scored_eviction(C, EvictionInputs::CacheOnly, nullptr, ctx.seed(), nullptr, 32, &sampled_timing);
        ctx.summary("le_hit_ratio_sampled_lru", on_test(*sampled).hit_ratio());
        ctx.summary("le_decision_ns_sampled_lru", sampled_timing.ns_per_eviction());
        auto lru = make_lru(C);
        ctx.summary("le_hit_ratio_lru", on_test(*lru).hit_ratio());
        auto arc = make_arc(C);
        ctx.summary("le_hit_ratio_arc", on_test(*arc).hit_ratio());
        ctx.progress(1.0, "done");
    }

    // The reference order of one machine run under LRU without readahead.
    static std::vector<Page> reference_order(const RunSetup& setup, std::uint64_t seed) {
        auto cache = make_lru(setup.capacity);
        Readahead off;
        return simulate(make_processes(setup.processes, seed), *cache, setup.machine, off).order;
    }

    void run_selection(RunContext& ctx, const RunSetup& setup) {
        const std::vector<PolicyKind> candidates{PolicyKind::Lru, PolicyKind::Lfu, PolicyKind::Arc};
        const std::size_t W = setup.selection_window, C = setup.capacity;
        std::vector<SelectionResult> training;
        for (std::uint64_t k = 1; k <= 3; ++k) {  // other seeds' runs: their oracle windows are the labels
            if (ctx.cancelled()) return;
            training.push_back(select_policies(reference_order(setup, ctx.seed() * 1000 + k), C, candidates, W,
                                               oracle_chooser(), setup.selection_state));
            ctx.progress(0.15 * static_cast<double>(k), "training traces");
        }
        LearnedChooser learned;
        learned.fit(training, candidates.size());
        const std::vector<Page> order = reference_order(setup, ctx.seed());
        auto ratio = [&](const Chooser& c) {
            return select_policies(order, C, candidates, W, c, setup.selection_state);
        };
        const char* names[] = {"lru", "lfu", "arc"};
        for (std::size_t k = 0; k < candidates.size(); ++k)
            ctx.summary(std::string("sel_hit_ratio_") + names[k], ratio(fixed_chooser(k)).stats.hit_ratio());
        const SelectionResult oracle = ratio(oracle_chooser());
        const SelectionResult previous = ratio(previous_winner_chooser());
        const SelectionResult mine = ratio(learned.chooser());
        auto switches = [](const SelectionResult& r) {
            double n = 0;
            for (std::size_t i = 1; i < r.choice.size(); ++i) n += r.choice[i] != r.choice[i - 1];
            return n;
        };
        ctx.summary("sel_hit_ratio_oracle", oracle.stats.hit_ratio());
        ctx.summary("sel_hit_ratio_previous", previous.stats.hit_ratio());
        ctx.summary("sel_hit_ratio_learned", mine.stats.hit_ratio());
        ctx.summary("sel_hit_ratio_opt", replay_opt(order, C).hit_ratio());
        ctx.summary("sel_learned_switches", switches(mine));
        ctx.summary("sel_oracle_switches", switches(oracle));
        ctx.summary("sel_learned_train_accuracy", learned.training_accuracy());
        ctx.summary("sel_decision_ns", mine.decision_ns);
        ctx.summary("references", static_cast<double>(order.size()));
        ctx.progress(1.0, "done");
    }
};

}  // namespace

}  // namespace sextant::osfm

SEXTANT_PLUGIN(sextant::osfm::OsfmPlugin)
