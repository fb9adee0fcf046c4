// The `compression-training` plugin: real data-parallel training through the gradient codec.
// A separate plugin from `compression` because it links libtorch: a worker loads only the
// plugin of its own run, so the codec and simulator plugins keep starting in milliseconds.
#include "context_observer.hpp"
#include "training_settings.hpp"

#include <compression_training/config_error.hpp>
#include <compression_training/gloo_training.hpp>

#include <sextant/plugin.hpp>

namespace sextant::compression_training_plugin {

namespace ct = ::compression_training;

class TrainingPlugin : public Plugin {
public:
    PluginInfo info() const override { return plugin_info(); }
    void run(RunContext& ctx) override {
        const ct::TrainConfig config = read_config(ctx.params(), ctx.seed());
        ContextObserver observer(ctx, config.steps, config.workers);
        ct::TrainingSummary summary;
        if (config.transport == ct::Transport::gloo) {
            ct::LaunchOptions launch;
            launch.rank_program = ct::rank_program_beside_module();
            launch.work_dir = ctx.artifact_dir() / "gloo";
            summary = ct::launch_gloo_training(config, launch, observer);
        } else {
            summary = ct::train_in_process(config, observer);
        }
        if (summary.cancelled) {
            ctx.log(LogLevel::Warning, "cancelled after " + std::to_string(summary.steps) + " steps");
            return;
        }
        observer.summarise(summary);
    }
    // Everything read_config refuses would fail the run at its start: values the
    // declarations cannot rule out alone (a scheme Gloo ranks cannot run, fewer training
    // images than workers x batch_size, codec settings that do not fit together).
    std::vector<ParamConflict> check(const Params& params) const override {
        try {
            read_config(params, 0);
        } catch (const ct::ConfigError& e) {
            return {{e.params, e.expected + ", got " + e.got}};
        } catch (const std::invalid_argument& e) {
            return {{{}, e.what()}};
        }
        return {};
    }
};

}  // namespace sextant::compression_training_plugin

SEXTANT_PLUGIN(sextant::compression_training_plugin::TrainingPlugin)
