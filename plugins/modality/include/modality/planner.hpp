// The offline planner: for a job of n requests and an accuracy floor alpha, choose integers
// x_c (requests served with configuration c) and k_{c,b} (batches of size b) to
//
//     minimise  sum_{c,b} k_{c,b} L_c(b)
//     s.t.      sum_c x_c = n,   sum_c acc_c x_c >= alpha n,   x_c <= sum_b b k_{c,b}.
//
// Solved exactly in two dynamic programmes: per configuration, the cheapest batches that
// cover x requests (an unbounded covering knapsack over the profiled batch sizes); then,
// over configurations, the Pareto front of (time, accuracy) for every n up to a maximum.
// The front is a job's menu of plans (the online scheduler moves along it); the answer for
// a floor is the cheapest point of the front that meets it.
#pragma once

#include "modality/profile.hpp"

#include <vector>

namespace sextant::modality {

struct PlanRow {
    unsigned mask = 0;  // configuration
    int batch = 0;      // batch size
    int batches = 0;    // how many batches of that size
    int requests = 0;   // requests they carry (<= batch x batches; the rest is padding)
};

// One Pareto-optimal way to serve n requests.
struct MenuEntry {
    double time_ms = 0;         // sum of batch latencies
    double accuracy = 0;        // request-weighted mean accuracy
    std::vector<int> requests;  // per configuration (profile order)
};

struct Plan {
    bool feasible = false;  // the floor is met; when not, this is the most accurate plan
    int job_size = 0;
    double time_ms = 0;
    double accuracy = 0;
    std::vector<PlanRow> rows;  // configuration order, larger batches first
};

class Planner {
public:
    // Solves every job size 1..max_job_size at once. Throws std::invalid_argument for an
    // invalid profile or max_job_size < 1.
    Planner(Profile profile, int max_job_size);

    const Profile& profile() const { return profile_; }
    int max_job_size() const { return max_n_; }

    // Pareto-optimal plans for n requests, time ascending and accuracy strictly ascending.
    const std::vector<MenuEntry>& menu(int n) const;
    // The cheapest plan with accuracy >= floor, or the most accurate one (feasible = false).
    Plan plan(int n, double floor) const;
    // The batches of a menu entry.
    Plan expand(int n, const MenuEntry& entry) const;
    // The cheapest time to serve `requests` requests with configuration `config` (profile index).
    double cover_time(int config, int requests) const { return cover_[config][requests]; }

private:
    Profile profile_;
    int max_n_;
    std::vector<std::vector<double>> cover_;     // [config][x] cheapest covering time
    std::vector<std::vector<int>> cover_batch_;  // [config][x] batch size of its first batch
    std::vector<std::vector<MenuEntry>> menus_;  // [n]
};

// Strategy matrix: plans over job-size buckets x accuracy floors. A job of size n uses the
// smallest bucket >= n (so its plan covers it).
struct StrategyMatrix {
    std::vector<int> job_sizes;
    std::vector<double> floors;
    std::vector<std::vector<Plan>> plans;  // [size][floor]

    const Plan& lookup(int n,
                       double floor) const;  // throws std::out_of_range past the last bucket or below the first floor
};

StrategyMatrix strategy_matrix(const Planner& planner, const std::vector<int>& job_sizes,
                               const std::vector<double>& floors);

}  // namespace sextant::modality
