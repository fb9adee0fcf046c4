// A Pollux-like goodput-aware scheduler (Qiao et al., "Pollux: Co-adaptive Cluster Scheduling
// for Goodput-Optimized Deep Learning", OSDI 2021), as far as this simulator's jobs allow.
//
// Pollux gives each job the GPUs that raise the cluster's goodput most: goodput = throughput
// x statistical efficiency. Here a data-parallel job keeps its per-GPU batch, so on a GPUs it
// processes a x batch samples per iteration at the iteration time of its consolidated
// placement (IterationPlan::ideal_seconds), and a total batch M larger than the one it asked
// for (M0) needs more samples for the same progress: efficiency E(M) = (phi + M0) / (phi + M)
// with phi the gradient noise scale (McCandlish et al. 2018, as Pollux models it). phi is not
// known per model, so phi / M0 is one parameter (an assumption). A job's speedup on a GPUs is
// its goodput there over its goodput on the GPUs it asked for; at each scheduling round the
// GPUs go, one size step at a time, to the job whose speedup rises most per GPU (greedy;
// Pollux searches allocations with a genetic algorithm and a fairness-weighted mean of the
// speedups). Sizes: 1, 2, 4, ... up to twice the request, and the request itself; hybrid
// (pipeline) models keep their request. A job whose allocation changes restarts (restart_s)
// and its remaining work is converted at the new size: remaining iterations x
// progress per iteration (a / requested x E) at the old size / the same at the new one.
#pragma once

#include "scheduling/profiles.hpp"

#include <map>
#include <vector>

namespace sextant::scheduling {

struct PolluxConfig {
    double noise_scale = 2.0;  // phi / M0 (assumption: doubling the batch keeps 3/4 of its samples' worth)
    void validate() const;     // throws naming the field
};

// One job's choices: allocation sizes, ascending, with its speedup and progress per
// iteration (in iterations of the size it asked for) at each.
struct ElasticChoices {
    std::vector<int> sizes;
    std::vector<double> speedup, progress_per_iteration;
    int index_of(int gpus) const;        // in `sizes`, -1 when it is not one
    double progress_at(int gpus) const;  // throws for a size not in `sizes`
};

ElasticChoices elastic_choices(const ModelProfile& model, int requested, int gpus_per_server, double nic_gbps,
                               int cluster_gpus, const PolluxConfig& config);

struct ElasticJob {
    int id = 0;
    const ElasticChoices* choices = nullptr;
    int current = 0;  // GPUs it holds now (0: waiting)
};

// GPUs per job id (0: waits). reallocate = false: jobs holding GPUs keep them, and only the
// GPUs left are handed out (between rounds, when jobs finish or arrive).
std::map<int, int> pollux_allocation(const std::vector<ElasticJob>& jobs, int cluster_gpus, bool reallocate);

}  // namespace sextant::scheduling
