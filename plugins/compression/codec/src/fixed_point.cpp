#include "compression/fixed_point.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

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
    const std::int64_t L =
        std::numeric_limits<std::int32_t>::max() / static_cast<std::int64_t>(std::max<std::size_t>(workers, 1));
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

namespace {

#if defined(__x86_64__)
// x * 2^e is exact in double; cvtpd2dq rounds by the current mode (nearest even), like nearbyint.
std::size_t encode_sse2(double scale, const float* in, std::uint32_t* out, std::size_t n) {
    const __m128d s = _mm_set1_pd(scale);
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        const __m128 x = _mm_loadu_ps(in + i);
        const __m128i lo = _mm_cvtpd_epi32(_mm_mul_pd(_mm_cvtps_pd(x), s));
        const __m128i hi = _mm_cvtpd_epi32(_mm_mul_pd(_mm_cvtps_pd(_mm_movehl_ps(x, x)), s));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), _mm_unpacklo_epi64(lo, hi));
    }
    return i;
}

__attribute__((target("avx2"))) std::size_t encode_avx2(double scale, const float* in, std::uint32_t* out,
                                                        std::size_t n) {
    const __m256d s = _mm256_set1_pd(scale);
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m128i lo = _mm256_cvtpd_epi32(_mm256_mul_pd(_mm256_cvtps_pd(_mm_loadu_ps(in + i)), s));
        const __m128i hi = _mm256_cvtpd_epi32(_mm256_mul_pd(_mm256_cvtps_pd(_mm_loadu_ps(in + i + 4)), s));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i), _mm256_set_m128i(hi, lo));
    }
    return i;
}
#endif

}  // namespace

void FixedPoint::encode(std::span<const float> in, std::span<std::uint32_t> out) const { encode(best_isa(), in, out); }

void FixedPoint::encode(Isa isa, std::span<const float> in, std::span<std::uint32_t> out) const {
    if (out.size() < in.size()) throw std::invalid_argument("FixedPoint::encode: output shorter than input");
    std::size_t i = 0;
#if defined(__x86_64__)
    if (isa == Isa::avx2 && isa_supported(Isa::avx2)) i = encode_avx2(scale_, in.data(), out.data(), in.size());
    else if (isa != Isa::scalar) i = encode_sse2(scale_, in.data(), out.data(), in.size());
#endif
    (void)isa;
    for (; i < in.size(); ++i) out[i] = static_cast<std::uint32_t>(encode(in[i]));
}

float FixedPoint::decode(std::int64_t sum) const { return static_cast<float>(static_cast<double>(sum) * unscale_); }

}  // namespace compression
