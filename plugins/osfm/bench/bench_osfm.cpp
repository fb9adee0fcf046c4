// Replay speed of every policy over 1 M references (issue 18: < 1 s each), beside a baseline
// measured in the same run: one hash-set lookup and insert per reference (the least any
// policy keyed by page number must do).
//   build/bin/bench_osfm [references] [capacity]
#include "osfm/os_sim.hpp"
#include "osfm/replay.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <unordered_set>

using namespace sextant::osfm;

int main(int argc, char** argv) {
    const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
    const std::size_t capacity = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 4096;
    // a Zipf(0.9) hot set of 50k pages interleaved with sequential scans: about 40% hits at 4k pages
    std::mt19937_64 rng(42);
    std::vector<double> cdf(50000);
    double sum = 0;
    for (std::size_t i = 0; i < cdf.size(); ++i) cdf[i] = (sum += 1.0 / std::pow(i + 1.0, 0.9));
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<Page> trace(n);
    Page scan = 1'000'000;
    for (Page& p : trace) {
        if (u(rng) < 0.3) {
            p = scan++;
        } else {
            p = static_cast<Page>(std::lower_bound(cdf.begin(), cdf.end(), u(rng) * sum) - cdf.begin());
        }
    }
    using clock = std::chrono::steady_clock;
    auto seconds = [](clock::time_point a) { return std::chrono::duration<double>(clock::now() - a).count(); };

    auto t0 = clock::now();
    std::unordered_set<Page> seen;
    std::size_t found = 0;
    for (Page p : trace) found += !seen.insert(p).second;
    const double base = seconds(t0);
    std::printf("%zu references, %zu pages of cache\n", n, capacity);
    std::printf("%-8s %9s %9s %10s %8s\n", "policy", "seconds", "ns/ref", "hit ratio", "x base");
    std::printf("%-8s %9.3f %9.1f %10s %8.2f\n", "hashset", base, 1e9 * base / n, "-", 1.0);
    for (PolicyKind k :
         {PolicyKind::Lru, PolicyKind::Clock, PolicyKind::Lfu, PolicyKind::Arc, PolicyKind::TwoQ, PolicyKind::Opt}) {
        auto t = clock::now();
        CacheStats s = replay(trace, k, capacity);
        const double sec = seconds(t);
        std::printf("%-8s %9.3f %9.1f %10.4f %8.2f\n", policy_name(k), sec, 1e9 * sec / n, s.hit_ratio(), sec / base);
    }
    // The whole machine: 4 processes (2 Zipf, a loop, a scan) sharing n references, LRU.
    std::vector<ProcessSpec> specs(4);
    specs[0].kind = specs[1].kind = StreamKind::Zipf;
    specs[2].kind = StreamKind::Loop;
    specs[3].kind = StreamKind::Scan;
    for (auto& s : specs) s.references = n / 4, s.pages = capacity;
    auto procs = make_processes(specs, 1);
    for (bool ra : {false, true}) {
        auto cache = make_lru(capacity);
        auto t = clock::now();
        Readahead readahead;
        readahead.on = ra;
        SimResult r = simulate(procs, *cache, MachineSpec{}, readahead);
        const double sec = seconds(t);
        std::printf(
            "simulate %zu references (lru, readahead %s): %.3f s, %.1f ns/ref, %.2f x the hash-set baseline per ref\n",
            static_cast<std::size_t>(r.references), ra ? "on" : "off", sec, 1e9 * sec / r.references,
            (sec / r.references) / (base / n));
    }
    return found == n + 1;  // keeps the baseline loop from being optimised away
}
