#include "netsim/event_queue.hpp"
#include "netsim/simulator.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace netsim {
namespace {

TEST(EventQueue, PopsInTimeOrderAndTiesInPushOrder) {
    EventQueue<int> q;
    q.push(2.0, 1);
    q.push(1.0, 2);
    q.push(2.0, 3);
    q.push(1.0, 4);
    q.push(0.5, 5);
    std::vector<int> order;
    while (!q.empty()) order.push_back(q.pop().event);
    EXPECT_EQ(order, (std::vector<int>{5, 2, 4, 1, 3}));
}

TEST(EventQueue, PopOnEmptyIsAnError) {
    EventQueue<int> q;
    EXPECT_THROW(q.pop(), std::logic_error);
}

TEST(Simulator, RunsActionsAtTheirTimesAndLetsThemScheduleMore) {
    Simulator sim;
    std::vector<double> seen;
    sim.at(1.0, [&] {
        seen.push_back(sim.now());
        sim.after(0.5, [&] { seen.push_back(sim.now()); });
    });
    sim.at(1.2, [&] { seen.push_back(sim.now()); });
    EXPECT_EQ(sim.run(), 3u);
    EXPECT_EQ(seen, (std::vector<double>{1.0, 1.2, 1.5}));
}

TEST(Simulator, RunUntilStopsBeforeLaterEvents) {
    Simulator sim;
    int ran = 0;
    sim.at(1.0, [&] { ++ran; });
    sim.at(3.0, [&] { ++ran; });
    sim.run(2.0);
    EXPECT_EQ(ran, 1);
    EXPECT_FALSE(sim.idle());
    sim.run();
    EXPECT_EQ(ran, 2);
}

TEST(Simulator, SchedulingInThePastIsRefused) {
    Simulator sim;
    sim.at(1.0, [] {});
    sim.run();
    EXPECT_THROW(sim.at(0.5, [] {}), std::invalid_argument);
}

}  // namespace
}  // namespace netsim
