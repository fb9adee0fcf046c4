#include "scheduling/compatibility.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#endif

namespace sextant::scheduling {

namespace {

double excess_of(const std::vector<double>& total, double capacity) {
    double e = 0;
    for (double v : total) e += std::max(0.0, v - capacity);
    return e;
}

// Shifts of job j worth trying: one period when a period is a whole number of arcs (a
// further shift repeats the pattern exactly), else the whole circle.
int period_bins(const CircleDemand& c, size_t j) { return c.bins % c.turns[j] == 0 ? c.bins / c.turns[j] : c.bins; }

// Excess change of kBlock consecutive shifts s0.. of one job: for each busy arc k (in
// order) sum[i] += max(0, b + d_k - C) - max(0, b - C) with b the base at arc busy[k] + s0
// + i. The sums stay in registers across arcs (SSE2: two shifts per register); each adds
// its terms in arc order with the same IEEE operations as a scalar loop, so the numbers
// are the scalar ones. Every 16 arcs the sums are checked: when none of the first `live`
// is below `beat` any more, the block is abandoned (returns false). Terms are >= 0, so a
// sum only grows and an abandoned shift could not have won.
constexpr int kBlock = 16;
bool score_block(const double* base, const int* busy, const double* demand, size_t m, double cap, double beat, int live,
                 double* sum) {
    constexpr size_t kCheck = 16;
#if defined(__SSE2__)
    constexpr int kRegs = kBlock / 2;
    __m128d acc[kRegs];
    for (int r = 0; r < kRegs; ++r) acc[r] = _mm_setzero_pd();
    const __m128d vcap = _mm_set1_pd(cap), zero = _mm_setzero_pd();
    for (size_t k = 0; k < m;) {
        for (const size_t stop = std::min(m, k + kCheck); k < stop; ++k) {
            const double* b = base + busy[k];
            const __m128d d = _mm_set1_pd(demand[k]);
            for (int r = 0; r < kRegs; ++r) {
                const __m128d x = _mm_loadu_pd(b + 2 * r);
                const __m128d over = _mm_max_pd(_mm_sub_pd(_mm_add_pd(x, d), vcap), zero);  // v > 0 ? v : 0
                const __m128d was = _mm_max_pd(_mm_sub_pd(x, vcap), zero);
                acc[r] = _mm_add_pd(acc[r], _mm_sub_pd(over, was));
            }
        }
        for (int r = 0; r < kRegs; ++r) _mm_storeu_pd(sum + 2 * r, acc[r]);
        bool open = false;
        for (int i = 0; i < live; ++i) open = open || sum[i] < beat;
        if (!open) return false;
    }
    return true;
#else
    std::fill(sum, sum + kBlock, 0.0);
    for (size_t k = 0; k < m;) {
        for (const size_t stop = std::min(m, k + kCheck); k < stop; ++k) {
            const double* b = base + busy[k];
            for (int i = 0; i < kBlock; ++i)
                sum[i] += std::max(0.0, b[i] + demand[k] - cap) - std::max(0.0, b[i] - cap);
        }
        bool open = false;
        for (int i = 0; i < live; ++i) open = open || sum[i] < beat;
        if (!open) return false;
    }
    return true;
#endif
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SEXTANT_SCHEDULING_AVX 1
// score_block with AVX (four shifts per register), for processors that have it: the same
// operations lane by lane, so the same numbers. The widest the processor has is used.
__attribute__((target("avx"))) bool score_block_avx(const double* base, const int* busy, const double* demand, size_t m,
                                                    double cap, double beat, int live, double* sum) {
    constexpr size_t kCheck = 16;
    constexpr int kRegs = kBlock / 4;
    __m256d acc[kRegs];
    for (int r = 0; r < kRegs; ++r) acc[r] = _mm256_setzero_pd();
    const __m256d vcap = _mm256_set1_pd(cap), zero = _mm256_setzero_pd();
    for (size_t k = 0; k < m;) {
        for (const size_t stop = std::min(m, k + kCheck); k < stop; ++k) {
            const double* b = base + busy[k];
            const __m256d d = _mm256_set1_pd(demand[k]);
            for (int r = 0; r < kRegs; ++r) {
                const __m256d x = _mm256_loadu_pd(b + 4 * r);
                const __m256d over = _mm256_max_pd(_mm256_sub_pd(_mm256_add_pd(x, d), vcap), zero);
                const __m256d was = _mm256_max_pd(_mm256_sub_pd(x, vcap), zero);
                acc[r] = _mm256_add_pd(acc[r], _mm256_sub_pd(over, was));
            }
        }
        for (int r = 0; r < kRegs; ++r) _mm256_storeu_pd(sum + 4 * r, acc[r]);
        bool open = false;
        for (int i = 0; i < live; ++i) open = open || sum[i] < beat;
        if (!open) return false;
    }
    return true;
}

// The same with AVX-512: eight shifts per register, two registers per block.
__attribute__((target("avx512f"))) bool score_block_avx512(const double* base, const int* busy, const double* demand,
                                                           size_t m, double cap, double beat, int live, double* sum) {
    constexpr size_t kCheck = 16;
    constexpr int kRegs = kBlock / 8;
    __m512d acc[kRegs];
    for (int r = 0; r < kRegs; ++r) acc[r] = _mm512_setzero_pd();
    const __m512d vcap = _mm512_set1_pd(cap), zero = _mm512_setzero_pd();
    for (size_t k = 0; k < m;) {
        for (const size_t stop = std::min(m, k + kCheck); k < stop; ++k) {
            const double* b = base + busy[k];
            const __m512d d = _mm512_set1_pd(demand[k]);
            for (int r = 0; r < kRegs; ++r) {
                const __m512d x = _mm512_loadu_pd(b + 8 * r);
                // maskz with every lane on: max itself (GCC 12's _mm512_max_pd warns of an undefined source).
                const __m512d over = _mm512_maskz_max_pd(0xFF, _mm512_sub_pd(_mm512_add_pd(x, d), vcap), zero);
                const __m512d was = _mm512_maskz_max_pd(0xFF, _mm512_sub_pd(x, vcap), zero);
                acc[r] = _mm512_add_pd(acc[r], _mm512_sub_pd(over, was));
            }
        }
        for (int r = 0; r < kRegs; ++r) _mm512_storeu_pd(sum + 8 * r, acc[r]);
        bool open = false;
        for (int i = 0; i < live; ++i) open = open || sum[i] < beat;
        if (!open) return false;
    }
    return true;
}

RotationSimd supported_simd() {
    __builtin_cpu_init();  // this may run before the runtime's own initialisation
    if (__builtin_cpu_supports("avx512f")) return RotationSimd::Avx512;
    return __builtin_cpu_supports("avx") ? RotationSimd::Avx : RotationSimd::Sse2;
}

RotationSimd simd_on = supported_simd();
#endif

// Best shift of job j against `base` (the sum of the other jobs): returns the shift and
// the excess change it causes. Ties go to the smallest shift, so results are deterministic.
// Shifts are scored kBlock at a time (score_block), in order, against the best so far;
// once the best needs no excess at all nothing can beat it. The result is exactly that of
// scoring one shift after another.
std::pair<int, double> place(const CircleDemand& c, size_t j, const std::vector<double>& base, double cap,
                             const std::vector<int>& busy) {
    const int n = c.bins;
    const auto& d = c.demand[j];
    // The base repeated, so arc a + s needs no modulo; the job's demand on its busy arcs.
    thread_local std::vector<double> base2, demand;
    base2.resize(2 * static_cast<size_t>(n) + kBlock);
    for (size_t at = 0; at < base2.size(); at += n)
        std::copy_n(base.begin(), std::min(static_cast<size_t>(n), base2.size() - at), base2.begin() + at);
    demand.resize(busy.size());
    for (size_t k = 0; k < busy.size(); ++k) demand[k] = d[busy[k]];
    const int ps = period_bins(c, j);
#if defined(SEXTANT_SCHEDULING_AVX)
    const auto score = simd_on == RotationSimd::Avx512 ? score_block_avx512
                       : simd_on == RotationSimd::Avx  ? score_block_avx
                                                       : score_block;
#else
    constexpr auto score = score_block;
#endif
    int best = 0;
    double best_delta = std::numeric_limits<double>::infinity();
    double beat = best_delta;  // a shift must end below this to win
    for (int s0 = 0; s0 < ps && beat > 0; s0 += kBlock) {
        const int live = std::min(kBlock, ps - s0);
        double sum[kBlock];
        if (!score(base2.data() + s0, busy.data(), demand.data(), busy.size(), cap, beat, live, sum)) continue;
        for (int i = 0; i < live; ++i)
            if (sum[i] < beat) best_delta = sum[i], best = s0 + i, beat = best_delta - 1e-9;
    }
    return {best, best_delta};
}

// total[(a + shift) mod n] += sign x d[a]. Each arc of `total` receives at most one term,
// so the two unwrapped halves give the same numbers as one loop with a modulo.
void add(std::vector<double>& total, const std::vector<double>& d, int shift, double sign) {
    const int n = static_cast<int>(total.size());
    const int split = n - shift;  // arcs a >= split wrap round to a - split
    for (int a = 0; a < split; ++a)
        if (d[a] != 0) total[a + shift] += sign * d[a];
    for (int a = split; a < n; ++a)
        if (d[a] != 0) total[a - split] += sign * d[a];
}

Rotation finish(const CircleDemand& c, std::vector<int> shifts, double cap) {
    Rotation r;
    r.score = compatibility(c, shifts, cap);
    r.shift_bins = std::move(shifts);
    const double width = c.perimeter_ms / c.bins;
    for (size_t j = 0; j < r.shift_bins.size(); ++j)
        r.shift_ms.push_back(std::fmod(r.shift_bins[j] * width, c.period_ms[j]));
    return r;
}

}  // namespace

RotationSimd rotation_search_simd(RotationSimd at_most) {
#if defined(SEXTANT_SCHEDULING_AVX)
    const RotationSimd was = simd_on;
    simd_on = std::min(at_most, supported_simd());
    return was;
#else
    (void)at_most;
    return RotationSimd::Sse2;
#endif
}

double compatibility(const CircleDemand& c, const std::vector<int>& shifts, double cap) {
    if (!(cap > 0)) throw std::invalid_argument("compatibility: capacity must be positive");
    std::vector<double> total(c.bins, 0.0);
    for (size_t j = 0; j < c.demand.size(); ++j) add(total, c.demand[j], ((shifts[j] % c.bins) + c.bins) % c.bins, 1.0);
    return 1.0 - excess_of(total, cap) / (c.bins * cap);
}

Rotation best_rotation(const CircleDemand& c, double cap, int max_passes) {
    if (!(cap > 0)) throw std::invalid_argument("compatibility: capacity must be positive");
    const size_t J = c.demand.size();
    std::vector<int> shifts(J, 0);
    if (J < 2) return finish(c, shifts, cap);
    std::vector<std::vector<int>> busy(J);
    std::vector<double> volume(J, 0.0);
    for (size_t j = 0; j < J; ++j)
        for (int a = 0; a < c.bins; ++a)
            if (c.demand[j][a] != 0) busy[j].push_back(a), volume[j] += c.demand[j][a];
    std::vector<size_t> order(J);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return volume[a] > volume[b]; });

    std::vector<double> total(c.bins, 0.0);
    add(total, c.demand[order[0]], 0, 1.0);
    for (size_t k = 1; k < J; ++k) {
        size_t j = order[k];
        shifts[j] = place(c, j, total, cap, busy[j]).first;
        add(total, c.demand[j], shifts[j], 1.0);
    }
    int passes = 0;
    if (J > 2) {
        for (; passes < max_passes; ++passes) {
            bool moved = false;
            for (size_t k = 1; k < J; ++k) {
                size_t j = order[k];
                add(total, c.demand[j], shifts[j], -1.0);
                auto [s, delta] = place(c, j, total, cap, busy[j]);
                // Keep the current shift unless the new one is strictly better.
                double current = 0;
                for (int a : busy[j]) {
                    double before = total[(a + shifts[j]) % c.bins];
                    current += std::max(0.0, before + c.demand[j][a] - cap) - std::max(0.0, before - cap);
                }
                if (delta < current - 1e-9) shifts[j] = s, moved = true;
                add(total, c.demand[j], shifts[j], 1.0);
            }
            if (!moved) break;
        }
    }
    Rotation r = finish(c, shifts, cap);
    r.passes = passes;
    return r;
}

Rotation brute_force_rotation(const CircleDemand& c, double cap) {
    const size_t J = c.demand.size();
    std::vector<int> shifts(J, 0), best = shifts;
    double best_score = compatibility(c, shifts, cap);
    if (J < 2) return finish(c, best, cap);
    // Odometer over shifts of jobs 1..J-1 (job 0 pinned).
    while (true) {
        size_t j = 1;
        while (j < J && ++shifts[j] >= period_bins(c, j)) shifts[j++] = 0;
        if (j == J) break;
        double s = compatibility(c, shifts, cap);
        if (s > best_score + 1e-12) best_score = s, best = shifts;
    }
    return finish(c, best, cap);
}

}  // namespace sextant::scheduling
