// The shared fixed-point scale of the integer schemes (dense-int and LHC int), the
// SwitchML-style rule: every worker contributes the float exponent of its largest
// magnitude (one byte, aggregated by max), and all pick the same power-of-two scale so
// that the sum of K workers' integers fits in int32 and cannot overflow.
#pragma once

#include <cstdint>
#include <span>

#include "compression/simd.hpp"

namespace compression {

// Biased IEEE-754 exponent byte of |x| (0 for zero and subnormals). |x| < 2^(byte-126).
std::uint8_t exponent_byte(float x);
// The largest exponent_byte over a buffer (the worker's contribution to the "meta" round).
std::uint8_t max_exponent_byte(std::span<const float> values);

class FixedPoint {
public:
    // Scale for K workers whose largest exponent byte is max_exponent.
    FixedPoint(std::uint8_t max_exponent, std::size_t workers);
    int exponent() const { return exponent_; }     // values are multiplied by 2^exponent
    std::int32_t limit() const { return limit_; }  // |encode(x)| <= limit, K * limit <= INT32_MAX
    // Round to nearest, ties to even. Exact for every |x| < 2^(max_exponent-126).
    std::int32_t encode(float x) const;
    // encode() of every value, as int32 bits (SIMD conversions round to nearest even in
    // the same floating-point environment as nearbyint, so the results are identical).
    void encode(std::span<const float> in, std::span<std::uint32_t> out) const;
    void encode(Isa isa, std::span<const float> in, std::span<std::uint32_t> out) const;
    // The float nearest to sum / 2^exponent (a single rounding, so deterministic).
    float decode(std::int64_t sum) const;

private:
    int exponent_ = 0;
    std::int32_t limit_ = 0;
    double scale_ = 1, unscale_ = 1;  // 2^exponent and 2^-exponent, both exact doubles
};

}  // namespace compression
