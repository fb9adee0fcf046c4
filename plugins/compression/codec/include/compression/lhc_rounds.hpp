// The LHC protocol, written once against a collective::Group: the codec runs it on an
// in-memory group of K workers, a training rank over Gloo, netsim on its simulated switch.
// Rounds on the wire:
//   meta    (max per byte) shared fixed-point exponent, union-size registers - when needed
//   index   (OR)           bitmap or Bloom filter of each worker's nonzero positions
//   sketch  (sum)          count sketch sized from the candidate count every worker learned
//   repair  (sum)          only if peeling stalled: the unpeeled candidates' values, dense
//                          in the candidate order all workers share, so always exact
// Everything after a round depends only on its result, so every process decodes the same
// sum; the protocol's constants (the seeds' salts, the sizing) live only here.
#pragma once

#include "compression/count_sketch.hpp"
#include "compression/scan.hpp"
#include "compression/scheme.hpp"

#include <collective/group.hpp>

namespace compression {

// Buffers kept between calls, so a caller aggregating tensor after tensor does not allocate
// (and fault in) them again. Every buffer is overwritten before it is read.
struct LhcScratch {
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
    double decode_s = 0;
};

// mine[m] is member m's gradient (m < group.members()); `sum` receives the decoded sum of
// all group.size() participants' gradients. Throws std::invalid_argument for NaN/Inf,
// naming the member and position. Rounds and encode/reduce times go to group.tally().
LhcDecoded lhc_rounds(const SchemeConfig& config, collective::Group& group, std::span<const std::span<const float>> mine,
                      std::span<float> sum, LhcScratch& scratch);

}  // namespace compression
