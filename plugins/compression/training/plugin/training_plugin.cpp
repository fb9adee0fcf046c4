// The `compression-training` plugin: real data-parallel training through the gradient codec.
// A separate plugin from `compression` because it links libtorch: a worker loads only the
// plugin of its own run, so the codec and simulator plugins keep starting in milliseconds.
#include "context_observer.hpp"
#include "training_settings.hpp"

#include <collective/rendezvous.hpp>
#include <compression_training/config_error.hpp>
#include <compression_training/gloo_training.hpp>

#include <sextant/plugin.hpp>

namespace sextant::compression_training_plugin {

namespace ct = ::compression_training;

namespace {

// Rank 0 of a run whose ranks Slurm started: it reports like any run, but every rank must
// run every step (a rank that stopped early would leave the others waiting in an
// allreduce), so a cancel does not stop it; scancel stops all ranks at once.
class ScheduledRankObserver final : public ContextObserver {
public:
    using ContextObserver::ContextObserver;
    bool cancelled() const override { return false; }
};

// One rank of a run Slurm started as K tasks (a cluster target with nodes_per_run x
// tasks_per_node = K): this process trains its own shard; rank 0's events are the run's.
ct::TrainingSummary train_as_scheduled_rank(RunContext& ctx, const ct::TrainConfig& config,
                                            const collective::Rendezvous& rendezvous) {
    if (config.transport != ct::Transport::gloo)
        throw std::invalid_argument("this run was started as " + std::to_string(rendezvous.size) +
                                    " Slurm tasks, but transport in-process trains all workers in one process; use "
                                    "transport gloo, or nodes_per_run x tasks_per_node = 1");
    if (rendezvous.rank == 0) {
        ctx.log(LogLevel::Info, "rank 0 of " + std::to_string(rendezvous.size) + " Slurm tasks, meeting in " +
                                    rendezvous.folder.string() + ", listening on " + rendezvous.host);
        ScheduledRankObserver observer(ctx, config.steps, config.workers);
        return ct::train_scheduled_rank(config, rendezvous, observer);
    }
    ct::TrainingObserver quiet;  // the other ranks' results are rank 0's
    return ct::train_scheduled_rank(config, rendezvous, quiet);
}

}  // namespace

class TrainingPlugin : public Plugin {
public:
    PluginInfo info() const override { return plugin_info(); }
    void run(RunContext& ctx) override {
        const ct::TrainConfig config = read_config(ctx.params(), ctx.seed());
        if (const auto rendezvous = collective::scheduler_rendezvous()) {
            const ct::TrainingSummary summary = train_as_scheduled_rank(ctx, config, *rendezvous);
            if (rendezvous->rank == 0) ContextObserver(ctx, config.steps, config.workers).summarise(summary);
            return;
        }
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
