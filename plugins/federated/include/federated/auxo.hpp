// Auxo's cohort identification (Liu et al., SoCC'23), as FedScale's examples/auxo implements
// it (research note /work/shared/research/federated.md): each cohort round turns its
// participants' updates into a signal, labels clients as leaning to one of two sub-cohorts,
// rewards clients by their distance to the cohort's centroid, and splits a cohort at set
// rounds. Clients choose a cohort by reward, epsilon-greedy with fading exploration; a
// client that never trained draws a cohort uniformly each time (how low-availability
// clients get explored). Holds a few numbers per client; no models.
#pragma once

#include "federated/random.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace federated {

struct AuxoSettings {
    std::vector<int> split_rounds = {50, 100};  // config.yml split_round; empty = the size rule
    double explore_rate = 0.01;                 // config.yml explorerate
    double explore_decay = 0.99;                // config.yml exploredecay (per client decision)
    double signal_fraction = 0.1;               // clustering.py: the last 1/10 of the update
    double reward_scale = 5;                    // update_mainR: (5 - 5/(mean+std) * d) * known_ratio
    int stop_round = 500;                       // no sub-labelling after this global round
    int max_cohorts = 8;                        // cap for the size rule
    double min_side_share = 0.05;               // size rule: each side > N/20 * 0.9^(cohorts-1)
    // Size rule, FedScale's second condition (clustering.py QTable: min_clt = 100 / train_ratio):
    // a cohort splits only with >= split_min_participants / train_ratio members, i.e. when it
    // would get that many participants per round at the population's sampling rate. 0 = off.
    double split_min_participants = 100;
    double train_ratio = 0.1;  // participants per round / clients (client_manager.py getDataInfo); QTable's default
    // Ours, not in FedScale (0 = off, the public rule): a cohort splits only when its two
    // sub-cohorts are c-separated with c = split_separation (Dasgupta, FOCS'99): the distance
    // between their centroids is >= c x the members' RMS distance to their own centroid, on
    // this round's participants. 1 = the halves differ by more than they vary within.
    double split_separation = 1;
    // Ours: how many groups the separation test looks for among the leaning participants. It
    // passes when, for some k in 2..split_test_groups, every pair of k groups is
    // split_separation-separated: k = 2 are the two sides themselves; k >= 3 are k0 groups
    // found by k-means on one side and k - k0 on the other (the best k0), so no group
    // straddles the split. 2 = the two sides only. The cohort then splits along its two
    // sides, whatever k passed; later splits find the rest.
    int split_test_groups = 4;
};

// A split a rule proposed: the sides' separation, whether the cohort split (with the test off,
// always), and the participants that leant to each side (to measure what the sides follow).
struct SplitTest {
    int cohort = 0, global_round = 0;
    // The test's statistic: the best over k = 2..split_test_groups of the smallest pairwise
    // separation among k groups (centroid distance / pooled within-group RMS, less chance).
    double separation = 0;
    int groups = 2;                 // the k that gave it (the smallest k on ties)
    std::vector<double> by_groups;  // per k = 2, 3, ...: the smallest pairwise separation (k = 2: the sides)
    bool split = false;
    std::vector<std::uint32_t> sides[2];
};

class Auxo {
public:
    Auxo(std::size_t clients, AuxoSettings settings, std::uint64_t seed);

    std::size_t cohorts() const { return rounds_.size(); }
    // Where a client trains next: never trained -> uniform; else epsilon-greedy argmax reward.
    int choose(std::uint32_t client);
    // The cohort a client belongs to without exploring (-1 if it never trained).
    int assigned(std::uint32_t client) const;
    std::uint32_t times_trained(std::uint32_t client) const { return trained_[client]; }

    // Cohort k finished a round with these participants; `signals` holds one row of `dim`
    // floats per participant (the tail of old model - new model). Returns the new cohort's
    // index when k split (the caller copies k's model, optimiser state and clock), else -1.
    int observe(int cohort, int global_round, std::span<const std::uint32_t> clients, std::span<const float> signals,
                std::size_t dim);

    double exploration() const { return epsilon_; }
    // Every split the size or round rule proposed, with its separation and sides.
    const std::vector<SplitTest>& split_tests() const { return tests_; }
    static constexpr std::size_t bytes_per_client(std::size_t max_cohorts) {
        return max_cohorts * sizeof(float) + sizeof(float) + sizeof(std::uint32_t);
    }

private:
    float& reward(std::uint32_t c, int k) {
        return reward_[static_cast<std::size_t>(c) * cap_ + static_cast<std::size_t>(k)];
    }
    float reward(std::uint32_t c, int k) const {
        return reward_[static_cast<std::size_t>(c) * cap_ + static_cast<std::size_t>(k)];
    }
    void label_sides(const std::vector<std::vector<float>>& u, std::span<const std::uint32_t> clients);
    bool should_split(int cohort) const;
    double members(int cohort) const;
    int split(int cohort);

    AuxoSettings s_;
    std::size_t n_, cap_;
    std::uint64_t seed_;
    Rng rng_;
    double epsilon_;
    std::vector<float> reward_;  // n x cap: R per (client, cohort)
    std::vector<float> side_;    // sub-reward in the client's cohort: < 0 one side, > 0 the other
    std::vector<std::uint32_t> trained_;
    std::vector<int> rounds_;  // cohort-local round counter
    std::vector<SplitTest> tests_;
};

// How far apart two sides of a set of signals lie (side 0, or any other value): group_separation
// with k = 2.
double side_separation(const std::vector<std::vector<float>>& signals, const std::vector<int>& side);

// How far apart k groups of signals lie: the smallest, over pairs of groups, of the distance
// between the pair's centroids over the pooled within-group RMS distance to the own centroid
// (pooled over all k groups, k centroids estimated), less the distance sample centroids show by
// chance; 0 when a group has < 2 members. label[i] in 0..k-1.
double group_separation(const std::vector<std::vector<float>>& signals, const std::vector<int>& label, int k);

// Lloyd's k-means from the best of `restarts` k-means++ starts (least within-group sum of
// squares), on the rows' dot products (cheap for few rows of many dimensions). Group per row.
std::vector<int> k_means(const std::vector<std::vector<float>>& signals, int k, Rng& rng, int restarts = 10);

// The separation test's statistic for k = 2..max_groups (k = 2: the given sides; k >= 3: the
// best over k0 = 1..k-1 of k-means with k0 groups on side 0 and k - k0 on side 1, i.e. groups
// that do not straddle the sides; rng is used only when max_groups > 2).
struct GroupsSeparation {
    double separation = 0;
    int groups = 2;
    std::vector<double> by_groups;
};
GroupsSeparation groups_separation(const std::vector<std::vector<float>>& signals, const std::vector<int>& side,
                                   int max_groups, Rng& rng);

// Adjusted Rand index of two labelings of the same items (1 = identical partitions).
double adjusted_rand_index(std::span<const int> a, std::span<const int> b);

}  // namespace federated
