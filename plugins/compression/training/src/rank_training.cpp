#include "compression_training/gloo_training.hpp"

#include "compression_training/exchanges.hpp"

#include <stdexcept>

namespace compression_training {

TrainingSummary train_rank(const TrainConfig& config, int rank, const GlooOptions& options,
                           TrainingObserver& observer) {
    validate(config);
    // Load before joining, so a missing data set fails fast instead of stalling the others.
    const TrainingData data = load_training_data(config);
    GlooCollective group(rank, config.workers, options);
    CollectiveExchange exchange(codec_config(config), group);
    return train(config, data, exchange, observer);
}

TrainingSummary train_scheduled_rank(const TrainConfig& config, const collective::Rendezvous& rendezvous,
                                     TrainingObserver& observer) {
    // Each rank trains its own shard of K: a different number of processes would train
    // another run than the one asked for.
    if (rendezvous.size != config.workers)
        throw std::invalid_argument("workers is " + std::to_string(config.workers) + " but the run was started as " +
                                    std::to_string(rendezvous.size) +
                                    " Slurm tasks; set the target's nodes_per_run x tasks_per_node to workers");
    GlooOptions options;
    options.rendezvous = rendezvous.folder;
    options.host = rendezvous.host;
    options.iface = rendezvous.interface;
    options.timeout = std::chrono::seconds(config.gloo_timeout_s);
    return train_rank(config, rendezvous.rank, options, observer);
}

}  // namespace compression_training
