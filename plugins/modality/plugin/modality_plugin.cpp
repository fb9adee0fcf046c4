// The `modality` plugin: one served stream per sweep point on the simulated or the live
// executor, its metrics, and (optionally) the throughput at SLO found by searching the load.
// profile=measured and executor=live take the FMNIST-AVT model from the shared model cache
// (training it there once); this module then links libtorch, so only worker processes load it.
#include "plugin_params.hpp"

#include "modality/metrics.hpp"
#include "modality/profile_csv.hpp"
#ifdef SEXTANT_MODALITY_MODEL
#include "modality/live_executor.hpp"
#include "modality/profiler.hpp"
#endif

#include <algorithm>
#include <chrono>
#include <fstream>

namespace sextant::modality {

namespace {

std::string key_of(unsigned mask) {
    std::string key;
    for (char c : config_name(mask))
        if (c != '+') key += c;
    return key;
}

class ModalityPlugin final : public Plugin {
public:
    PluginInfo info() const override { return modality_plugin_info(); }

    void run(RunContext& ctx) override {
        RunSetup setup = make_run_setup(ctx.params(), ctx.seed());
        std::unique_ptr<Executor> live;
        if (setup.measured || setup.live) live = prepare_model(ctx, setup);
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
            SimulatedExecutor simulated(planner.profile(), ctx.seed());
            Executor& ex = setup.live && keep ? *live : static_cast<Executor&>(simulated);
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

private:
#ifdef SEXTANT_MODALITY_MODEL
    struct Model {
        models::ModelCache cache;
        TrainedAvtModel trained;
        AvtData data;
        std::unique_ptr<AvtServer> validation, test;
    };
    std::unique_ptr<Model> model_;
    std::string model_key_;

    // The model (from the cache, trained there once), the measured profile when asked for, and
    // the live executor when asked for (returned).
    std::unique_ptr<Executor> prepare_model(RunContext& ctx, RunSetup& setup) {
        const ModelChoice& c = setup.model;
        AvtModelSpec spec;
        spec.v_width = c.v_width;
        AvtTraining training;
        training.v_epochs = c.v_epochs;
        training.a_epochs = training.t_epochs = c.epochs;
        training.seed = c.seed;
        AvtDataSpec data;
        if (c.tiny) {
            data.clips = ClipRecipe{{"en"}, {175}, { 50 }};
            data.train = training.train_samples = 2000;
            data.validation = data.test = 500;
            training.v_epochs = training.a_epochs = training.t_epochs = training.fusion_epochs = 1;
        }
        models::BuildObserver observer;
        observer.progress = [&](double f, const std::string& m) { ctx.progress(0.05 * f, m); };
        observer.log = [&](const std::string& m) { ctx.log(LogLevel::Info, m); };
        observer.cancelled = [&] { return ctx.cancelled(); };
        set_model_threads(c.threads);
        // A worker runs several runs in sequence: keep the model loaded between them.
        const std::string key = avt_model_recipe(spec, training, data, models::kFashionMnistDir).dump();
        if (!model_ || model_key_ != key) {
            model_.reset();
            auto m = std::make_unique<Model>();
            m->trained = cached_avt_model(m->cache, spec, training, data, models::kFashionMnistDir, observer);
            m->data = cached_avt_data(m->cache, data, models::kFashionMnistDir, false, observer);
            m->validation =
                std::make_unique<AvtServer>(*m->trained.model, m->data.bank, m->data.validation, data.samples);
            m->test = std::make_unique<AvtServer>(*m->trained.model, m->data.bank, m->data.test, data.samples);
            model_ = std::move(m);
            model_key_ = key;
        }
        ctx.log(LogLevel::Info, "FMNIST-AVT model " + model_->trained.entry.key + " (" +
                                    (model_->trained.trained_now ? "trained now" : "from the model cache") + ", " +
                                    std::to_string(model_threads()) + " threads)");
        if (setup.measured) {
            ProfilerOptions o;
            o.repeats = c.profile_repeats;
            MeasuredProfile m =
                cached_profile(model_->cache, model_->trained.entry.key, *model_->validation, o, observer);
            const auto csv = ctx.artifact_dir() / "profile.csv";
            save_profile_csv(m.profile, csv);
            ctx.artifact(csv, "profile-csv");
            ctx.log(LogLevel::Info, "measured profile " + m.info.dump());
            for (const Config& k : m.profile.configs) ctx.summary("profile_accuracy_" + key_of(k.mask), k.accuracy);
            setup.profile = std::move(m.profile);
            apply_max_batch(setup.profile, setup.max_batch);
        }
        if (!setup.live) return nullptr;
        return std::make_unique<LiveExecutor>(*model_->test, ctx.seed());
    }
#else
    std::unique_ptr<Executor> prepare_model(RunContext&, RunSetup&) {
        throw std::runtime_error(
            "profile=measured and executor=live need the FMNIST-AVT model: this build has no libtorch or no "
            "libespeak-ng/libfftw3 (scripts/setup installs them)");
    }
#endif
};

}  // namespace

}  // namespace sextant::modality

SEXTANT_PLUGIN(sextant::modality::ModalityPlugin)
