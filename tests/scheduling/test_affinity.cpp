// Affinity graph: BFS time shifts on trees, and the loop policy.
#include "scheduling/affinity.hpp"

#include <gtest/gtest.h>

using namespace sextant::scheduling;

TEST(Affinity, ChainByHand) {
    // j0 -l1- j1 -l2- j2. On l1: j0 at 10, j1 at 30. On l2: j1 at 5, j2 at 45.
    // j0 = 0 -> l1 origin = -10 -> j1 = 20 -> l2 origin = 15 -> j2 = 60.
    std::vector<LinkShifts> links = {{1, 0.9, {{0, 10}, {1, 30}}}, {2, 0.8, {{1, 5}, {2, 45}}}};
    std::map<int, double> period = {{0, 100}, {1, 100}, {2, 100}};
    ShiftPlan p = assign_time_shifts(links, period, {0}, 1.0);
    EXPECT_DOUBLE_EQ(p.shift_ms.at(0), 0);
    EXPECT_DOUBLE_EQ(p.shift_ms.at(1), 20);
    EXPECT_DOUBLE_EQ(p.shift_ms.at(2), 60);
    EXPECT_EQ(p.loops, 0);
    EXPECT_TRUE(p.broken_links.empty());
    EXPECT_EQ(p.reference.at(2), 0);
}

TEST(Affinity, StarWrapsWithinEachPeriod) {
    // Hub j0 shares one link with each of j1, j2, j3 (periods 40, 60, 100).
    std::vector<LinkShifts> links = {{1, 1, {{0, 0}, {1, 50}}}, {2, 1, {{0, 20}, {2, 10}}}, {3, 1, {{0, 0}, {3, 90}}}};
    std::map<int, double> period = {{0, 100}, {1, 40}, {2, 60}, {3, 100}};
    ShiftPlan p = assign_time_shifts(links, period, {0}, 1.0);
    EXPECT_DOUBLE_EQ(p.shift_ms.at(1), 10);  // 50 mod 40
    EXPECT_DOUBLE_EQ(p.shift_ms.at(2), 50);  // -20 + 10 = -10 -> 50 in a 60 ms period
    EXPECT_DOUBLE_EQ(p.shift_ms.at(3), 90);
}

TEST(Affinity, ReferenceOrderIsHonoured) {
    std::vector<LinkShifts> links = {{1, 1, {{0, 10}, {1, 30}}}};
    std::map<int, double> period = {{0, 100}, {1, 100}};
    ShiftPlan p = assign_time_shifts(links, period, {1}, 1.0);
    EXPECT_DOUBLE_EQ(p.shift_ms.at(1), 0);
    EXPECT_DOUBLE_EQ(p.shift_ms.at(0), 80);  // -20 mod 100
    EXPECT_EQ(p.reference.at(0), 1);
}

TEST(Affinity, SeparateComponentsGetSeparateReferences) {
    std::vector<LinkShifts> links = {{1, 1, {{0, 0}, {1, 30}}}, {2, 1, {{5, 0}, {6, 70}}}};
    std::map<int, double> period = {{0, 100}, {1, 100}, {5, 100}, {6, 100}};
    ShiftPlan p = assign_time_shifts(links, period, {}, 1.0);
    EXPECT_EQ(p.reference.at(1), 0);
    EXPECT_EQ(p.reference.at(6), 5);
    EXPECT_DOUBLE_EQ(p.shift_ms.at(6), 70);
}

TEST(LoopPolicy, ConsistentLoopKeepsEveryLink) {
    // Triangle j0-j1-j2 whose link shifts agree: j1 = j0 + 20, j2 = j1 + 30, j2 = j0 + 50.
    std::vector<LinkShifts> links = {
        {1, 0.9, {{0, 0}, {1, 20}}}, {2, 0.8, {{1, 0}, {2, 30}}}, {3, 0.7, {{0, 10}, {2, 60}}}};
    std::map<int, double> period = {{0, 100}, {1, 100}, {2, 100}};
    ShiftPlan p = assign_time_shifts(links, period, {0}, 1.0);
    EXPECT_EQ(p.loops, 1);
    EXPECT_TRUE(p.broken_links.empty());
    EXPECT_DOUBLE_EQ(p.shift_ms.at(2), 50);
}

TEST(LoopPolicy, InconsistentLoopBreaksAtLeastCompatibleLink) {
    // Same triangle, but link 3 wants j2 = j0 + 10, disagreeing with the path through j1
    // (j0 + 50). Link 3 is the least compatible, so it gives way; the others hold.
    for (double weakest : {0.5, 0.95}) {
        std::vector<LinkShifts> links = {
            {1, 0.9, {{0, 0}, {1, 20}}}, {2, 0.8, {{1, 0}, {2, 30}}}, {3, weakest, {{0, 0}, {2, 10}}}};
        std::map<int, double> period = {{0, 100}, {1, 100}, {2, 100}};
        ShiftPlan p = assign_time_shifts(links, period, {0}, 1.0);
        int expected = weakest < 0.8 ? 3 : 2;  // when link 3 is stronger, link 2 is the weakest
        ASSERT_EQ(p.broken_links.size(), 1u);
        EXPECT_EQ(p.broken_links[0], expected);
        EXPECT_EQ(p.loops, 1);
        if (expected == 3) EXPECT_DOUBLE_EQ(p.shift_ms.at(2), 50);
        else EXPECT_DOUBLE_EQ(p.shift_ms.at(2), 10);
    }
}

TEST(LoopPolicy, DisagreementWithinToleranceIsConsistent) {
    std::vector<LinkShifts> links = {
        {1, 0.9, {{0, 0}, {1, 20}}}, {2, 0.8, {{1, 0}, {2, 30}}}, {3, 0.7, {{0, 0}, {2, 50.5}}}};
    std::map<int, double> period = {{0, 100}, {1, 100}, {2, 100}};
    EXPECT_TRUE(assign_time_shifts(links, period, {0}, 1.0).broken_links.empty());
    EXPECT_EQ(assign_time_shifts(links, period, {0}, 0.1).broken_links.size(), 1u);
}

TEST(LoopPolicy, AgreementIsModuloThePeriod) {
    // 50 and 150 agree for a 100 ms job.
    std::vector<LinkShifts> links = {
        {1, 0.9, {{0, 0}, {1, 20}}}, {2, 0.8, {{1, 0}, {2, 30}}}, {3, 0.7, {{0, 0}, {2, 150}}}};
    std::map<int, double> period = {{0, 100}, {1, 100}, {2, 100}};
    EXPECT_TRUE(assign_time_shifts(links, period, {0}, 1.0).broken_links.empty());
}

TEST(LoopPolicy, LoopsCountedFromTheShapeAreTheTraversals) {
    // count_loops (edges - nodes + components) against assign_time_shifts on the same graphs:
    // a chain, a triangle, a three-job link inside a loop, and two components.
    const std::vector<std::vector<std::vector<int>>> graphs = {{{0, 1}, {1, 2}},
                                                               {{0, 1}, {1, 2}, {0, 2}},
                                                               {{0, 1, 2}, {1, 2}, {2, 3}, {3, 0}},
                                                               {{0, 1}, {0, 1, 2}, {5, 6}, {6, 7}}};
    const std::vector<int> expected = {0, 1, 2, 1};
    for (size_t g = 0; g < graphs.size(); ++g) {
        std::vector<LinkShifts> links;
        std::map<int, double> period;
        for (size_t l = 0; l < graphs[g].size(); ++l) {
            links.push_back({static_cast<int>(l), 1.0, {}});
            for (int job : graphs[g][l]) links.back().shift_ms.emplace_back(job, 0.0), period[job] = 100;
        }
        EXPECT_EQ(count_loops(graphs[g], 8), expected[g]) << "graph " << g;
        EXPECT_EQ(assign_time_shifts(links, period, {}, 1.0).loops, expected[g]) << "graph " << g;
    }
}
