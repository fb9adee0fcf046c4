#include "compression/fixed_point.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace compression {

std::uint8_t exponent_byte(float x) {
    return static_cast<std::uint8_t>((std::bit_cast<std::uint32_t>(x) >> 23) & 0xffu);
}

std::uint8_t max_exponent_byte(std::span<const float> values) {
    std::uint32_t m = 0;
    for (float v : values) m = std::max(m, std::bit_cast<std::uint32_t>(v) & 0x7f800000u);
    return static_cast<std::uint8_t>(m >> 23);
}

FixedPoint::FixedPoint(std::uint8_t max_exponent, std::size_t workers) {
    // Every |x| < 2^(max_exponent - 126). With L = floor(INT32_MAX / K) and f = floor(log2 L),
    // scaling by 2^(f - (max_exponent - 126)) gives |x * scale| < 2^f <= L, and rounding a
    // number below the integer 2^f cannot exceed it, so |q| <= L and K * |q| <= INT32_MAX:
    // no partial or final sum of K workers can overflow.
    const std::int64_t L = std::numeric_limits<std::int32_t>::max() / static_cast<std::int64_t>(std::max<std::size_t>(workers, 1));
    const int f = std::bit_width(static_cast<std::uint64_t>(L)) - 1;
    exponent_ = f - (static_cast<int>(max_exponent) - 126);
    limit_ = static_cast<std::int32_t>(L);
    scale_ = std::ldexp(1.0, exponent_);  // |exponent| < 300: normal doubles, so multiplying is exact
    unscale_ = std::ldexp(1.0, -exponent_);
}

std::int32_t FixedPoint::encode(float x) const {
    // Scaling a float by a power of two in double is exact; nearbyint rounds ties to even.
    return static_cast<std::int32_t>(std::nearbyint(static_cast<double>(x) * scale_));
}

float FixedPoint::decode(std::int64_t sum) const {
    return static_cast<float>(static_cast<double>(sum) * unscale_);
}

}  // namespace compression
