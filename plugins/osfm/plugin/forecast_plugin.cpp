// The `osfm-forecast` plugin (issue 18, track A): on a corpus of this machine's counters, one
// causal GRU over all channels (joint) against the same GRU per subsystem (separate), beside
// persistence and EWMA, forecasting 1 s and 5 s ahead on held-out scenarios; and a linear
// probe of the frozen encoders for injected anomalies. Links libtorch (through
// sextant_osfm_models), so it is a plugin of its own beside the torch-free `osfm`.
#include "osfm/forecast_model.hpp"

#include <sextant/plugin.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>

#ifndef OSFM_SOURCE_DIR
#define OSFM_SOURCE_DIR "."
#endif

namespace sextant::osfm {

namespace {

// A relative corpus path is looked up in the working directory, then in the source tree.
std::string locate(const std::string& path) {
    namespace fs = std::filesystem;
    if (fs::path(path).is_absolute() || fs::exists(path)) return path;
    const fs::path in_tree = fs::path(OSFM_SOURCE_DIR) / path;
    return fs::exists(in_tree) ? in_tree.string() : path;
}

// Steps per second from the corpus's median sampling interval.
double steps_per_second(const Corpus& c) {
    std::vector<double> dt;
    for (std::size_t i = 1; i < c.rows.size(); ++i)
        if (c.rows[i].scenario == c.rows[i - 1].scenario) dt.push_back(c.rows[i].t_s - c.rows[i - 1].t_s);
    if (dt.empty()) throw std::invalid_argument("corpus: no two consecutive samples of one scenario");
    std::nth_element(dt.begin(), dt.begin() + static_cast<long>(dt.size() / 2), dt.end());
    return 1.0 / dt[dt.size() / 2];
}

class ForecastPlugin final : public Plugin {
public:
    PluginInfo info() const override {
        PluginInfo info;
        info.id = "osfm-forecast";
        info.version = "0.4.0";  // 0.4: the default corpus is the full recipe (same path, new data)
        info.name = "OS foundation model: joint vs per-subsystem forecasting";
        info.description =
            "Issue 18, track A: does one model over all of a machine's counters (CPU, memory, IO, network) forecast "
            "each subsystem better than the same model trained per subsystem? Causal GRUs on a corpus collected with "
            "scripts/osfm-corpus, scored on held-out scenarios 1 s and 5 s ahead beside persistence and EWMA, and a "
            "linear probe of the frozen encoders for injected memory-hog anomalies.";
        info.targets = {"local"};
        info.params = {
            string_param("corpus", "experiments/data/osfm-corpus.csv",
                         "Corpus CSV from scripts/osfm-corpus (absolute, relative to the working directory, or to "
                         "the Sextant source tree)"),
            int_param("folds", 3, 2, 20, "Scenarios are split into this many folds by order of appearance", "count"),
            int_param("fold", 0, 0, 19, "The held-out fold (scenario i is held out when i % folds == fold)", "count"),
            int_param("window", 32, 2, 512, "History the models see, in samples (32 = 3.2 s at 100 ms)", "steps"),
            int_param("hidden", 64, 4, 1024, "GRU width of the joint model and of each per-subsystem model", "count"),
            int_param("epochs", 10, 1, 1000, "Training epochs over the training windows", "epochs"),
            int_param("batch", 64, 1, 4096, "Windows per training step", "count"),
            float_param("learning_rate", 3e-3, 1e-6, 1, "Adam's learning rate"),
            int_param("threads", 1, 1, 64, "Torch intra-op threads", "count"),
            int_param("generate_steps", 50, 0, 10000,
                      "Steps each generator samples after a held-out scenario's first window (0: no generation study)",
                      "steps"),
        };
        for (const char* h : {"1s", "5s"}) {
            for (const std::string& s : subsystems())
                for (const char* m : {"joint", "separate", "persistence", "ewma"})
                    info.metrics.push_back(summary_metric(std::string("mae_") + h + "_" + s + "_" + m, "",
                                                          Better::Lower,
                                                          std::string("MAE ") + h + " ahead on held-out scenarios, " +
                                                              s + " channels (log1p, z-scored), " + m));
            info.metrics.push_back(summary_metric(std::string("joint_wins_") + h, "count", Better::Higher,
                                                  std::string("Subsystems (of 4) where the joint model beats the "
                                                              "separate ones ") +
                                                      h + " ahead",
                                                  Headline::Yes));
            info.metrics.push_back(summary_metric(std::string("mae_") + h + "_joint", "", Better::Lower,
                                                  std::string("Mean over subsystems, joint, ") + h, Headline::Yes));
            info.metrics.push_back(summary_metric(std::string("mae_") + h + "_separate", "", Better::Lower,
                                                  std::string("Mean over subsystems, separate, ") + h, Headline::Yes));
        }
        info.metrics.push_back(summary_metric("anomaly_probe_joint", "fraction", Better::Higher,
                                              "Balanced accuracy of a linear probe for memory-hog phases on the "
                                              "frozen joint encoder (held-out scenarios)"));
        info.metrics.push_back(summary_metric("anomaly_probe_separate", "fraction", Better::Higher,
                                              "The same on the four per-subsystem encoders side by side"));
        info.metrics.push_back(summary_metric("anomaly_probe_raw", "fraction", Better::Higher,
                                              "The same on the window's last step and mean, no encoder"));
        info.metrics.push_back(summary_metric("phase_probe_joint", "fraction", Better::Higher,
                                              "Mean balanced accuracy of linear probes for the kinds of load running "
                                              "(cpu, memory, disk, net, from the phase label) on the frozen joint "
                                              "encoder (held-out scenarios)"));
        info.metrics.push_back(summary_metric("phase_probe_separate", "fraction", Better::Higher,
                                              "The same on the four per-subsystem encoders side by side"));
        info.metrics.push_back(summary_metric("phase_probe_raw", "fraction", Better::Higher,
                                              "The same on the window's last step and mean, no encoder"));
        info.metrics.push_back(summary_metric("anomaly_windows", "count", Better::Neither, "Held-out anomaly windows"));
        info.metrics.push_back(summary_metric("train_windows", "count", Better::Neither, "Training windows"));
        info.metrics.push_back(summary_metric("test_windows", "count", Better::Neither, "Held-out windows"));
        info.metrics.push_back(summary_metric("joint_parameters", "parameters", Better::Neither, ""));
        info.metrics.push_back(
            summary_metric("separate_parameters", "parameters", Better::Neither, "All four together"));
        info.metrics.push_back(summary_metric("train_s", "s", Better::Lower, "Training time, all models"));
        for (const char* m : {"joint", "separate", "random_walk"}) {
            const std::string who = std::string(" (") + m + " generator vs the held-out continuations)";
            info.metrics.push_back(summary_metric(std::string("gen_ks_") + m, "", Better::Lower,
                                                  "Mean per-channel two-sample KS distance" + who));
            info.metrics.push_back(summary_metric(std::string("gen_acf_gap_") + m, "", Better::Lower,
                                                  "Mean |lag-1 autocorrelation gap|" + who));
            info.metrics.push_back(summary_metric(std::string("gen_corr_gap_") + m, "", Better::Lower,
                                                  "Mean |cross-channel correlation gap| over all pairs" + who));
            info.metrics.push_back(summary_metric(std::string("gen_cross_corr_gap_") + m, "", Better::Lower,
                                                  "The same over pairs from different subsystems" + who));
        }
        info.metrics.push_back(series_metric("loss_joint", "", Better::Lower, "Training MSE per epoch"));
        info.metrics.push_back(series_metric("loss_separate", "", Better::Lower,
                                             "Training MSE per epoch, channel-weighted over the four models"));
        info.metrics.push_back(series_metric("val_loss_joint", "", Better::Lower,
                                             "Validation MSE per epoch (every fifth training scenario)"));
        info.metrics.push_back(series_metric("val_loss_separate", "", Better::Lower,
                                             "Validation MSE per epoch, channel-weighted over the four models"));
        info.metrics.push_back(summary_metric("joint_best_epoch", "epochs", Better::Neither,
                                              "Epoch whose weights the joint model keeps (lowest validation MSE; -1: "
                                              "none beat the untrained model, which is persistence)"));
        return info;
    }

    void run(RunContext& ctx) override {
        const Params& p = ctx.params();
        const int folds = static_cast<int>(p.integer("folds")), fold = static_cast<int>(p.integer("fold"));
        if (fold >= folds)
            throw std::invalid_argument("fold: expected a value below folds (" + std::to_string(folds) + ")");
        const Corpus corpus = read_corpus_csv(locate(p.text("corpus")));
        const double rate = steps_per_second(corpus);
        const std::vector<std::size_t> horizons{static_cast<std::size_t>(std::lround(rate)),
                                                static_cast<std::size_t>(std::lround(5 * rate))};
        const ForecastData data = prepare_forecast_data(corpus, fold, folds);
        ModelConfig cfg;
        cfg.window = static_cast<std::size_t>(p.integer("window"));
        cfg.hidden = static_cast<int>(p.integer("hidden"));
        cfg.epochs = static_cast<int>(p.integer("epochs"));
        cfg.batch = static_cast<int>(p.integer("batch"));
        cfg.learning_rate = p.real("learning_rate");
        cfg.threads = static_cast<int>(p.integer("threads"));
        cfg.seed = ctx.seed();
        ctx.log(LogLevel::Info, std::to_string(data.train.size()) + " training and " +
                                    std::to_string(data.test.size()) + " held-out scenarios, " +
                                    std::to_string(data.channel_count()) + " channels, horizons " +
                                    std::to_string(horizons[0]) + " and " + std::to_string(horizons[1]) + " steps");
        ctx.progress(0.05, "training");
        const ForecastStudy st = run_forecast_study(data, horizons, cfg);
        const char* names[] = {"1s", "5s"};
        for (std::size_t h = 0; h < st.horizons.size(); ++h) {
            const HorizonScores& s = st.horizons[h];
            double wins = 0, joint = 0, separate = 0;
            for (std::size_t k = 0; k < subsystems().size(); ++k) {
                const std::string base = std::string("mae_") + names[h] + "_" + subsystems()[k] + "_";
                ctx.summary(base + "joint", s.joint[k]);
                ctx.summary(base + "separate", s.separate[k]);
                ctx.summary(base + "persistence", s.persistence[k]);
                ctx.summary(base + "ewma", s.ewma[k]);
                wins += s.joint[k] < s.separate[k];
                joint += s.joint[k] / 4;
                separate += s.separate[k] / 4;
            }
            ctx.summary(std::string("joint_wins_") + names[h], wins);
            ctx.summary(std::string("mae_") + names[h] + "_joint", joint);
            ctx.summary(std::string("mae_") + names[h] + "_separate", separate);
        }
        if (st.anomaly.available) {
            ctx.summary("anomaly_probe_joint", st.anomaly.joint);
            ctx.summary("anomaly_probe_separate", st.anomaly.separate);
            ctx.summary("anomaly_probe_raw", st.anomaly.raw);
        } else {
            ctx.log(LogLevel::Info, "no anomaly phase on one side of this split: the probe is not scored");
        }
        if (st.anomaly.phase_kinds > 0) {
            ctx.summary("phase_probe_joint", st.anomaly.phase_joint);
            ctx.summary("phase_probe_separate", st.anomaly.phase_separate);
            ctx.summary("phase_probe_raw", st.anomaly.phase_raw);
        }
        ctx.summary("anomaly_windows", static_cast<double>(st.anomaly.positives));
        ctx.summary("train_windows", static_cast<double>(st.train_origins));
        ctx.summary("test_windows", static_cast<double>(st.test_origins));
        ctx.summary("joint_parameters", static_cast<double>(st.joint_parameters));
        ctx.summary("separate_parameters", static_cast<double>(st.separate_parameters));
        ctx.summary("train_s", st.train_seconds);
        ctx.summary("joint_best_epoch", st.joint_best_epoch);
        for (std::size_t e = 0; e < st.joint_loss.size(); ++e) {
            ctx.metric("loss_joint", static_cast<long long>(e), st.joint_loss[e]);
            ctx.metric("loss_separate", static_cast<long long>(e), st.separate_loss[e]);
            ctx.metric("val_loss_joint", static_cast<long long>(e), st.joint_val_loss[e]);
            ctx.metric("val_loss_separate", static_cast<long long>(e), st.separate_val_loss[e]);
        }
        const auto gen_steps = static_cast<std::size_t>(p.integer("generate_steps"));
        if (gen_steps > 0 && !ctx.cancelled()) {
            ctx.progress(0.6, "generation");
            const GenerationStudy g = run_generation_study(data, gen_steps, cfg);
            const std::pair<const char*, const GenerationScores*> who[] = {
                {"joint", &g.joint}, {"separate", &g.separate}, {"random_walk", &g.random_walk}};
            for (const auto& [m, s] : who) {
                ctx.summary(std::string("gen_ks_") + m, s->ks);
                ctx.summary(std::string("gen_acf_gap_") + m, s->autocorrelation);
                ctx.summary(std::string("gen_corr_gap_") + m, s->correlation);
                ctx.summary(std::string("gen_cross_corr_gap_") + m, s->cross_subsystem_correlation);
            }
        }
        ctx.progress(1.0, "done");
    }
};

}  // namespace

}  // namespace sextant::osfm

SEXTANT_PLUGIN(sextant::osfm::ForecastPlugin)
