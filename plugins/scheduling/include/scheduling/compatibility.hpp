// CASSINI's compatibility score of one link and the search for the rotations that
// maximise it.
//
//   score = 1 - sum_a max(0, sum_j d_j(a - s_j) - C) / (bins * C)
//
// 1 means the jobs' Up phases interleave without ever exceeding the capacity C; it falls
// as demand above capacity grows and can go below 0.
#pragma once

#include "scheduling/circle.hpp"

#include <vector>

namespace sextant::scheduling {

// Score with job j rotated by shifts[j] arcs.
double compatibility(const CircleDemand& circle, const std::vector<int>& shifts, double capacity_gbps);

struct Rotation {
    double score = 1.0;
    std::vector<int> shift_bins;   // per job; the first (largest) job stays at 0
    std::vector<double> shift_ms;  // shift_bins converted to time, within the job's own period
    int passes = 0;                // coordinate-descent passes run
};

// Rotation search. Rotating every job together changes nothing, so one job is pinned at
// 0; each other job j only needs shifts within its own period (bins / turns_j arcs, when
// that is whole; otherwise the whole circle is tried).
//
// Jobs are placed one at a time, largest demand first, each at the shift that minimises
// the excess over what is already placed; then coordinate descent re-places each job
// against all others until no move helps (at most max_passes). Each placement scans all
// shifts of the job against a running sum, touching only the arcs where the job has
// demand: O(bins/turns_j * nnz_j), nnz_j <= bins the job's busy arcs - a sparse, clipped
// cross-correlation. A pass costs O(sum_j bins/turns_j * nnz_j), so the search is
// O(passes * J * bins^2) at worst and far less for short Up phases.
// Exact for two jobs (it tries every relative shift); a heuristic for three or more.
Rotation best_rotation(const CircleDemand& circle, double capacity_gbps, int max_passes = 8);

// The rotation search's inner loop runs on AVX-512 or AVX where the processor has them, else
// on SSE2 or plain C++: the same numbers either way. Sets the widest to use (capped by what
// the processor has) so tests can compare; returns the previous one. Not for use while
// searches run.
enum class RotationSimd { Sse2, Avx, Avx512 };
RotationSimd rotation_search_simd(RotationSimd at_most);

// Exhaustive search over all shift combinations, for tests on small instances.
Rotation brute_force_rotation(const CircleDemand& circle, double capacity_gbps);

}  // namespace sextant::scheduling
