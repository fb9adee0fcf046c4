#include "collective/half.hpp"

#include <bit>
#include <cstring>

namespace collective {

std::uint16_t float_to_half(float x) {
    const std::uint32_t f = std::bit_cast<std::uint32_t>(x);
    const std::uint32_t sign = (f >> 16) & 0x8000u;
    const std::uint32_t abs = f & 0x7fffffffu;
    if (abs >= 0x7f800000u)  // Inf or NaN (NaN keeps a quiet payload bit)
        return static_cast<std::uint16_t>(sign | 0x7c00u | (abs > 0x7f800000u ? 0x200u : 0u));
    if (abs >= 0x477ff000u)  // rounds to beyond 65504: overflow to Inf
        return static_cast<std::uint16_t>(sign | 0x7c00u);
    if (abs < 0x38800000u) {  // result is subnormal (or zero) in half precision
        if (abs < 0x33000000u) return static_cast<std::uint16_t>(sign);  // below half of the smallest subnormal
        const std::uint32_t mant = (abs & 0x7fffffu) | 0x800000u;
        const int shift = 126 - static_cast<int>(abs >> 23);  // 14..24 bits dropped
        std::uint32_t h = mant >> shift;
        const std::uint32_t rem = mant & ((1u << shift) - 1);
        const std::uint32_t halfway = 1u << (shift - 1);
        if (rem > halfway || (rem == halfway && (h & 1u))) ++h;
        return static_cast<std::uint16_t>(sign | h);
    }
    // Normal: rebias the exponent (127 -> 15) and round the mantissa to 10 bits, ties to even.
    std::uint32_t h = ((abs - 0x38000000u) >> 13);
    const std::uint32_t rem = abs & 0x1fffu;
    if (rem > 0x1000u || (rem == 0x1000u && (h & 1u))) ++h;  // a carry into the exponent is correct
    return static_cast<std::uint16_t>(sign | h);
}

float half_to_float(std::uint16_t h) {
    const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
    const std::uint32_t exp = (h >> 10) & 0x1fu;
    const std::uint32_t mant = h & 0x3ffu;
    std::uint32_t f;
    if (exp == 0) {
        if (mant == 0) {
            f = sign;
        } else {  // subnormal half: value = mant * 2^-24, exact in float
            const float v = static_cast<float>(mant) * 0x1p-24f;
            return sign ? -v : v;
        }
    } else if (exp == 31) {
        f = sign | 0x7f800000u | (mant << 13);
    } else {
        f = sign | ((exp + 112u) << 23) | (mant << 13);
    }
    return std::bit_cast<float>(f);
}

}  // namespace collective
