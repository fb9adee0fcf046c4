#include "scheduling/compatibility.hpp"

#include <algorithm>
#include <cmath>
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
std::pair<int, double> place(const CircleDemand& c, size_t j, const std::vector<double>& base, double cap,
                             const std::vector<int>& busy) {
    const int n = c.bins;
    const auto& d = c.demand[j];
    int best = 0;
    double best_delta = std::numeric_limits<double>::infinity();
    for (int s = 0, ps = period_bins(c, j); s < ps; ++s) {
        double delta = 0;
        for (int a : busy) {
            int at = (a + s) % n;
            double before = base[at];
            delta += std::max(0.0, before + d[a] - cap) - std::max(0.0, before - cap);
        }
        if (delta < best_delta - 1e-9) best_delta = delta, best = s;
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
