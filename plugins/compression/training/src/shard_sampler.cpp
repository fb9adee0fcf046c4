#include "compression_training/shard_sampler.hpp"

#include "random.hpp"

#include <numeric>
#include <stdexcept>

namespace compression_training {

namespace {

void shuffle(std::vector<std::uint32_t>& v, Random& rng) {
    for (std::size_t k = v.size(); k > 1; --k) std::swap(v[k - 1], v[rng.below(k)]);
}

}  // namespace

ShardSampler::ShardSampler(std::size_t total, int workers, int worker, std::size_t batch, std::uint64_t seed)
    : batch_(batch), seed_(seed), worker_(worker) {
    if (workers < 1 || worker < 0 || worker >= workers)
        throw std::invalid_argument("worker " + std::to_string(worker) + " of " + std::to_string(workers));
    const std::size_t per = total / static_cast<std::size_t>(workers);
    if (batch == 0 || per < batch)
        throw std::invalid_argument("a shard of " + std::to_string(per) + " examples (" + std::to_string(total) +
                                    " / " + std::to_string(workers) + " workers) cannot fill a batch of " +
                                    std::to_string(batch));
    std::vector<std::uint32_t> all(total);
    std::iota(all.begin(), all.end(), 0u);
    Random rng(seed, kShards);
    shuffle(all, rng);
    shard_.assign(all.begin() + static_cast<std::ptrdiff_t>(per * worker),
                  all.begin() + static_cast<std::ptrdiff_t>(per * (worker + 1)));
    steps_per_epoch_ = per / batch;
}

std::vector<std::uint32_t> ShardSampler::batch(long long step) {
    const int epoch = epoch_of(step);
    if (epoch != order_epoch_) {
        order_ = shard_;
        Random rng(seed_, kEpochOrder, (static_cast<std::uint64_t>(epoch) << 16) | static_cast<std::uint64_t>(worker_));
        shuffle(order_, rng);
        order_epoch_ = epoch;
    }
    const auto pos = static_cast<std::size_t>(step % static_cast<long long>(steps_per_epoch_)) * batch_;
    return {order_.begin() + static_cast<std::ptrdiff_t>(pos),
            order_.begin() + static_cast<std::ptrdiff_t>(pos + batch_)};
}

}  // namespace compression_training
