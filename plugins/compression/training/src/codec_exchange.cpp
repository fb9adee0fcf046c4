#include "compression_training/exchanges.hpp"

#include "compression_training/rank_schemes.hpp"

#include <bit>
#include <numeric>
#include <stdexcept>

namespace compression_training {

CodecExchange::CodecExchange(const compression::SchemeConfig& config, int workers)
    : scheme_(compression::make_scheme(config)), workers_(workers) {}

std::vector<int> CodecExchange::local_workers() const {
    std::vector<int> all(static_cast<std::size_t>(workers_));
    std::iota(all.begin(), all.end(), 0);
    return all;
}

ExchangeResult CodecExchange::exchange(std::span<const std::span<const float>> local, std::span<float> sum) {
    const compression::Report rep = scheme_->aggregate(local, sum);
    ExchangeResult r;
    r.bytes_sent = rep.bytes_sent();
    r.bytes_received = rep.bytes_received();
    r.dense_bytes_sent = r.dense_bytes_received = sum.size() * 4ull;  // the dense scheme's one round
    r.encode_s = rep.timing.encode_s;
    r.network_s = rep.timing.aggregate_s;
    r.decode_s = rep.timing.decode_s;
    r.union_nonzeros = rep.union_nonzeros;
    r.candidates = rep.candidates;
    r.peel_failures = rep.peel_failures;
    r.rounds = static_cast<int>(rep.rounds.size());
    return r;
}

CollectiveExchange::CollectiveExchange(const compression::SchemeConfig& config, Collective& group)
    : config_(config), group_(group) {
    if (!rank_scheme_supported(config.scheme))
        throw std::invalid_argument(
            "parameter 'scheme': a rank over a network runs dense, dense-int, lhc, lhc-union or lhc-aligned, got '" +
            config.scheme + "'");
}

ExchangeResult CollectiveExchange::exchange(std::span<const std::span<const float>> local, std::span<float> sum) {
    if (local.size() != 1) throw std::logic_error("a rank exchanges exactly one worker's gradient");
    const auto sent0 = group_.bytes_sent(), received0 = group_.bytes_received();
    const RankReport rep = rank_aggregate(config_, group_, local[0], sum, lhc_);
    ExchangeResult r;
    r.bytes_sent = group_.bytes_sent() - sent0;
    r.bytes_received = group_.bytes_received() - received0;
    r.dense_bytes_sent = r.dense_bytes_received = group_.allreduce_bytes(sum.size());
    r.encode_s = rep.encode_s;
    r.network_s = rep.network_s;
    r.decode_s = rep.decode_s;
    r.candidates = rep.candidates;
    r.peel_failures = rep.peel_failures;
    r.rounds = static_cast<int>(rep.rounds.size());
    return r;
}

void CollectiveExchange::sum_statistics(std::span<double> values) {
    std::vector<std::uint32_t> words(values.size());
    for (std::size_t i = 0; i < values.size(); ++i)
        words[i] = std::bit_cast<std::uint32_t>(static_cast<float>(values[i]));
    group_.allreduce(compression::Reduce::sum_float32, words);
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = std::bit_cast<float>(words[i]);
}

}  // namespace compression_training
