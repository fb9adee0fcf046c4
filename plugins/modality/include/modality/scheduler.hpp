// The online stage and its baselines: which plan each queued job gets.
//
// MOSEL (ours; the paper's online algorithm is not public): at every decision point each
// queued job gets its most accurate plan, EDF finish times are predicted, and while a job
// would miss its deadline the best time-per-accuracy downgrade (the step down a job's menu
// that saves the most time per expected correct answer lost) among it and the jobs before
// it is applied, never below any job's floor. A job that cannot be saved even with every
// job up to it at its floor is predicted late (and rejected under admission control); it
// is served at its floor plan (ours: spending accuracy on a late job only delays the rest).
#pragma once

#include "modality/planner.hpp"
#include "modality/workload.hpp"

#include <string>
#include <vector>

namespace sextant::modality {

enum class Policy { mosel, all_modalities, offline_only, per_job, oracle };
Policy parse_policy(const std::string& name);  // throws std::invalid_argument listing the names
std::string policy_name(Policy policy);

// A queued job and its place on its menu: either the planner's menu (MOSEL) or one fixed
// plan (the baselines).
struct QueuedJob {
    const Job* job = nullptr;
    const std::vector<MenuEntry>* menu = nullptr;  // MOSEL
    MenuEntry fixed;                               // baselines: the one plan
    int choice = 0;                                // index into the menu (0 for a fixed plan)
    int lowest = 0;                                // lowest index that meets the floor (its floor_reachable plan)
    bool floor_reachable = true;

    int options() const { return menu ? static_cast<int>(menu->size()) : 1; }
    const MenuEntry& entry(int i) const { return menu ? (*menu)[i] : fixed; }
    const MenuEntry& current() const { return entry(choice); }
};

// A job on the planner's menu, starting at its most accurate plan.
QueuedJob menu_job(const Planner& planner, const Job& job);
// A job with one plan: all_modalities (V+A+T only), offline_only (the cheapest plan meeting
// the floor), per_job (the cheapest single configuration meeting the floor, INFaaS-like).
// When the floor is out of reach these fall back to the most accurate plan of their kind.
QueuedJob fixed_job(const Planner& planner, Policy policy, const Job& job);

// Predicted EDF finish time (seconds) of each job in `queue` (deadline order), starting at now_s.
std::vector<double> edf_finish_times(const std::vector<QueuedJob>& queue, double now_s);

// MOSEL's reassignment over a queue in deadline order; returns the positions of jobs
// predicted late. Fixed-plan jobs are left as they are (so the same call is the baselines'
// admission test).
std::vector<int> reassign(std::vector<QueuedJob>& queue, double now_s);

}  // namespace sextant::modality
