// One rank's side of an aggregation scheme over a Collective: encode its own gradient,
// allreduce each round, decode the sum. The rounds are the codec's own
// (compression/lhc_rounds.hpp, dense_rounds.hpp), so the decoded sum is the in-process
// schemes' sum: bit for bit for dense-int and lhc int (integer sums do not
// depend on order), and for dense / lhc float whenever the float additions happen in the
// same order (always with 2 ranks: a + b == b + a).
#pragma once

#include "compression_training/collective.hpp"

#include <compression/lhc_rounds.hpp>
#include <compression/scheme.hpp>

namespace compression_training {

struct RankReport {
    std::vector<compression::Round> rounds;  // message sizes, as the codec reports them
    double encode_s = 0, network_s = 0, decode_s = 0;
    std::size_t candidates = 0, sketch_cells = 0, peel_failures = 0, repaired = 0;
};

// Schemes a rank can run by itself: dense, dense-int and the LHC protocols (lhc,
// lhc-union, lhc-aligned; bitmap or bloom, int or float).
bool rank_scheme_supported(const std::string& scheme);

// Throws std::invalid_argument for an unsupported scheme or NaN/Inf in `mine` (naming the
// rank and position). `lhc` carries the LHC buffers and the one-pass estimate from one
// aggregation of the tensor to the next (the form without it starts afresh each time).
RankReport rank_aggregate(const compression::SchemeConfig& config, Collective& group, std::span<const float> mine,
                          std::span<float> sum, compression::LhcScratch& lhc);
RankReport rank_aggregate(const compression::SchemeConfig& config, Collective& group, std::span<const float> mine,
                          std::span<float> sum);

}  // namespace compression_training
