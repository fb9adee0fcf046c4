// Simulator benchmark: a generated trace on 128 GPUs (32 servers x 4, leaf-spine 2:1),
// for several trace lengths, timing the same trace without and with CASSINI.
// Prints wall time, simulated time, simulated seconds per wall second and events/s.
//
//   bench_scheduling [--jobs 100,1000,10000] [--scheduler themis] [--seed 1]
#include "scheduling/simulator.hpp"
#include "scheduling/trace.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

using namespace sextant::scheduling;

int main(int argc, char** argv) {
    std::vector<int> sizes = {100, 1000, 10000};
    std::string scheduler = "themis";
    std::uint64_t seed = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string a = argv[i];
        if (a == "--jobs") {
            sizes.clear();
            std::stringstream in(argv[i + 1]);
            for (std::string s; std::getline(in, s, ',');) sizes.push_back(std::stoi(s));
        } else if (a == "--scheduler") {
            scheduler = argv[i + 1];
        } else if (a == "--seed") {
            seed = std::stoull(argv[i + 1]);
        } else {
            std::fprintf(stderr, "usage: bench_scheduling [--jobs N,N,..] [--scheduler fifo|srtf|las|themis] [--seed S]\n");
            return 2;
        }
    }
    const ProfileTable& profiles = ProfileTable::builtin();
    SimConfig base;
    base.topology = {32, 4, 50.0, TopologyKind::LeafSpine, 4, 2.0};
    base.policy = parse_policy(scheduler);
    base.timeline_bin_s = 60;  // timelines are on in the plugin too; the sink below discards them
    base.seed = seed;
    std::printf("128 GPUs (32 servers x 4, leaf-spine, 4 servers/leaf, 2:1), scheduler %s, seed %llu\n",
                scheduler.c_str(), static_cast<unsigned long long>(seed));
    std::printf("%7s %8s %10s %12s %14s %12s %10s %10s\n", "jobs", "cassini", "wall_s", "simulated_s",
                "sim_s/wall_s", "events/s", "avg_jct_s", "excess_Gb");
    for (int n : sizes) {
        GeneratorConfig g;
        g.jobs = n;
        g.jobs_per_hour = 40;  // ~80% offered load on 128 GPUs with the default size and length mix
        g.gpu_sizes = {1, 2, 4, 8, 16};
        g.min_iterations = 2000;
        g.max_iterations = 20000;
        g.seed = seed;
        auto jobs = generate_jobs(g, profiles);
        for (bool cassini : {false, true}) {
            SimConfig c = base;
            c.cassini = cassini;
            SimHooks hooks;
            hooks.timeline = [](double, double, const std::vector<double>&, const std::vector<double>&) {};
            auto t0 = std::chrono::steady_clock::now();
            SimResult r = simulate(jobs, profiles, c, hooks);
            double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            std::printf("%7d %8s %10.2f %12.0f %14.0f %12.0f %10.0f %10.0f\n", n, cassini ? "on" : "off", wall,
                        r.makespan_s, r.makespan_s / wall, r.events / wall, r.avg_jct_s, r.excess_gbit);
            std::fflush(stdout);
        }
    }
    return 0;
}
