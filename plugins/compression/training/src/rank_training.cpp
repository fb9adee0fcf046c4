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

}  // namespace compression_training
