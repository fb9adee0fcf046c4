#include "scheduling/compatibility.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

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

// Best shift of job j against `base` (the sum of the other jobs): returns the shift and
// the excess change it causes. Ties go to the smallest shift, so results are deterministic.
//
// Every arc's term max(0, b + d - C) - max(0, b - C) is >= 0 (demand is never negative),
// so a shift's partial sum only grows: once it reaches the best so far minus the tie
// margin the shift cannot win and is abandoned, and once the best needs no excess at all
// nothing can beat it. Shifts go four at a time, four independent running sums, so the
// processor overlaps them instead of waiting on one chain of additions. Each sum adds the
// same terms in the same order as a one-shift scan, so the result is exactly the full scan's.
std::pair<int, double> place(const CircleDemand& c, size_t j, const std::vector<double>& base, double cap,
                             const std::vector<int>& busy) {
    constexpr int kLanes = 4;
    const int n = c.bins;
    const auto& d = c.demand[j];
    // The base repeated, so arc a + s needs no modulo; the job's demand on its busy arcs.
    thread_local std::vector<double> base2, demand;
    base2.resize(2 * static_cast<size_t>(n) + kLanes);
    for (size_t i = 0; i < base2.size(); ++i) base2[i] = base[i % n];
    demand.resize(busy.size());
    for (size_t k = 0; k < busy.size(); ++k) demand[k] = d[busy[k]];
    const size_t m = busy.size();
    const int ps = period_bins(c, j);
    int best = 0;
    double best_delta = std::numeric_limits<double>::infinity();
    double beat = best_delta;  // a shift must end below this to win
    for (int s0 = 0; s0 < ps && beat > 0; s0 += kLanes) {
        const int lanes = std::min(kLanes, ps - s0);
        const double* at = base2.data() + s0;
        double sum[kLanes] = {0, 0, 0, 0};
        size_t k = 0;
        while (k < m) {
            for (const size_t stop = std::min(m, k + 8); k < stop; ++k) {
                const double* b = at + busy[k];
                const double dk = demand[k];
                for (int lane = 0; lane < kLanes; ++lane)
                    sum[lane] += std::max(0.0, b[lane] + dk - cap) - std::max(0.0, b[lane] - cap);
            }
            bool open = false;
            for (int lane = 0; lane < lanes; ++lane) open = open || sum[lane] < beat;
            if (!open) break;
        }
        if (k < m) continue;  // every shift of the group already lost
        for (int lane = 0; lane < lanes; ++lane)
            if (sum[lane] < beat) best_delta = sum[lane], best = s0 + lane, beat = best_delta - 1e-9;
    }
    return {best, best_delta};
}

void add(std::vector<double>& total, const std::vector<double>& d, int shift, double sign) {
    const int n = static_cast<int>(total.size());
    for (int a = 0; a < n; ++a)
        if (d[a] != 0) total[(a + shift) % n] += sign * d[a];
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
