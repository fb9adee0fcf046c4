#include "compression/bitmap_index.hpp"

#include <bit>

namespace compression {

Message bitmap_build(std::size_t n, std::span<const std::uint32_t> positions) {
    Message bits;
    bitmap_build(n, positions, bits);
    return bits;
}

void bitmap_build(std::size_t n, std::span<const std::uint32_t> positions, Message& bits) {
    bits.assign((n + 31) / 32, 0u);
    for (auto p : positions) bits[p >> 5] |= 1u << (p & 31);
}

void bitmap_positions(const Message& bits, std::size_t n, std::vector<std::uint32_t>& out) {
    const std::size_t words = (n + 31) / 32;
    for (std::size_t w = 0; w < words && w < bits.size(); ++w) {
        for (std::uint32_t word = bits[w]; word; word &= word - 1)
            out.push_back(static_cast<std::uint32_t>(w * 32 + std::countr_zero(word)));
    }
}

}  // namespace compression
