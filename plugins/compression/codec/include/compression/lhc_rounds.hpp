// The LHC protocols, written once against a collective::Group: the codec runs them on an
// in-memory group of K workers, a training rank over Gloo, netsim on its simulated switch.
// Rounds on the wire, per variant (config.scheme):
//   lhc (one pass, the paper's design)
//     meta    (max per byte) the shared fixed-point exponent - int mode only, 4 bytes
//     index   (OR)           bitmap or Bloom filter of each worker's nonzero positions
//     sketch  (sum)          in the same pass: a count sketch whose size every worker fixed
//                            beforehand from an estimate (the union the tensor's previous
//                            aggregation decoded, or a fixed compression ratio)
//     repair  (sum)          only if peeling stalled (counted): the unpeeled candidates'
//                            values, dense in the shared candidate order, so always exact
//   lhc-union: meta (exponent + union-size registers), index, then a sketch sized from the
//     candidate count every worker learned, then repair if needed: one pass more.
//   lhc-aligned: meta, index, then each worker's values at the candidates in their shared
//     order (4 bytes per candidate, summed): no sketch, nothing to peel, never repairs.
// Everything after a round depends only on its result, so every process decodes the same
// sum; the protocol's constants (the seeds' salts, the sizing) live only in lhc_rounds.cpp.
#pragma once

#include "compression/count_sketch.hpp"
#include "compression/scan.hpp"
#include "compression/scheme.hpp"

#include <collective/group.hpp>

#include <optional>

namespace compression {

// Buffers kept between calls, so a caller aggregating tensor after tensor does not allocate
// (and fault in) them again. Every buffer is overwritten before it is read. One scratch per
// tensor also carries the one-pass estimate from one aggregation of it to the next.
struct LhcScratch {
    // The union the last aggregation decoded (nonzero sums): the same on every worker.
    std::optional<std::size_t> previous_union;
    std::vector<NonzeroList> nonzeros;  // per member of the group
    ScratchVector<std::uint32_t> encoded;
    Message meta, index, sketch, repair;
    std::vector<std::uint32_t> candidates, values, left;
    std::vector<float> mine;
    PeelWorkspace peel;
};

// What decoding found, and its time on the group's clock.
struct LhcDecoded {
    std::size_t candidates = 0, sketch_cells = 0, peel_failures = 0, repaired = 0;
    std::size_t nonzero_sums = 0;  // decoded nonzeros: the next one-pass estimate
    double decode_s = 0;
};

// mine[m] is member m's gradient (m < group.members()); `sum` receives the decoded sum of
// all group.size() participants' gradients. Throws std::invalid_argument for NaN/Inf,
// naming the member and position. Rounds and encode/reduce times go to group.tally().
LhcDecoded lhc_rounds(const SchemeConfig& config, collective::Group& group,
                      std::span<const std::span<const float>> mine, std::span<float> sum, LhcScratch& scratch);

}  // namespace compression
