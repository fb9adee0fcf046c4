// Pollux's allocation search (Qiao et al., OSDI 2021, section 4.2), over this simulator's
// choices: each job either waits or runs on one of its sizes (pollux.hpp); where it runs
// is left to placement, as for every host here.
//
// Objective (PolluxObjective): the power mean, with exponent p (Pollux: -1), of the jobs'
// speedups, each its goodput on the GPUs given over its goodput on a fair share of the
// cluster (ceil(GPUs / jobs) GPUs; a job given a share uses the best of its sizes within
// it, and a share below its smallest size gives it that fraction of the smallest size's
// goodput). A job that holds GPUs and would be moved to another size has its speedup
// multiplied by Pollux's re-allocation factor max(age - restarts x delay, 0) / (age + delay),
// the delay being the simulator's restart time, so young jobs restarted often stay put. A
// waiting job's start is not penalised (it pays the restart time when placed). Speedups enter
// as speedup + 0.001, as in Pollux's simulator, so that a waiting job (speedup 0) has a finite
// term for p <= 0.
//
// Search (PolluxSearch): a genetic algorithm as Pollux's. A state is a size per job.
// Offspring come from two parents drawn by binary tournament, crossed at one point in the
// job order, then mutated (each job back to its current size with probability 0.1, else to a
// random choice - waiting or one of its sizes - with probability 1 / jobs) and repaired (jobs
// served in order of least GPU-seconds received, then arrival; a job whose size no longer fits
// takes the largest that does, or waits); the best `population` of parents and offspring
// survive. The first population holds the current allocation, the greedy allocation and the
// previous round's survivors (warm start, as Pollux keeps its population across rounds),
// filled up with mutations of the current allocation. Deterministic for a seed.
#pragma once

#include "scheduling/pollux.hpp"
#include "scheduling/trace.hpp"

#include <map>
#include <vector>

namespace sextant::scheduling {

class PolluxObjective {
public:
    // jobs: the active jobs (kept by reference: they must outlive the objective).
    PolluxObjective(const std::vector<ElasticJob>& jobs, int cluster_gpus, double restart_s, double p);
    // sizes[k]: job k's GPUs (0 or one of its sizes).
    double fitness(const std::vector<int>& sizes) const;
    double speedup(size_t job, int gpus) const;  // over its fair share, before the restart factor
    int fair_share() const { return fair_; }

private:
    struct Terms {
        std::vector<double> kept, moved;  // (speedup + 0.001)^p per choice (index 0: waiting)
    };
    const std::vector<ElasticJob>& jobs_;
    double p_;
    int fair_;
    std::vector<double> base_;  // goodput on the fair share, in units of its request's
    std::vector<Terms> terms_;
};

class PolluxSearch {
public:
    PolluxSearch(const PolluxConfig& config, std::uint64_t seed);
    // GPUs per job id (0: waits). reallocate = false: jobs holding GPUs keep them and only
    // the GPUs left are searched over (between rounds, when jobs finish or arrive).
    std::map<int, int> allocate(const std::vector<ElasticJob>& jobs, int cluster_gpus, bool reallocate,
                                double restart_s);
    long long evaluated() const { return evaluated_; }  // states scored so far

private:
    PolluxConfig config_;
    Random rng_;
    std::vector<std::map<int, int>> survivors_;  // the last search's population, by job id
    long long evaluated_ = 0;
};

}  // namespace sextant::scheduling
