// The OS simulator on timelines worked by hand: blocking misses, device queueing, shared
// in-flight reads, round-robin preemption, readahead.
#include "osfm/os_sim.hpp"
#include "osfm/replay.hpp"

#include <gtest/gtest.h>

using namespace sextant::osfm;

namespace {

Process steps(std::vector<Step> s, std::uint64_t file_pages = 1u << 20) {
    return Process{StreamKind::Zipf, file_pages, std::move(s)};
}

MachineSpec machine(int cpus, int channels = 1) {
    MachineSpec m;
    m.cpus = cpus;
    m.device_channels = channels;
    m.device_fixed_us = 100;
    m.device_page_us = 0;
    m.hit_us = 1;
    return m;
}

SimResult sim(const std::vector<Process>& procs, const MachineSpec& m, std::size_t capacity = 64, Readahead ra = {}) {
    auto cache = make_lru(capacity);
    return simulate(procs, *cache, m, ra);
}

}  // namespace

TEST(OsSim, AMissBlocksTheProcessForTheDeviceTime) {
    // t=10 A misses (device until 110), t=120 A hits (1 us), burst 1+10 -> t=131 B misses until 231
    auto r = sim({steps({{1, 10}, {1, 10}, {2, 10}})}, machine(1));
    EXPECT_EQ(r.hits, 1u);
    EXPECT_EQ(r.misses, 2u);
    EXPECT_DOUBLE_EQ(r.makespan_us, 231);
    EXPECT_DOUBLE_EQ(r.latency_mean_us, (100 + 1 + 100) / 3.0);
    EXPECT_DOUBLE_EQ(r.cpu_utilisation, 31.0 / 231);
    EXPECT_EQ(r.order, (std::vector<Page>{1, 1, 2}));
}

TEST(OsSim, MissesQueueAtTheDevice) {
    // two processes miss at t=10 on distinct pages: one channel serves them one after the other
    std::vector<Process> p{steps({{1, 10}}), steps({{2, 10}})};
    auto one = sim(p, machine(2, 1));
    EXPECT_DOUBLE_EQ(one.makespan_us, 210);
    EXPECT_DOUBLE_EQ(one.latency_mean_us, 150);
    EXPECT_DOUBLE_EQ(one.device_queue_mean, (2 * 100 + 1 * 100) / 210.0);
    auto two = sim(p, machine(2, 2));
    EXPECT_DOUBLE_EQ(two.makespan_us, 110);
    EXPECT_DOUBLE_EQ(two.latency_mean_us, 100);
}

TEST(OsSim, ProcessesWaitingForOnePageShareOneRead) {
    auto r = sim({steps({{7, 10}}), steps({{7, 10}})}, machine(2));
    EXPECT_EQ(r.device_requests, 1u);
    EXPECT_EQ(r.misses, 2u);
    EXPECT_DOUBLE_EQ(r.makespan_us, 110);
}

TEST(OsSim, TheRunQueuePreemptsLongBursts) {
    // one CPU, 4 ms slices: the 10 ms burst is preempted and the 1 ms one references first
    std::vector<Process> p{steps({{1, 10000}}), steps({{2, 1000}})};
    auto rr = sim(p, machine(1));
    EXPECT_EQ(rr.order, (std::vector<Page>{2, 1}));
    EXPECT_DOUBLE_EQ(rr.makespan_us, 11100);
    MachineSpec long_slices = machine(1);
    long_slices.quantum_us = 1e6;
    EXPECT_EQ(sim(p, long_slices).order, (std::vector<Page>{1, 2}));
}

TEST(OsSim, ACpuIsFreedWhileItsProcessWaits) {
    // one CPU: A misses at t=10 and blocks; B runs meanwhile and references at t=60
    std::vector<Process> p{steps({{1, 10}}), steps({{2, 50}})};
    auto r = sim(p, machine(1, 2));
    EXPECT_DOUBLE_EQ(r.makespan_us, 160);
}

TEST(OsSim, ReadaheadTurnsASequentialFileIntoFewLargeReads) {
    std::vector<Step> s;
    for (Page i = 0; i < 64; ++i) s.push_back({file_page(0, i), 10});
    std::vector<Process> p{steps(s, 64)};
    MachineSpec m = machine(1);
    m.device_page_us = 8;
    auto off = sim(p, m, 128);
    EXPECT_EQ(off.misses, 64u);
    EXPECT_EQ(off.device_requests, 64u);
    Readahead ra;
    ra.on = true;
    auto on = sim(p, m, 128, ra);
    EXPECT_EQ(on.pages_read, 64u);  // never past the file's end, never a page twice
    EXPECT_EQ(on.prefetched_unused, 0u);
    EXPECT_LT(on.device_requests, 12u);
    EXPECT_LT(on.misses, 12u);
    EXPECT_LT(on.makespan_us, off.makespan_us / 2);
}

TEST(OsSim, TheSameSeedGivesTheSameRun) {
    std::vector<ProcessSpec> specs(3);
    specs[0].kind = StreamKind::Zipf;
    specs[1].kind = StreamKind::Loop;
    specs[2].kind = StreamKind::Phases;
    for (auto& s : specs) s.references = 3000, s.pages = 300;
    auto a = make_processes(specs, 5), b = make_processes(specs, 5);
    auto ra = sim(a, MachineSpec{}, 256), rb = sim(b, MachineSpec{}, 256);
    EXPECT_EQ(ra.order, rb.order);
    EXPECT_EQ(ra.hits, rb.hits);
    EXPECT_EQ(ra.references, 9000u);
    EXPECT_LE(ra.hits, replay_opt(ra.order, 256).hits);
}

TEST(OsSim, ThePolicyChangesTheSchedule) {
    // a loop slightly larger than the cache defeats LRU, not ARC: fewer misses, more CPU work
    std::vector<ProcessSpec> specs(2);
    specs[0].kind = StreamKind::Loop;
    specs[0].pages = 300;
    specs[1].kind = StreamKind::Zipf;
    specs[1].pages = 400;
    for (auto& s : specs) s.references = 20000;
    auto procs = make_processes(specs, 1);
    auto lru = make_lru(256), arc = make_arc(256);
    auto a = simulate(procs, *lru, MachineSpec{}, {}), b = simulate(procs, *arc, MachineSpec{}, {});
    EXPECT_NE(a.order, b.order);
    EXPECT_GT(b.hit_ratio(), a.hit_ratio());
    EXPECT_LT(b.makespan_us, a.makespan_us);
    EXPECT_GT(b.cpu_utilisation, a.cpu_utilisation);
}
