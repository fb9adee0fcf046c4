#include "scheduling/compatibility.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#if defined(__SSE2__)
#include <emmintrin.h>
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
int period_bins(const CircleDemand& c, size_t j) {
    return c.bins % c.turns[j] == 0 ? c.bins / c.turns[j] : c.bins;
}

// sum[i] += max(0, b[i] + d - C) - max(0, b[i] - C) for i < kBlock: one arc's term for a
// block of consecutive shifts. With SSE2, two shifts per instruction; the same IEEE
// operations in the same order as the scalar loop, so the same numbers.
constexpr int kBlock = 64;
inline void add_terms(double* sum, const double* b, double d, double cap) {
#if defined(__SSE2__)
    const __m128d vd = _mm_set1_pd(d), vcap = _mm_set1_pd(cap), zero = _mm_setzero_pd();
    for (int i = 0; i < kBlock; i += 2) {
        const __m128d x = _mm_loadu_pd(b + i);
        const __m128d over = _mm_max_pd(_mm_sub_pd(_mm_add_pd(x, vd), vcap), zero);  // max(v, 0): v > 0 ? v : 0
        const __m128d was = _mm_max_pd(_mm_sub_pd(x, vcap), zero);
        _mm_storeu_pd(sum + i, _mm_add_pd(_mm_loadu_pd(sum + i), _mm_sub_pd(over, was)));
    }
#else
    for (int i = 0; i < kBlock; ++i) sum[i] += std::max(0.0, b[i] + d - cap) - std::max(0.0, b[i] - cap);
#endif
}

// Best shift of job j against `base` (the sum of the other jobs): returns the shift and
// the excess change it causes. Ties go to the smallest shift, so results are deterministic.
//
// Shifts are scored a block at a time: for each busy arc, its term is added to the running
// sum of every shift in the block (add_terms). Each sum still adds its terms in arc order,
// as a one-shift scan would, so the result is exactly that scan's. Every term max(0, b + d - C) - max(0, b - C) is >= 0 (demand is
// never negative), so sums only grow: a block whose partial sums have all reached the best
// so far (less the tie margin) cannot win and is abandoned, and once the best needs no
// excess at all nothing can beat it.
std::pair<int, double> place(const CircleDemand& c, size_t j, const std::vector<double>& base, double cap,
                             const std::vector<int>& busy) {
    constexpr size_t kArcs = 16;  // arcs between pruning checks
    const int n = c.bins;
    const auto& d = c.demand[j];
    // The base repeated, so arc a + s needs no modulo; the job's demand on its busy arcs.
    thread_local std::vector<double> base2, demand;
    base2.resize(2 * static_cast<size_t>(n) + kBlock);
    for (size_t i = 0; i < base2.size(); ++i) base2[i] = base[i % n];
    demand.resize(busy.size());
    for (size_t k = 0; k < busy.size(); ++k) demand[k] = d[busy[k]];
    const size_t m = busy.size();
    const int ps = period_bins(c, j);
    int best = 0;
    double best_delta = std::numeric_limits<double>::infinity();
    double beat = best_delta;  // a shift must end below this to win
    for (int s0 = 0; s0 < ps && beat > 0; s0 += kBlock) {
        const int shifts = std::min(kBlock, ps - s0);
        double sum[kBlock] = {};
        size_t k = 0;
        while (k < m) {
            for (const size_t stop = std::min(m, k + kArcs); k < stop; ++k)
                add_terms(sum, base2.data() + busy[k] + s0, demand[k], cap);
            bool open = false;
            for (int i = 0; i < shifts; ++i) open = open || sum[i] < beat;
            if (!open) break;
        }
        if (k < m) continue;  // every shift of the block already lost
        for (int i = 0; i < shifts; ++i)
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
