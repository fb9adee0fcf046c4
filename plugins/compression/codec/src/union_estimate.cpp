#include "compression/union_estimate.hpp"

#include "compression/hashing.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace compression {

std::size_t union_registers_for(std::size_t n) {
    return std::clamp<std::size_t>(std::bit_ceil(std::max<std::size_t>(n / 2048, 1)), 16, 1024);
}

void union_add(std::span<std::uint8_t> registers, std::uint64_t seed, std::span<const std::uint32_t> positions) {
    const int index_bits = std::countr_zero(registers.size());
    for (auto p : positions) {
        const std::uint64_t h = hash_position(p, seed);
        const std::size_t r = static_cast<std::size_t>(h >> (64 - index_bits));
        const std::uint64_t rest = h << index_bits;
        const int rank = rest ? std::countl_zero(rest) + 1 : 64 - index_bits + 1;
        registers[r] = std::max<std::uint8_t>(registers[r], static_cast<std::uint8_t>(rank));
    }
}

double union_estimate(std::span<const std::uint8_t> registers) {
    // HyperLogLog (Flajolet et al. 2007) with the linear-counting correction for small sets.
    const double m = static_cast<double>(registers.size());
    double inverse_sum = 0;
    std::size_t zeros = 0;
    for (auto r : registers) {
        inverse_sum += std::ldexp(1.0, -static_cast<int>(r));
        zeros += r == 0;
    }
    const double alpha = m <= 16 ? 0.673 : m <= 32 ? 0.697 : m <= 64 ? 0.709 : 0.7213 / (1.0 + 1.079 / m);
    const double raw = alpha * m * m / inverse_sum;
    if (raw <= 2.5 * m && zeros > 0) return m * std::log(m / static_cast<double>(zeros));
    return raw;
}

}  // namespace compression
