// Lossless homomorphic compression (LHC) of K workers' gradients in this process: the
// protocol's rounds (compression/lhc_rounds.hpp) on an in-memory group.
#pragma once

#include "compression/lhc_rounds.hpp"
#include "compression/scheme.hpp"

#include <collective/memory_group.hpp>

namespace compression {

class LhcScheme : public Scheme {
public:
    explicit LhcScheme(const SchemeConfig& config);
    std::string name() const override { return config_.scheme; }
    // Int mode is exact; float cells round, so float mode is not (docs/compression-codec.md).
    bool lossless() const override { return config_.mode == ValueMode::int32; }
    Report aggregate(std::span<const std::span<const float>> workers, std::span<float> out) override;

private:
    SchemeConfig config_;
    // Kept between calls, so a scheme object reused per tensor does not allocate again.
    collective::MemoryGroup group_;
    LhcScratch scratch_;
};

}  // namespace compression
