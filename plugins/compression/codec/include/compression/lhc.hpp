// Lossless homomorphic compression (LHC): index by OR, values in a count sketch summed by
// the network, decode by peeling, stalls repaired exactly. Rounds on the wire:
//   meta    (max per byte) shared fixed-point exponent, union-size registers - when needed
//   index   (OR)           bitmap or Bloom filter of each worker's nonzero positions
//   sketch  (sum)          count sketch sized from the candidate count every worker learned
//   repair  (sum)          only if peeling stalled: the unpeeled candidates' values, dense
//                          in the candidate order all workers share, so always exact
#pragma once

#include "compression/count_sketch.hpp"
#include "compression/scan.hpp"
#include "compression/scheme.hpp"

namespace compression {

class LhcScheme : public Scheme {
public:
    explicit LhcScheme(const SchemeConfig& config);
    std::string name() const override { return "lhc"; }
    // Int mode is exact; float cells round, so float mode is not (docs/compression-codec.md).
    bool lossless() const override { return config_.mode == ValueMode::int32; }
    Report aggregate(std::span<const std::span<const float>> workers, std::span<float> out) override;

private:
    SchemeConfig config_;
    // Scratch kept between calls, so a scheme object reused per tensor does not allocate
    // (and fault in) its buffers again: each worker's nonzeros, the aggregates, candidates,
    // the peeling state. Every buffer is overwritten before it is read.
    struct Scratch {
        std::vector<NonzeroList> nonzeros;
        ScratchVector<std::uint32_t> encoded;
        Message index_acc, sketch_acc, message;
        std::vector<std::uint32_t> candidates, values;
        PeelWorkspace peel;
    };
    Scratch scratch_;
};

}  // namespace compression
