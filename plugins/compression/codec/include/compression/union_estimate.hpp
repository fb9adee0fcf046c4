// Estimating how many distinct positions the workers hold together, before the index is
// built, so the Bloom filter can be sized for the union: a HyperLogLog whose byte
// registers aggregate by per-byte max (a switch can do it). Only sizing depends on it;
// a wrong estimate costs bytes, never correctness.
#pragma once

#include <cstdint>
#include <span>

namespace compression {

// Register count for n positions: a power of two in [16, 1024], about n / 2048, so the
// estimate stays a small fraction of the payload even for small tensors.
std::size_t union_registers_for(std::size_t n);
void union_add(std::span<std::uint8_t> registers, std::uint64_t seed, std::span<const std::uint32_t> positions);
double union_estimate(std::span<const std::uint8_t> registers);

}  // namespace compression
