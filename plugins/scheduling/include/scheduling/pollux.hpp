// A Pollux-like goodput-aware scheduler (Qiao et al., "Pollux: Co-adaptive Cluster Scheduling
// for Goodput-Optimized Deep Learning", OSDI 2021), as far as this simulator's jobs allow.
//
// Pollux gives each job the GPUs that raise the cluster's goodput most: goodput = throughput
// x statistical efficiency. Here a data-parallel job keeps its per-GPU batch, so on a GPUs it
// processes a x batch samples per iteration at the iteration time of its consolidated
// placement (IterationPlan::ideal_seconds), and a total batch M larger than the one it asked
// for (M0) needs more samples for the same progress: efficiency E(M) = (phi + M0) / (phi + M)
// with phi the gradient noise scale (McCandlish et al. 2018, as Pollux models it). phi is not
// known per model, so phi / M0 is one parameter (an assumption). At each scheduling round
// the allocation is searched as Pollux does (pollux_search.hpp: a genetic search for the best
// power mean of the jobs' speedups over their fair share, restarts penalised), or greedily:
// GPUs go, one size step at a time, to the job whose speedup - its goodput over its goodput
// on the GPUs it asked for - rises most per GPU. Sizes: 1, 2, 4, ... up to twice the request,
// and the request itself; hybrid (pipeline) models keep their request. A job whose
// allocation changes restarts (restart_s) and its remaining work is converted at the new
// size: remaining iterations x progress per iteration (a / requested x E) at the old size /
// the same at the new one. With noise_growth, each round first converts every job's
// remaining work at its phi then.
#pragma once

#include "scheduling/profiles.hpp"

#include <map>
#include <string>
#include <vector>

namespace sextant::scheduling {

// How a round's allocation is found: Pollux's genetic search, or the greedy of plugin 1.6.
enum class PolluxSearchKind { Genetic, Greedy };
PolluxSearchKind parse_pollux_search(const std::string& text);  // "genetic" | "greedy"

struct PolluxConfig {
    double noise_scale = 2.0;  // phi / M0 (assumption: doubling the batch keeps 3/4 of its samples' worth)
    // phi at the end of a job's training over phi at its start; phi grows geometrically with
    // the job's progress, so bigger batches pay off later in training (Pollux measures phi
    // online and adapts to its growth). 1: phi constant (plugin 1.7).
    double noise_growth = 1.0;
    PolluxSearchKind search = PolluxSearchKind::Genetic;
    // Genetic search (Pollux, OSDI'21, section 4.2 and its simulator): the power mean
    // (p <= 1; -1 is Pollux's default, 1 the plain mean) of the jobs' speedups, and the
    // search's population and generations (100 and 100 in Pollux's simulator).
    double fairness_p = -1;
    int population = 100;
    int generations = 100;
    void validate() const;  // throws naming the field
};

// One job's choices: allocation sizes, ascending, with its speedup and progress per
// iteration (in iterations of the size it asked for) at each.
struct ElasticChoices {
    std::vector<int> sizes;
    std::vector<double> speedup, progress_per_iteration;
    int index_of(int gpus) const;        // in `sizes`, -1 when it is not one
    double progress_at(int gpus) const;  // throws for a size not in `sizes`
};

// phi / M0 of a job that has done `fraction` (0..1) of its work.
double noise_scale_at(const PolluxConfig& config, double fraction);

ElasticChoices elastic_choices(const ModelProfile& model, int requested, int gpus_per_server, double nic_gbps,
                               int cluster_gpus, const PolluxConfig& config);

struct ElasticJob {
    int id = 0;
    const ElasticChoices* choices = nullptr;
    int current = 0;  // GPUs it holds now (0: waiting)
    // For the genetic search: time since it arrived and its restarts so far (Pollux's
    // re-allocation factor), and the GPU-seconds it has had (who is served first when a
    // drawn allocation asks for more GPUs than there are).
    double age_s = 0;
    int restarts = 0;
    double attained_gpu_s = 0;
};

// The greedy search. GPUs per job id (0: waits). reallocate = false: jobs holding GPUs keep
// them, and only the GPUs left are handed out (between rounds, when jobs finish or arrive).
std::map<int, int> pollux_allocation(const std::vector<ElasticJob>& jobs, int cluster_gpus, bool reallocate);

}  // namespace sextant::scheduling
