// Which examples worker w trains on at step t. The training set is split once, by a seeded
// permutation, into K equal shards (the remainder is left out so every worker has the same
// number of steps per epoch); each epoch reshuffles a shard with its own seeded order.
// In-process workers and Gloo ranks compute the same batches from (seed, K, w, t) alone.
#pragma once

#include <cstdint>
#include <vector>

namespace compression_training {

class ShardSampler {
public:
    ShardSampler(std::size_t total, int workers, int worker, std::size_t batch, std::uint64_t seed);

    std::size_t steps_per_epoch() const { return steps_per_epoch_; }
    int epoch_of(long long step) const { return static_cast<int>(step / static_cast<long long>(steps_per_epoch_)); }
    // True when `step` is the last step of its epoch.
    bool ends_epoch(long long step) const { return (step + 1) % static_cast<long long>(steps_per_epoch_) == 0; }
    const std::vector<std::uint32_t>& shard() const { return shard_; }
    // Row indices (into the whole training set) of the worker's batch at `step`.
    std::vector<std::uint32_t> batch(long long step);

private:
    std::vector<std::uint32_t> shard_;
    std::vector<std::uint32_t> order_;  // this epoch's shuffled shard
    int order_epoch_ = -1;
    std::size_t batch_;
    std::size_t steps_per_epoch_;
    std::uint64_t seed_;
    int worker_;
};

}  // namespace compression_training
