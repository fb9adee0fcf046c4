#include "scheduling/circle.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace sextant::scheduling {

UnifiedCircle unify(const std::vector<double>& iteration_ms, double tolerance, int max_turns) {
    if (iteration_ms.empty()) throw std::invalid_argument("unified circle: no jobs");
    if (max_turns < 1) throw std::invalid_argument("unified circle: max_turns must be >= 1");
    double longest = *std::max_element(iteration_ms.begin(), iteration_ms.end());
    for (double t : iteration_ms)
        if (!(t > 0)) throw std::invalid_argument("unified circle: iteration times must be positive");
    UnifiedCircle best;
    best.worst_error = std::numeric_limits<double>::infinity();
    for (int k = 1; k <= max_turns; ++k) {
        UnifiedCircle c;
        c.perimeter_ms = k * longest;
        for (double t : iteration_ms) {
            // Round turns down: a job's period is only ever padded (its agent waits a little
            // before each iteration), never squeezed, which it could not do.
            int n = std::max(1, static_cast<int>(std::floor(c.perimeter_ms / t + 1e-9)));
            c.turns.push_back(n);
            c.worst_error = std::max(c.worst_error, (c.perimeter_ms - n * t) / (n * t));
        }
        if (c.worst_error <= tolerance) {
            for (size_t j = 0; j < iteration_ms.size(); ++j)
                c.period_error.push_back(c.perimeter_ms / c.turns[j] / iteration_ms[j] - 1);
            return c;
        }
        if (c.worst_error < best.worst_error - 1e-12) best = c;
    }
    best.within_tolerance = false;
    for (size_t j = 0; j < iteration_ms.size(); ++j)
        best.period_error.push_back(best.perimeter_ms / best.turns[j] / iteration_ms[j] - 1);
    return best;
}

UnifiedCircle unify_lcm(const std::vector<double>& iteration_ms, double quantum_ms, int max_turns, double tolerance) {
    if (iteration_ms.empty()) throw std::invalid_argument("unified circle: no jobs");
    if (!(quantum_ms > 0)) throw std::invalid_argument("unified circle: quantum must be positive");
    if (max_turns < 1) throw std::invalid_argument("unified circle: max_turns must be >= 1");
    for (double t : iteration_ms)
        if (!(t > 0)) throw std::invalid_argument("unified circle: iteration times must be positive");
    const double longest = *std::max_element(iteration_ms.begin(), iteration_ms.end());
    // In quanta; the cap bounds the LCM, so it cannot overflow before we stop.
    const double cap = std::floor(max_turns * longest / quantum_ms + 1e-9);
    std::vector<long long> n;
    long long lcm = 1;
    bool truncated = false;
    for (double t : iteration_ms) {
        n.push_back(std::max(1LL, std::llround(t / quantum_ms)));
        if (!truncated) {
            const long long g = std::gcd(lcm, n.back());
            const double next = static_cast<double>(lcm / g) * static_cast<double>(n.back());
            if (next > std::max(cap, static_cast<double>(n.back()))) truncated = true;
            else lcm = lcm / g * n.back();
        }
    }
    if (truncated) {
        UnifiedCircle fit = unify(iteration_ms, tolerance, max_turns);
        fit.truncated = true;
        return fit;
    }
    UnifiedCircle c;
    c.perimeter_ms = static_cast<double>(lcm) * quantum_ms;
    for (size_t j = 0; j < n.size(); ++j) {
        c.turns.push_back(static_cast<int>(lcm / n[j]));
        c.period_error.push_back(static_cast<double>(n[j]) * quantum_ms / iteration_ms[j] - 1);
        c.worst_error = std::max(c.worst_error, std::abs(c.period_error.back()));
    }
    return c;
}

CircleDemand rasterise(const std::vector<const Pattern*>& jobs, const std::vector<double>& multiplicity,
                       const UnifiedCircle& circle, int bins) {
    if (bins < 1) throw std::invalid_argument("unified circle: bins must be >= 1");
    CircleDemand out;
    out.bins = bins;
    out.perimeter_ms = circle.perimeter_ms;
    out.turns = circle.turns;
    const double width = circle.perimeter_ms / bins;
    for (size_t j = 0; j < jobs.size(); ++j) {
        std::vector<double> d(bins, 0.0);
        const Pattern& p = *jobs[j];
        const double period = circle.perimeter_ms / circle.turns[j];
        const double stretch = period / p.iteration_ms;
        out.period_ms.push_back(period);
        for (int turn = 0; turn < circle.turns[j]; ++turn)
            for (const Phase& ph : p.phases) {
                // Add gbps x (overlap with each arc) / arc width, wrapping round the circle.
                // Positions are in arc units; boundaries snap so rounding never spills an arc.
                const double a = (turn * period + ph.start_ms * stretch) / width;
                const double b = a + ph.duration_ms * stretch / width;
                for (double x = a; x < b - 1e-9;) {
                    const double cell = std::floor(x + 1e-9);
                    const double next = std::min(b, cell + 1);
                    const long long bin = static_cast<long long>(cell) % bins;
                    d[bin] += ph.gbps * multiplicity[j] * (next - x);
                    x = next;
                }
            }
        out.demand.push_back(std::move(d));
    }
    return out;
}

}  // namespace sextant::scheduling
