// The online stage: MOSEL's reassignment never plans below a floor, meets every deadline
// whenever the all-cheapest plans would, and picks the best time-per-accuracy downgrade;
// the baselines' fixed plans.
#include "modality/scheduler.hpp"
#include "test_profiles.hpp"

#include <gtest/gtest.h>

#include <random>

using namespace sextant::modality;
using sextant::modality::testing::hand_profile;

namespace {

// Jobs whose deadlines the floor plans meet in EDF order with a little room, so the most
// accurate plans miss some of them.
std::vector<Job> tight_jobs(const Planner& planner, std::mt19937& rng, int count) {
    std::uniform_int_distribution<int> size(1, 32);
    std::uniform_real_distribution<double> floor(0.6, 0.94), room(0.0, 0.004);
    std::vector<Job> jobs;
    double t = 0;
    for (int i = 0; i < count; ++i) {
        Job j;
        j.id = i;
        j.size = size(rng);
        j.floor = floor(rng);
        t += planner.plan(j.size, j.floor).time_ms / 1000.0;  // EDF finish at the floor plans
        j.deadline_s = t + room(rng);
        jobs.push_back(j);
    }
    return jobs;
}

}  // namespace

TEST(Scheduler, MeetsEveryDeadlineWhenTheCheapestPlansWouldAndNeverGoesBelowAFloor) {
    Planner planner(hand_profile(), 32);
    std::mt19937 rng(3);
    int downgraded = 0;
    for (int trial = 0; trial < 50; ++trial) {
        std::vector<Job> jobs = tight_jobs(planner, rng, 1 + trial % 20);
        std::vector<QueuedJob> queue;
        for (const Job& j : jobs) queue.push_back(menu_job(planner, j));
        // Most accurate everywhere misses (otherwise the test would not test anything)...
        auto before = edf_finish_times(queue, 0);
        bool missed = false;
        for (size_t k = 0; k < jobs.size(); ++k) missed |= before[k] > jobs[k].deadline_s;
        // ...and after reassignment nothing does.
        std::vector<int> late = reassign(queue, 0);
        EXPECT_TRUE(late.empty()) << "trial " << trial;
        auto after = edf_finish_times(queue, 0);
        for (size_t k = 0; k < jobs.size(); ++k) {
            EXPECT_LE(after[k], jobs[k].deadline_s + 1e-9) << "trial " << trial << " job " << k;
            EXPECT_GE(queue[k].choice, queue[k].lowest);
            EXPECT_GE(queue[k].current().accuracy, jobs[k].floor - 1e-12);
            if (queue[k].choice < queue[k].options() - 1) ++downgraded;
        }
        if (jobs.size() > 3) {
            EXPECT_TRUE(missed) << "trial " << trial;
        }
    }
    EXPECT_GT(downgraded, 50);
}

TEST(Scheduler, UnsaveableJobsAreLateAndServedAtTheirFloor) {
    Planner planner(hand_profile(), 16);
    std::vector<Job> jobs(2);
    jobs[0] = {0, 0, 16, 1e-6, 0.9, 0};  // impossible deadline
    jobs[1] = {1, 0, 4, 10.0, 0.8, 16};
    std::vector<QueuedJob> queue{menu_job(planner, jobs[0]), menu_job(planner, jobs[1])};
    std::vector<int> late = reassign(queue, 0);
    ASSERT_EQ(late, std::vector<int>{0});
    EXPECT_EQ(queue[0].choice, queue[0].lowest);
    EXPECT_EQ(queue[1].choice, queue[1].options() - 1);  // room to spare: the most accurate plan
    // A floor nothing reaches: the most accurate plan, marked unreachable.
    Job hard{2, 0, 4, 10.0, 0.99, 20};
    QueuedJob q = menu_job(planner, hard);
    EXPECT_FALSE(q.floor_reachable);
    EXPECT_EQ(q.lowest, q.options() - 1);
}

TEST(Scheduler, DowngradesTheJobThatSavesMostTimePerAccuracyLost) {
    Planner planner(hand_profile(), 64);
    // Two equal jobs except for their floors; the cut needed is tiny, so one step suffices.
    Job a{0, 0, 32, 0, 0.94, 0}, b{1, 0, 32, 0, 0.5, 32};
    std::vector<QueuedJob> queue{menu_job(planner, a), menu_job(planner, b)};
    double full = edf_finish_times(queue, 0).back();
    a.deadline_s = b.deadline_s = full - 1e-4;
    std::vector<int> late = reassign(queue, 0);
    EXPECT_TRUE(late.empty());
    // Step ratios: the chosen job's first step saves at least as much per accuracy as the other's.
    auto ratio = [](const QueuedJob& q, int from) {
        const MenuEntry &x = q.entry(from), &y = q.entry(from - 1);
        return (x.time_ms - y.time_ms) / ((x.accuracy - y.accuracy) * q.job->size);
    };
    int top0 = queue[0].options() - 1, top1 = queue[1].options() - 1;
    bool first_moved = queue[0].choice < top0, second_moved = queue[1].choice < top1;
    ASSERT_TRUE(first_moved || second_moved);
    if (first_moved && !second_moved) {
        EXPECT_GE(ratio(queue[0], top0), ratio(queue[1], top1));
    }
    if (second_moved && !first_moved) {
        EXPECT_GE(ratio(queue[1], top1), ratio(queue[0], top0));
    }
}

TEST(Scheduler, BaselinePlans) {
    Planner planner(hand_profile(), 64);
    Job j{0, 0, 20, 1.0, 0.89, 0};
    QueuedJob all = fixed_job(planner, Policy::all_modalities, j);
    EXPECT_EQ(all.fixed.requests.back(), 20);  // V+A+T is last
    EXPECT_DOUBLE_EQ(all.fixed.accuracy, 0.95);
    QueuedJob off = fixed_job(planner, Policy::offline_only, j);
    EXPECT_DOUBLE_EQ(off.fixed.time_ms, planner.plan(20, 0.89).time_ms);
    QueuedJob per = fixed_job(planner, Policy::per_job, j);
    int used = 0;
    for (int r : per.fixed.requests) used += r > 0;
    EXPECT_EQ(used, 1);
    EXPECT_GE(per.fixed.accuracy, 0.89);
    EXPECT_DOUBLE_EQ(per.fixed.accuracy, 0.90);  // V+T: the cheapest single configuration >= 0.89
    EXPECT_LE(off.fixed.time_ms, per.fixed.time_ms);
    EXPECT_LE(per.fixed.time_ms, all.fixed.time_ms);
    EXPECT_THROW(fixed_job(planner, Policy::mosel, j), std::invalid_argument);
    EXPECT_EQ(parse_policy("offline-only"), Policy::offline_only);
    EXPECT_THROW(parse_policy("fastest"), std::invalid_argument);
}
