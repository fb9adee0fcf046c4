// The simulator's speed-ups must not change its numbers: the block-wise rotation search
// against the one-shift-at-a-time scan it replaced, incremental fair sharing against a
// whole-fabric solve, the fast network path (slack links skipped, comm completions in a
// queue) against the reference path, and CASSINI plans when its cache starts over mid-plan.
#include "scheduling/cassini.hpp"
#include "scheduling/circle.hpp"
#include "scheduling/compatibility.hpp"
#include "scheduling/simulator.hpp"
#include "scheduling/trace.hpp"

#include <netsim/fair_share.hpp>
#include <netsim/incremental_fair_share.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <numeric>

using namespace sextant::scheduling;
using netsim::FairShare;
using netsim::FlowDemand;
using netsim::IncrementalFairShare;

namespace {

// The rotation search as first written: each shift's excess summed arc by arc, modulo the
// circle, no pruning. best_rotation must return exactly what this returns.
Rotation one_shift_scan(const CircleDemand& c, double cap, int max_passes = 8) {
    const size_t J = c.demand.size();
    const int n = c.bins;
    auto period_bins = [&](size_t j) { return n % c.turns[j] == 0 ? n / c.turns[j] : n; };
    auto add = [&](std::vector<double>& total, size_t j, int shift, double sign) {
        for (int a = 0; a < n; ++a)
            if (c.demand[j][a] != 0) total[(a + shift) % n] += sign * c.demand[j][a];
    };
    std::vector<std::vector<int>> busy(J);
    std::vector<double> volume(J, 0.0);
    for (size_t j = 0; j < J; ++j)
        for (int a = 0; a < n; ++a)
            if (c.demand[j][a] != 0) busy[j].push_back(a), volume[j] += c.demand[j][a];
    auto place = [&](size_t j, const std::vector<double>& base) {
        int best = 0;
        double best_delta = std::numeric_limits<double>::infinity();
        for (int s = 0; s < period_bins(j); ++s) {
            double delta = 0;
            for (int a : busy[j]) {
                double before = base[(a + s) % n];
                delta += std::max(0.0, before + c.demand[j][a] - cap) - std::max(0.0, before - cap);
            }
            if (delta < best_delta - 1e-9) best_delta = delta, best = s;
        }
        return std::make_pair(best, best_delta);
    };
    std::vector<int> shifts(J, 0);
    Rotation r;
    if (J >= 2) {
        std::vector<size_t> order(J);
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return volume[a] > volume[b]; });
        std::vector<double> total(n, 0.0);
        add(total, order[0], 0, 1.0);
        for (size_t k = 1; k < J; ++k) {
            shifts[order[k]] = place(order[k], total).first;
            add(total, order[k], shifts[order[k]], 1.0);
        }
        for (int pass = 0; J > 2 && pass < max_passes; ++pass) {
            bool moved = false;
            for (size_t k = 1; k < J; ++k) {
                size_t j = order[k];
                add(total, j, shifts[j], -1.0);
                auto [s, delta] = place(j, total);
                double current = 0;
                for (int a : busy[j]) {
                    double before = total[(a + shifts[j]) % n];
                    current += std::max(0.0, before + c.demand[j][a] - cap) - std::max(0.0, before - cap);
                }
                if (delta < current - 1e-9) shifts[j] = s, moved = true;
                add(total, j, shifts[j], 1.0);
            }
            if (!moved) break;
        }
    }
    r.shift_bins = shifts;
    r.score = compatibility(c, shifts, cap);
    return r;
}

CircleDemand random_circle(Random& rng, int jobs, int bins_per_period) {
    std::vector<Pattern> patterns;
    std::vector<double> periods;
    for (int j = 0; j < jobs; ++j) {
        Pattern p{"j" + std::to_string(j), 40.0 + 20 * static_cast<double>(rng.below(5)), {}};
        double start = rng.uniform() * 10;
        for (int k = 0; k < 3; ++k) {
            double dur = 1 + rng.uniform() * (p.iteration_ms / 3);
            if (start + dur > p.iteration_ms) break;
            p.phases.push_back({start, dur, 10 + 40 * rng.uniform()});
            start += dur + rng.uniform() * 15;
        }
        patterns.push_back(p);
        periods.push_back(p.iteration_ms);
    }
    std::vector<const Pattern*> ptrs;
    for (const auto& p : patterns) ptrs.push_back(&p);
    UnifiedCircle circle = unify(periods, 0.05, 8);
    const double longest = *std::max_element(periods.begin(), periods.end());
    const int k = static_cast<int>(std::lround(circle.perimeter_ms / longest));
    std::vector<double> hops;
    for (int j = 0; j < jobs; ++j) hops.push_back(1.0 + static_cast<double>(rng.below(2)));
    return rasterise(ptrs, hops, circle, bins_per_period * k);
}

}  // namespace

TEST(Speedups, RotationSearchEqualsOneShiftScan) {
    // Exact equality: same shifts, bit-identical score, for 2 to 6 jobs and circles whose
    // arc counts are not multiples of the 16-shift block; with AVX-512 and AVX (where the
    // processor has them) and without.
    const RotationSimd had = rotation_search_simd(RotationSimd::Avx512);
    for (RotationSimd simd : {RotationSimd::Avx512, RotationSimd::Avx, RotationSimd::Sse2}) {
        rotation_search_simd(simd);
        const std::string name = simd == RotationSimd::Avx512 ? " (avx512)" : simd == RotationSimd::Avx ? " (avx)" : "";
        Random rng(11);
        for (int trial = 0; trial < 120; ++trial) {
            const int jobs = 2 + static_cast<int>(rng.below(5));
            const int bins = 20 + static_cast<int>(rng.below(90));
            CircleDemand c = random_circle(rng, jobs, bins);
            const double cap = 30 + 70 * rng.uniform();
            Rotation fast = best_rotation(c, cap);
            Rotation slow = one_shift_scan(c, cap);
            EXPECT_EQ(fast.shift_bins, slow.shift_bins) << "trial " << trial << name;
            EXPECT_EQ(fast.score, slow.score) << "trial " << trial << name;
        }
    }
    rotation_search_simd(had);
}

TEST(Speedups, IncrementalFairShareEqualsWholeFabricSolve) {
    // Flows come and go at random, their number swinging between a handful (solved as one
    // problem on a small fabric) and a hundred (solved by components, remembered flow sets
    // reused); the fabric counted as large, a handful is solved by components too. After
    // every change the rates must match a whole-fabric solve (to rounding: summation order
    // differs), and each link's reported load must be its flows' sum.
    for (size_t small_links : {size_t{0}, SIZE_MAX}) {
        Random rng(5);
        const int links = 40;
        std::vector<double> cap;
        for (int l = 0; l < links; ++l) cap.push_back(10 + 90 * rng.uniform());
        std::vector<LinkUse> uses(160);
        std::vector<double> caps(uses.size());
        for (size_t f = 0; f < uses.size(); ++f) {
            for (int l = 0; l < links; ++l)
                if (rng.uniform() < 0.05) uses[f].emplace_back(l, 1 + static_cast<int>(rng.below(2)));
            if (uses[f].empty()) uses[f].emplace_back(static_cast<int>(rng.below(links)), 1);
            caps[f] = 5 + 60 * rng.uniform();
        }
        IncrementalFairShare net(cap, true, small_links);
        FairShare whole(cap);
        std::vector<int> slot_of(uses.size(), -1);
        std::vector<double> carried(links, 0.0), offered(links, 0.0);
        size_t most = 0;
        for (int change = 0; change < 3000; ++change) {
            // Drift up for the first half, down for the second: both regimes, many repeats.
            const bool grow = (change / 750) % 2 == 0;
            int f = static_cast<int>(rng.below(uses.size()));
            if ((slot_of[f] < 0) != (rng.uniform() < (grow ? 0.8 : 0.2))) f = static_cast<int>(rng.below(uses.size()));
            if (slot_of[f] < 0) {
                slot_of[f] = net.add(f, &uses[f], caps[f]);
            } else {
                const int slot = slot_of[f];
                net.remove(slot);
                slot_of[f] = -1;
                if (slot < static_cast<int>(net.size())) slot_of[net.owner(slot)] = slot;
            }
            most = std::max(most, net.size());
            net.solve([&](int l, double c, double o) { carried[l] = c, offered[l] = o; });
            std::vector<FlowDemand> demand;
            for (size_t s = 0; s < net.size(); ++s)
                demand.push_back({&uses[net.owner(static_cast<int>(s))], caps[net.owner(static_cast<int>(s))]});
            std::vector<double> rates;
            whole.solve(demand, rates);
            std::vector<double> want_carried(links, 0.0), want_offered(links, 0.0);
            for (size_t s = 0; s < net.size(); ++s) {
                ASSERT_NEAR(net.rate(static_cast<int>(s)), rates[s], 1e-9 * std::max(1.0, rates[s]))
                    << "change " << change << ", small fabric up to " << small_links << " links";
                for (auto [l, h] : *demand[s].links)
                    want_carried[l] += rates[s] * h, want_offered[l] += demand[s].cap * h;
            }
            for (int l = 0; l < links; ++l) {
                ASSERT_NEAR(carried[l], want_carried[l], 1e-9 * std::max(1.0, want_carried[l])) << "link " << l;
                ASSERT_NEAR(offered[l], want_offered[l], 1e-9 * std::max(1.0, want_offered[l])) << "link " << l;
            }
        }
        EXPECT_GT(most, 64u);  // the component regime was reached
    }
}

TEST(Speedups, SlackLinksAreNotConstraints) {
    // Flows a and b share link 0, which they cannot fill (40 + 40 <= 100); each is held by
    // its own tight link (1 or 2: 40 > 30). With slack links skipped they are two problems,
    // and a third flow that only crosses link 0 takes its cap without any solve. The
    // reference (prune_slack off) solves a and b as one problem, and again with c.
    // 48 small flows on links of their own come first: up to 48 flows, everything is one
    // problem over every link in both modes.
    std::vector<double> cap = {100, 30, 30};
    const LinkUse a = {{0, 1}, {1, 1}}, b = {{0, 1}, {2, 1}}, c = {{0, 1}};
    std::vector<LinkUse> alone;
    for (int i = 0; i < 48; ++i) cap.push_back(10), alone.push_back({{3 + i, 1}});
    for (bool prune : {true, false}) {
        IncrementalFairShare net(cap, prune);
        for (int i = 0; i < 48; ++i) net.add(10 + i, &alone[static_cast<size_t>(i)], 1);
        net.solve([](int, double, double) {});
        const long long components = net.components_solved();
        net.add(0, &a, 40);
        net.add(1, &b, 40);
        net.solve([](int, double, double) {});
        EXPECT_EQ(net.components_solved() - components, prune ? 2 : 1);
        const long long solves = net.rate_solves();
        net.add(2, &c, 10);
        double carried0 = 0;
        net.solve([&](int l, double carried, double) {
            if (l == 0) carried0 = carried;
        });
        EXPECT_EQ(net.rate(48), 30.0);
        EXPECT_EQ(net.rate(49), 30.0);
        EXPECT_EQ(net.rate(50), 10.0);
        EXPECT_EQ(carried0, 70.0);
        ASSERT_EQ(net.moved().size(), 1u);  // only the new flow's rate is news
        if (prune) EXPECT_EQ(net.rate_solves(), solves) << "a flow on slack links only needs no solve";
        else EXPECT_EQ(net.rate_solves(), solves + 1);
    }
}

TEST(Speedups, LargeFabricSplitsFewFlowsByTightLinks) {
    // Three flows on a fabric counted as large: a and b each have a tight link of their own
    // (40 > 30) and share a slack one, so they are two problems, and c, on the slack link
    // only, takes its cap without a solve. Counted as small, the three are one problem
    // over every link and c's arrival re-solves it.
    std::vector<double> cap = {100, 30, 30};
    const LinkUse a = {{0, 1}, {1, 1}}, b = {{0, 1}, {2, 1}}, c = {{0, 1}};
    for (size_t small_links : {size_t{2}, size_t{3}}) {
        const bool large = cap.size() > small_links;
        IncrementalFairShare net(cap, true, small_links);
        net.add(0, &a, 40);
        net.add(1, &b, 40);
        net.solve([](int, double, double) {});
        EXPECT_EQ(net.components_solved(), large ? 2 : 1);
        const long long solves = net.rate_solves();
        net.add(2, &c, 10);
        net.solve([](int, double, double) {});
        EXPECT_EQ(net.rate(0), 30.0);
        EXPECT_EQ(net.rate(1), 30.0);
        EXPECT_EQ(net.rate(2), 10.0);
        EXPECT_EQ(net.rate_solves(), large ? solves : solves + 1) << "fabric up to " << small_links << " links";
    }
}

namespace {
SimResult run_paths(const GeneratorConfig& g, SimConfig s, bool fast, double nic_gbps = 50.0) {
    s.fast_network = fast;
    s.topology.nic_gbps = nic_gbps;
    return simulate(generate_jobs(g, ProfileTable::builtin()), ProfileTable::builtin(), s);
}
bool near(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)}); }
}  // namespace

TEST(Speedups, FastNetworkPathGivesTheReferenceResults) {
    // A congested trace (a 4:1 paper-like cluster, LAS with CASSINI's shifts, links over
    // capacity): per-job finish times and run totals of the fast network path must be the
    // reference path's to 1e-9 relative - the rates differ only by rounding (and the
    // solver's 1e-9 "full" tolerance). The pinned runs of test_regression.cpp (on the fast
    // path) hold to the same 1e-9.
    GeneratorConfig g;
    g.jobs = 40, g.jobs_per_hour = 120, g.gpu_sizes = {2, 4, 8}, g.min_iterations = 300, g.max_iterations = 3000;
    g.seed = 8;
    SimConfig s;
    s.topology = {24, 1, 50.0, TopologyKind::LeafSpine, 4, 4.0};
    s.policy = Policy::Las;
    s.cassini = true;
    s.seed = 8;
    const SimResult ref = run_paths(g, s, false), fast = run_paths(g, s, true);
    ASSERT_GT(ref.excess_gbit, 0) << "the trace must congest links";
    ASSERT_EQ(fast.jobs.size(), ref.jobs.size());
    for (size_t i = 0; i < ref.jobs.size(); ++i)
        EXPECT_TRUE(near(fast.jobs[i].finish_s, ref.jobs[i].finish_s))
            << "job " << i << ": " << fast.jobs[i].finish_s << " vs " << ref.jobs[i].finish_s;
    EXPECT_EQ(fast.events, ref.events);
    EXPECT_TRUE(near(fast.excess_gbit, ref.excess_gbit));
    EXPECT_TRUE(near(fast.link_utilisation, ref.link_utilisation));
    EXPECT_EQ(fast.realignments, ref.realignments);
}

TEST(Speedups, FastNetworkPathOnAChaoticTraceStaysWithinRoundingNoise) {
    // Random placement on 4-GPU servers: jobs share NICs and many flows are coupled. Here
    // the fluid model amplifies rounding: a last-bit difference in one rate grows about
    // 100x per 10 simulated seconds (measured: 1e-13 s at t = 93 s, 1e-8 s at t = 111 s),
    // until a scheduling decision flips, so no two ways of computing the same rates agree
    // job by job. What must hold: the fast path moves the averages no more than a 1-ulp
    // change of the NIC rate moves the reference itself (x2, at least 1%).
    GeneratorConfig g;
    g.jobs = 40, g.jobs_per_hour = 300, g.gpu_sizes = {1, 2, 4, 8, 16}, g.min_iterations = 300, g.max_iterations = 2000;
    g.seed = 7;
    SimConfig s;
    s.topology = {16, 4, 50.0, TopologyKind::LeafSpine, 4, 2.0};
    s.policy = Policy::Themis;
    s.placement = PlacementKind::Random;
    s.seed = 7;
    const SimResult ref = run_paths(g, s, false), fast = run_paths(g, s, true);
    const SimResult ulp = run_paths(g, s, false, std::nextafter(50.0, 100.0));
    ASSERT_GT(ref.excess_gbit, 0) << "the trace must congest links";
    auto rel = [](double a, double b) { return std::abs(a / b - 1); };
    const double noise_avg = rel(ulp.avg_jct_s, ref.avg_jct_s), noise_p99 = rel(ulp.p99_jct_s, ref.p99_jct_s);
    std::printf("avg JCT: fast %.6g, reference %.6g, reference with NIC + 1 ulp %.6g; p99: %.6g, %.6g, %.6g\n",
                fast.avg_jct_s, ref.avg_jct_s, ulp.avg_jct_s, fast.p99_jct_s, ref.p99_jct_s, ulp.p99_jct_s);
    EXPECT_LE(rel(fast.avg_jct_s, ref.avg_jct_s), std::max(0.01, 2 * noise_avg));
    EXPECT_LE(rel(fast.p99_jct_s, ref.p99_jct_s), std::max(0.01, 2 * noise_p99));
    EXPECT_LE(rel(fast.excess_gbit, ref.excess_gbit), 0.05);
}

TEST(Speedups, CassiniCacheStartsOverBetweenPlansOnly) {
    // Jobs on four leaf-like links, each link constrained. With a cache that holds only
    // two solved links, planning must give what an unbounded cache gives (the cache used
    // to start over in the middle of a plan, leaving the plan reading freed entries).
    std::vector<Pattern> patterns;
    std::vector<LinkUse> uses;
    for (int j = 0; j < 8; ++j) {
        patterns.push_back({"j" + std::to_string(j), 60.0 + 10 * (j % 3), {{0, 25, 50}}});
        uses.push_back({{j % 4, 1}, {4 + (j + 1) % 4, 1}});
    }
    std::vector<PlacedJob> placed;
    for (int j = 0; j < 8; ++j) placed.push_back({j, &patterns[j], &uses[j]});
    CassiniConfig small, large;
    small.cache_limit = 2;
    Cassini a(small, std::vector<double>(8, 50.0)), b(large, std::vector<double>(8, 50.0));
    for (int round = 0; round < 3; ++round) {
        CassiniPlan pa = a.plan(placed, {}), pb = b.plan(placed, {});
        ASSERT_EQ(pa.links.size(), pb.links.size());
        ASSERT_EQ(pa.links.size(), 8u);
        for (size_t i = 0; i < pa.links.size(); ++i) {
            EXPECT_EQ(pa.links[i].link, pb.links[i].link);
            EXPECT_EQ(pa.links[i].best, pb.links[i].best);
            EXPECT_EQ(pa.links[i].realised, pb.links[i].realised);
        }
        EXPECT_EQ(pa.shifts.shift_ms, pb.shifts.shift_ms);
    }
}

namespace {
// Jobs with one Up phase each, on random pairs of eight links of 50 Gb/s (so most links
// hold two or more jobs that exceed them): a cluster-sized affinity graph in miniature.
struct RandomPlacement {
    std::vector<Pattern> patterns;
    std::vector<LinkUse> uses;
    std::vector<PlacedJob> placed;
    RandomPlacement(int jobs, std::uint64_t seed) {
        Random rng(seed);
        for (int j = 0; j < jobs; ++j) {
            patterns.push_back({"j" + std::to_string(j), 50.0 + 10 * rng.below(4), {{0, 20, 40}}});
            const int a = static_cast<int>(rng.below(8)), b = static_cast<int>(rng.below(8));
            uses.push_back(a == b ? LinkUse{{a, 1}} : LinkUse{{std::min(a, b), 1}, {std::max(a, b), 1}});
        }
        for (int j = 0; j < jobs; ++j) placed.push_back({j, &patterns[j], &uses[j]});
    }
};
}  // namespace

TEST(Speedups, CassiniKnowsLoopsBeforeAnyRotationSearch) {
    // stop_at_loop: a plan whose graph has a loop returns its loop count, the traversal's,
    // without solving a link; a loop-free one is the whole plan.
    int with_loops = 0, without = 0;
    for (int jobs = 2; jobs <= 9; ++jobs)
        for (std::uint64_t seed = 1; seed <= 6; ++seed) {
            RandomPlacement r(jobs, seed);
            Cassini full({}, std::vector<double>(8, 50.0)), early({}, std::vector<double>(8, 50.0));
            const CassiniPlan a = full.plan(r.placed, {});
            PlanOptions stop;
            stop.stop_at_loop = true;
            const CassiniPlan b = early.plan(r.placed, {}, stop);
            EXPECT_EQ(a.shifts.loops, b.shifts.loops) << jobs << " jobs, seed " << seed;
            if (a.shifts.loops > 0) {
                ++with_loops;
                EXPECT_EQ(early.rotations_solved(), 0);
                EXPECT_TRUE(b.links.empty());
            } else {
                ++without;
                EXPECT_EQ(a.shifts.shift_ms, b.shifts.shift_ms);
                ASSERT_EQ(a.links.size(), b.links.size());
            }
        }
    EXPECT_GT(with_loops, 5);  // both kinds of graph were met
    EXPECT_GT(without, 5);
}

TEST(Speedups, CassiniScoresOnlyTheLinksAskedFor) {
    // Realised scores for some links are those of the full plan, in the same order, so a
    // mean over them is the same number.
    RandomPlacement r(7, 3);
    Cassini cassini({}, std::vector<double>(8, 50.0));
    const CassiniPlan all = cassini.plan(r.placed, {});
    ASSERT_GE(all.links.size(), 3u);
    const LinkUse some{{all.links[0].link, 1}, {all.links[2].link, 1}};
    PlanOptions options;
    options.realised_on = &some;
    const CassiniPlan part = cassini.plan(r.placed, {}, options);
    ASSERT_EQ(part.links.size(), 2u);
    EXPECT_EQ(part.links[0].realised, all.links[0].realised);
    EXPECT_EQ(part.links[1].realised, all.links[2].realised);
    EXPECT_EQ(part.mean_score(&some), all.mean_score(&some));
    EXPECT_EQ(part.shifts.shift_ms, all.shifts.shift_ms);
    const LinkUse none;
    options.realised_on = &none;
    EXPECT_TRUE(cassini.plan(r.placed, {}, options).links.empty());
}
