// AVX2 forms of the codec's 32-bit hashing (compression/hashing.hpp), 8 lanes at a time.
// Only for functions compiled with __attribute__((target("avx2"))).
#pragma once

#if defined(__x86_64__)
#include <immintrin.h>

namespace compression {

// fmix32 in each lane.
__attribute__((target("avx2"))) inline __m256i fmix32_avx2(__m256i x) {
    x = _mm256_xor_si256(x, _mm256_srli_epi32(x, 16));
    x = _mm256_mullo_epi32(x, _mm256_set1_epi32(static_cast<int>(0x85ebca6bu)));
    x = _mm256_xor_si256(x, _mm256_srli_epi32(x, 13));
    x = _mm256_mullo_epi32(x, _mm256_set1_epi32(static_cast<int>(0xc2b2ae35u)));
    return _mm256_xor_si256(x, _mm256_srli_epi32(x, 16));
}

// fast_range(h, range) in each lane: the high half of h * range.
__attribute__((target("avx2"))) inline __m256i fast_range_avx2(__m256i h, __m256i range) {
    const __m256i even = _mm256_srli_epi64(_mm256_mul_epu32(h, range), 32);
    const __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(h, 32), range);
    return _mm256_blend_epi32(even, odd, 0xaa);
}

}  // namespace compression
#endif
