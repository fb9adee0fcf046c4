#include "compression/scan.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace compression {

namespace {

constexpr std::size_t kBlock = 64;  // values tested per step; a block of zeros is skipped

// The output buffers, grown (never zeroed) so that a whole block's nonzeros fit.
class Sink {
public:
    explicit Sink(NonzeroList& out) : out_(out) {
        out_.positions.resize(std::max<std::size_t>(out_.positions.capacity(), 4 * kBlock));
        out_.values.resize(out_.positions.size());
    }
    // Room for `more` values past `count` (SIMD stores write whole vectors, so a block
    // needs up to kBlock + 8 slots).
    void reserve_more(std::size_t more) {
        if (count + more <= out_.positions.size()) return;
        const std::size_t size = std::max(2 * out_.positions.size(), count + more);
        out_.positions.resize(size);
        out_.values.resize(size);
    }
    std::uint32_t* positions() { return out_.positions.data(); }
    float* values() { return out_.values.data(); }
    void finish(std::uint32_t max_abs_bits) {
        out_.positions.resize(count);
        out_.values.resize(count);
        out_.max_abs_bits = max_abs_bits;
    }
    std::size_t count = 0;

private:
    NonzeroList& out_;
};

inline std::uint32_t abs_bits(float v) { return std::bit_cast<std::uint32_t>(v) & 0x7fffffffu; }

// Values [from, to) one at a time, without branches on the data.
void scan_tail(const float* x, std::size_t from, std::size_t to, Sink& sink, std::uint32_t& max_bits) {
    sink.reserve_more(to - from);
    std::uint32_t* P = sink.positions();
    float* V = sink.values();
    for (std::size_t i = from; i < to; ++i) {
        const std::uint32_t a = abs_bits(x[i]);
        max_bits = std::max(max_bits, a);
        P[sink.count] = static_cast<std::uint32_t>(i);
        V[sink.count] = x[i];
        sink.count += a != 0;
    }
}

void scan_scalar(std::span<const float> x, NonzeroList& out) {
    Sink sink(out);
    std::uint32_t max_bits = 0;
    std::size_t i = 0;
    for (; i + kBlock <= x.size(); i += kBlock) {
        std::uint32_t any = 0;
        for (std::size_t k = 0; k < kBlock; ++k) any |= std::bit_cast<std::uint32_t>(x[i + k]);
        if (!(any & 0x7fffffffu)) continue;  // only zeros (of either sign)
        scan_tail(x.data(), i, i + kBlock, sink, max_bits);
    }
    scan_tail(x.data(), i, x.size(), sink, max_bits);
    sink.finish(max_bits);
}

#if defined(__x86_64__)
void scan_sse2(std::span<const float> x, NonzeroList& out) {
    Sink sink(out);
    const float* p = x.data();
    const __m128i abs_mask = _mm_set1_epi32(0x7fffffff), zero = _mm_setzero_si128();
    __m128i maxv = zero;
    std::size_t i = 0;
    for (; i + kBlock <= x.size(); i += kBlock) {
        std::uint64_t nonzero = 0;
        for (std::size_t j = 0; j < kBlock / 4; ++j) {
            const __m128i a = _mm_and_si128(_mm_castps_si128(_mm_loadu_ps(p + i + 4 * j)), abs_mask);
            // Magnitudes are below 2^31, so a signed maximum is the unsigned one.
            const __m128i greater = _mm_cmpgt_epi32(a, maxv);
            maxv = _mm_or_si128(_mm_and_si128(greater, a), _mm_andnot_si128(greater, maxv));
            const auto zeros = static_cast<unsigned>(_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(a, zero))));
            nonzero |= static_cast<std::uint64_t>(~zeros & 0xfu) << (4 * j);
        }
        if (!nonzero) continue;
        sink.reserve_more(kBlock);
        std::uint32_t* P = sink.positions();
        float* V = sink.values();
        for (; nonzero; nonzero &= nonzero - 1) {
            const auto k = static_cast<std::size_t>(std::countr_zero(nonzero));
            P[sink.count] = static_cast<std::uint32_t>(i + k);
            V[sink.count] = p[i + k];
            ++sink.count;
        }
    }
    alignas(16) std::uint32_t lanes[4];
    _mm_store_si128(reinterpret_cast<__m128i*>(lanes), maxv);
    std::uint32_t max_bits = std::max(std::max(lanes[0], lanes[1]), std::max(lanes[2], lanes[3]));
    scan_tail(p, i, x.size(), sink, max_bits);
    sink.finish(max_bits);
}

// For each 8-bit mask, the indices of its set bits, packed to the front.
constexpr std::array<std::uint64_t, 256> make_pack_table() {
    std::array<std::uint64_t, 256> t{};
    for (unsigned m = 0; m < 256; ++m) {
        std::uint64_t e = 0;
        unsigned at = 0;
        for (unsigned b = 0; b < 8; ++b)
            if (m & (1u << b)) e |= static_cast<std::uint64_t>(b) << (8 * at++);
        t[m] = e;
    }
    return t;
}
constexpr std::array<std::uint64_t, 256> kPackTable = make_pack_table();

__attribute__((target("avx2,popcnt"))) void scan_avx2(std::span<const float> x, NonzeroList& out) {
    Sink sink(out);
    const float* p = x.data();
    const __m256i abs_mask = _mm256_set1_epi32(0x7fffffff), zero = _mm256_setzero_si256();
    const __m256i iota = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    __m256i maxv = zero;
    std::size_t i = 0;
    for (; i + kBlock <= x.size(); i += kBlock) {
        __m256i v[8];
        unsigned mask[8];
        unsigned any = 0;
        for (int j = 0; j < 8; ++j) {
            v[j] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + 8 * j));
            const __m256i a = _mm256_and_si256(v[j], abs_mask);
            maxv = _mm256_max_epu32(maxv, a);
            mask[j] =
                ~static_cast<unsigned>(_mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpeq_epi32(a, zero)))) & 0xffu;
            any |= mask[j];
        }
        if (!any) continue;
        sink.reserve_more(kBlock + 8);
        std::uint32_t* P = sink.positions();
        float* V = sink.values();
        // Without branches: each group of 8 stores its nonzeros packed to the front (and
        // garbage after them, overwritten by the next group).
        for (int j = 0; j < 8; ++j) {
            const __m256i order =
                _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(&kPackTable[mask[j]])));
            const __m256i pos = _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(i + 8 * j)), iota);
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(P + sink.count), _mm256_permutevar8x32_epi32(pos, order));
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(V + sink.count), _mm256_permutevar8x32_epi32(v[j], order));
            sink.count += static_cast<std::size_t>(_mm_popcnt_u32(mask[j]));
        }
    }
    alignas(32) std::uint32_t lanes[8];
    _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), maxv);
    std::uint32_t max_bits = *std::max_element(lanes, lanes + 8);
    scan_tail(p, i, x.size(), sink, max_bits);
    sink.finish(max_bits);
}
#endif

}  // namespace

void scan_nonzeros(std::span<const float> x, NonzeroList& out) { scan_nonzeros(best_isa(), x, out); }

void scan_nonzeros(Isa isa, std::span<const float> x, NonzeroList& out) {
#if defined(__x86_64__)
    if (isa == Isa::avx2 && isa_supported(Isa::avx2)) return scan_avx2(x, out);
    if (isa != Isa::scalar) return scan_sse2(x, out);
#endif
    (void)isa;
    scan_scalar(x, out);
}

}  // namespace compression
