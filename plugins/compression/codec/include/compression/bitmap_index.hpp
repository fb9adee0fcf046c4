// The plain index: one bit per position, aggregated by OR. Exact (no false positives),
// n/8 bytes whatever the density.
#pragma once

#include "compression/wire.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace compression {

Message bitmap_build(std::size_t n, std::span<const std::uint32_t> positions);
// The same into `bits`, reusing its buffer.
void bitmap_build(std::size_t n, std::span<const std::uint32_t> positions, Message& bits);
// Appends the set positions, ascending.
void bitmap_positions(const Message& bits, std::size_t n, std::vector<std::uint32_t>& out);

}  // namespace compression
