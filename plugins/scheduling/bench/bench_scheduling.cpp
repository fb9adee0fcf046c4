// Simulator benchmark: a generated trace on 128 GPUs (32 servers x 4, leaf-spine 2:1; or
// --servers N), for several trace lengths, timing the same trace without and with CASSINI.
// Prints wall and CPU time (CPU time shows what the simulation cost on a busy machine),
// simulated time, simulated seconds per wall second and events/s.
// --reference N,..: at these trace lengths the same runs are repeated on the reference
// network path (SimConfig::fast_network = false: every link a constraint, every flow
// updated at every event, as before plugin 1.3), and a line gives the speed-up (CPU time
// ratio) and how far the results moved (average JCT, and jobs whose JCT differs by more
// than 1e-9 relative).
// --previous N,..: the same, against plugin 1.3's fast path ("fast-1.3": up to 48 jobs solved
// as one problem on any fabric size; SimConfig::whole_fabric_links = SIZE_MAX).
// --iteration N,..: the same, against per-iteration stepping ("iteration": every step an
// event, SimConfig::stepping = Iteration; the default coasts free jobs on large fabrics).
// --full-resolve N,..: the same, against re-solving each touched tight component from level 0
// ("full": SimConfig::partial_resolve = false; the default re-solves only the max-min levels a
// change can reach, from the lowest one up).
// --sets N,..: the same, with flow_method shared-sets ("sets": each set of jobs sharing a link
// that can fill run once on that link alone, jobs at their sets' slowdowns, coasting;
// flow_sets.hpp) - an approximation, so the comparison line says how far its results are
// from max-min's; a second line gives the sets looked up and run, and their CPU time.
// --fast N,..: the trace lengths at which the default path runs (default: all); at the others the
// first path asked for is the one the rest are compared with (10,000 jobs on 1,024 GPUs: the
// default path does not finish in 25 CPU minutes).
// --ideal N,..: the same trace without network contention ("ideal": SimConfig::network_contention
// = false; every job coasts at its own peak): the floor any network path can reach, and the
// headroom (avg JCT over the ideal's).
// --load L: the arrival rate is set so the trace's offered load is L (default: 40 jobs/h per
// 128 GPUs, which is ~1.0, so the queue grows through a long trace and so does the cost per job).
// --progress 1: each run also prints to stderr, at every 5% of its jobs finished, the CPU
// seconds so far (to size a run too long to wait for).
// With CASSINI a second line gives the placements scored, those CASSINI moved off the host's
// choice, and the candidates skipped because their affinity graph had a loop.
// Each row prints the event-loop passes, the steps coasting jobs took without one, and the
// flows in the max-min problems solved (large fabrics).
//
//   bench_scheduling [--jobs 100,1000,10000] [--scheduler themis] [--seed 1] [--servers 32] [--reference 1000]
//                    [--previous 1000] [--iteration 1000] [--full-resolve 1000] [--sets 1000]
//                    [--cassini off|on|both]
//   bench_scheduling --paper [--seeds 5] [--flow-method max-min|shared-sets]
// --paper runs the grid of experiments/scheduling-cassini.sextant (24 servers x 1 GPU) and
// prints, per scheduler and oversubscription, host-only / host+CASSINI ratios over seeds.
#include "scheduling/simulator.hpp"
#include "scheduling/trace.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

using namespace sextant::scheduling;

namespace {

// Same configuration as experiments/scheduling-cassini.sextant.
int paper(int seeds, FlowMethod method) {
    const ProfileTable& profiles = ProfileTable::builtin();
    std::printf("24 servers x 1 GPU, 4 per leaf, 100 jobs at 30/h, sizes 1,2,4,8; %d seeds (1..%d); flow_method %s\n",
                seeds, seeds, method == FlowMethod::SharedSets ? "shared-sets" : "max-min");
    std::printf("%-7s %5s %5s %12s %12s %14s %12s %12s %14s %7s\n", "sched", "over", "seed", "avg_jct_off",
                "avg_jct_on", "avg_ratio", "p99_off", "p99_on", "excess_off/on", "moved");
    for (const char* sched : {"themis", "las"})
        for (double over : {2.0, 4.0}) {
            double sum_avg_off = 0, sum_avg_on = 0, sum_p99_off = 0, sum_p99_on = 0, sum_ex_off = 0, sum_ex_on = 0;
            for (int seed = 1; seed <= seeds; ++seed) {
                GeneratorConfig g;
                g.jobs = 100;
                g.jobs_per_hour = 30;
                g.gpu_sizes = {1, 2, 4, 8};
                g.min_iterations = 2000;
                g.max_iterations = 20000;
                g.seed = static_cast<std::uint64_t>(seed);
                auto jobs = generate_jobs(g, profiles);
                SimResult r[2];
                for (int on = 0; on < 2; ++on) {
                    SimConfig c;
                    c.topology = {24, 1, 50.0, TopologyKind::LeafSpine, 4, over};
                    c.policy = parse_policy(sched);
                    c.cassini = on;
                    c.flow_method = method;
                    c.timeline_bin_s = 0;
                    c.seed = static_cast<std::uint64_t>(seed) ^ 0x9e3779b97f4a7c15ULL;  // as the plugin does
                    r[on] = simulate(jobs, profiles, c);
                }
                std::printf("%-7s %5.0f %5d %12.0f %12.0f %14.3f %12.0f %12.0f %14.2f %7d\n", sched, over, seed,
                            r[0].avg_jct_s, r[1].avg_jct_s, r[0].avg_jct_s / r[1].avg_jct_s, r[0].p99_jct_s,
                            r[1].p99_jct_s, r[1].excess_gbit > 0 ? r[0].excess_gbit / r[1].excess_gbit : 0.0,
                            r[1].placements_moved);
                sum_avg_off += r[0].avg_jct_s, sum_avg_on += r[1].avg_jct_s;
                sum_p99_off += r[0].p99_jct_s, sum_p99_on += r[1].p99_jct_s;
                sum_ex_off += r[0].excess_gbit, sum_ex_on += r[1].excess_gbit;
            }
            std::printf("%-7s %5.0f %5s   avg JCT off/on %.3f   p99 JCT off/on %.3f   excess off/on %s\n", sched, over,
                        "all", sum_avg_off / sum_avg_on, sum_p99_off / sum_p99_on,
                        sum_ex_on > 0 ? std::to_string(sum_ex_off / sum_ex_on).c_str() : "(no congestion)");
        }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc >= 2 && std::strcmp(argv[1], "--paper") == 0) {
        int seeds = 5;
        FlowMethod method = FlowMethod::MaxMin;
        for (int i = 2; i + 1 < argc; i += 2) {
            if (std::strcmp(argv[i], "--seeds") == 0) seeds = std::atoi(argv[i + 1]);
            else if (std::strcmp(argv[i], "--flow-method") == 0) method = parse_flow_method(argv[i + 1]);
            else {
                std::fprintf(stderr, "bench_scheduling --paper: unknown option %s\n", argv[i]);
                return 2;
            }
        }
        return paper(seeds, method);
    }
    std::vector<int> sizes = {100, 1000, 10000};
    std::string scheduler = "themis";
    std::uint64_t seed = 1;
    int servers = 32;
    std::vector<int> reference, previous, iteration, full, ideal, fast, sets;
    bool fast_everywhere = true;
    std::vector<bool> cassini_runs = {false, true};
    bool progress = false;
    double load = 0;           // 0: 40 jobs/h per 128 GPUs (offered load ~1.0); else the offered load asked for
    FlowSetsConfig flow_sets;  // the sets path's settings (flow_sets_horizon_periods, flow_sets_phase_bins)
    PolluxSearchKind pollux_search = PolluxSearchKind::Genetic;  // --scheduler pollux
    const char* usage =
        "usage: bench_scheduling [--jobs N,N,..] [--scheduler fifo|srtf|las|themis] [--seed S] [--servers N]\n"
        "                        [--reference N,N,..] [--previous N,N,..] [--iteration N,N,..] [--full-resolve "
        "N,N,..]\n"
        "                        [--sets N,N,..] [--fast N,N,..] [--ideal N,N,..] [--cassini off|on|both] [--progress "
        "0|1] [--load L]\n"
        "                        [--sets-horizon PERIODS] [--sets-bins BINS] [--pollux-search genetic|greedy]\n"
        "       bench_scheduling --paper [--seeds N] [--flow-method max-min|shared-sets]\n";
    for (int i = 1; i < argc; i += 2) {
        std::string a = argv[i];
        if (a == "--help" || a == "-h") {
            std::fputs(usage, stdout);
            return 0;
        }
        if (i + 1 >= argc) {  // every option takes a value; a bare flag is a mistake, not a default run
            std::fprintf(stderr, "bench_scheduling: %s needs a value\n%s", a.c_str(), usage);
            return 2;
        }
        if (a == "--jobs" || a == "--reference" || a == "--previous" || a == "--iteration" || a == "--full-resolve" ||
            a == "--ideal" || a == "--fast" || a == "--sets") {
            std::vector<int>& out = a == "--jobs"        ? sizes
                                    : a == "--reference" ? reference
                                    : a == "--previous"  ? previous
                                    : a == "--iteration" ? iteration
                                    : a == "--ideal"     ? ideal
                                    : a == "--fast"      ? fast
                                    : a == "--sets"      ? sets
                                                         : full;
            out.clear();
            if (a == "--fast") fast_everywhere = false;
            std::stringstream in(argv[i + 1]);
            for (std::string s; std::getline(in, s, ',');) {
                char* end = nullptr;
                const long v = std::strtol(s.c_str(), &end, 10);
                if (s.empty() || *end != '\0' || v < (a == "--fast" ? 0 : 1)) {
                    std::fprintf(stderr, "bench_scheduling: %s: expected job counts like 100,1000, got '%s'\n",
                                 a.c_str(), s.c_str());
                    return 2;
                }
                out.push_back(static_cast<int>(v));
            }
        } else if (a == "--cassini") {
            const std::string v = argv[i + 1];
            if (v == "off") cassini_runs = {false};
            else if (v == "on") cassini_runs = {true};
            else if (v == "both") cassini_runs = {false, true};
            else {
                std::fprintf(stderr, "bench_scheduling: --cassini: expected off, on or both, got '%s'\n", v.c_str());
                return 2;
            }
        } else if (a == "--progress") {
            progress = std::strcmp(argv[i + 1], "1") == 0;
        } else if (a == "--load") {
            char* end = nullptr;
            load = std::strtod(argv[i + 1], &end);
            if (*end != '\0' || !(load > 0)) {
                std::fprintf(stderr, "bench_scheduling: --load: expected an offered load > 0 like 0.8, got '%s'\n",
                             argv[i + 1]);
                return 2;
            }
        } else if (a == "--sets-horizon" || a == "--sets-bins") {
            const int v = std::atoi(argv[i + 1]);
            if (v < 1) {
                std::fprintf(stderr, "bench_scheduling: %s: expected a positive count, got '%s'\n", a.c_str(),
                             argv[i + 1]);
                return 2;
            }
            (a == "--sets-horizon" ? flow_sets.horizon_periods : flow_sets.phase_bins) = v;
        } else if (a == "--pollux-search") {
            try {
                pollux_search = parse_pollux_search(argv[i + 1]);
            } catch (const std::invalid_argument& e) {
                std::fprintf(stderr, "bench_scheduling: --pollux-search: %s\n", e.what());
                return 2;
            }
        } else if (a == "--scheduler") {
            scheduler = argv[i + 1];
        } else if (a == "--seed") {
            seed = std::stoull(argv[i + 1]);
        } else if (a == "--servers") {
            servers = std::stoi(argv[i + 1]);
            if (servers < 4 || servers % 4 != 0) {
                std::fprintf(stderr, "bench_scheduling: --servers: expected a multiple of 4 (4 servers per leaf)\n");
                return 2;
            }
        } else {
            std::fprintf(stderr, "bench_scheduling: unknown option %s\n%s", a.c_str(), usage);
            return 2;
        }
    }
    const ProfileTable& profiles = ProfileTable::builtin();
    SimConfig base;
    base.topology = {servers, 4, 50.0, TopologyKind::LeafSpine, 4, 2.0};
    base.policy = parse_policy(scheduler);
    base.timeline_bin_s = 60;  // timelines are on in the plugin too; the sink below discards them
    base.seed = seed;
    base.flow_sets = flow_sets;
    base.pollux.search = pollux_search;
    std::printf("%d GPUs (%d servers x 4, leaf-spine, 4 servers/leaf, 2:1), scheduler %s, seed %llu\n", servers * 4,
                servers, scheduler.c_str(), static_cast<unsigned long long>(seed));
    std::printf("%7s %8s %9s %10s %10s %12s %14s %12s %12s %12s %10s %10s %13s\n", "jobs", "cassini", "network",
                "wall_s", "cpu_s", "simulated_s", "sim_s/wall_s", "events", "coasted", "events/s", "avg_jct_s",
                "excess_Gb", "flows_solved");
    for (int n : sizes) {
        GeneratorConfig g;
        g.jobs = n;
        g.jobs_per_hour = 40.0 * servers / 32;  // offered load ~1.0 at ideal speed (printed below)
        g.gpu_sizes = {1, 2, 4, 8, 16};
        g.min_iterations = 2000;
        g.max_iterations = 20000;
        g.seed = seed;
        // Offered load: the trace's GPU-seconds at ideal (consolidated, uncontended) speed
        // over the cluster's GPU-seconds during the arrivals; above 1 the queue only grows.
        const auto offered = [&](const std::vector<JobSpec>& jobs, double& span_s) {
            double ideal_gpu_s = 0;
            span_s = 0;
            for (const JobSpec& j : jobs) {
                span_s = std::max(span_s, j.arrival_s);
                const int job_servers = (j.gpus + 3) / 4;
                ideal_gpu_s += static_cast<double>(j.iterations) * j.gpus *
                               plan_iteration(*profiles.find(j.model), job_servers, 50.0).ideal_seconds();
            }
            return ideal_gpu_s / (servers * 4 * span_s);
        };
        auto jobs = generate_jobs(g, profiles);
        double span_s = 0;
        double offered_load = offered(jobs, span_s);
        if (load > 0) {  // the same draws at the arrival rate that gives the load asked for
            g.jobs_per_hour *= load / offered_load;
            jobs = generate_jobs(g, profiles);
            offered_load = offered(jobs, span_s);
        }
        std::printf("%7d jobs arriving at %.0f/h over %.1f h: offered load %.2f (ideal GPU-s / (%d GPUs x %.0f s))\n",
                    n, g.jobs_per_hour, span_s / 3600, offered_load, servers * 4, span_s);
        // The network paths to time on this trace: the default first, then the baselines
        // asked for, each compared with it.
        struct Path {
            const char* name;
            bool fast;
            size_t whole_fabric_links;
            Stepping stepping;
            bool partial_resolve = true;
            bool contention = true;
            FlowMethod method = FlowMethod::MaxMin;
        };
        const size_t large = SimConfig{}.whole_fabric_links;
        std::vector<Path> paths = {{"fast", true, large, Stepping::Auto}};
        if (std::find(full.begin(), full.end(), n) != full.end())
            paths.push_back({"full", true, large, Stepping::Auto, false});
        if (std::find(iteration.begin(), iteration.end(), n) != iteration.end())
            paths.push_back({"iteration", true, large, Stepping::Iteration});
        if (std::find(previous.begin(), previous.end(), n) != previous.end())
            paths.push_back({"fast-1.3", true, SIZE_MAX, Stepping::Iteration});
        if (std::find(reference.begin(), reference.end(), n) != reference.end())
            paths.push_back({"reference", false, SIZE_MAX, Stepping::Iteration});
        if (std::find(sets.begin(), sets.end(), n) != sets.end())
            paths.push_back({"sets", true, large, Stepping::Auto, true, true, FlowMethod::SharedSets});
        if (std::find(ideal.begin(), ideal.end(), n) != ideal.end())
            paths.push_back({"ideal", true, large, Stepping::Auto, true, false});
        if (!fast_everywhere && std::find(fast.begin(), fast.end(), n) == fast.end()) paths.erase(paths.begin());
        if (paths.empty()) {
            std::fprintf(stderr, "bench_scheduling: %d jobs: --fast leaves no path to run\n", n);
            return 2;
        }
        for (bool cassini : cassini_runs) {
            std::vector<SimResult> r(paths.size());
            std::vector<double> cpu_s(paths.size());
            for (size_t p = 0; p < paths.size(); ++p) {
                SimConfig c = base;
                c.cassini = cassini;
                c.fast_network = paths[p].fast;
                c.whole_fabric_links = paths[p].whole_fabric_links;
                c.stepping = paths[p].stepping;
                c.partial_resolve = paths[p].partial_resolve;
                c.network_contention = paths[p].contention;
                c.flow_method = paths[p].method;
                SimHooks hooks;
                hooks.timeline = [](double, double, const std::vector<double>&, const std::vector<double>&) {};
                const auto t0 = std::chrono::steady_clock::now();
                const std::clock_t c0 = std::clock();
                if (progress)
                    hooks.progress = [&, next = 0.05](double fraction) mutable {
                        if (fraction + 1e-9 < next) return;
                        next += 0.05;
                        std::fprintf(stderr, "%d jobs, %s: %.0f%% finished after %.1f CPU s\n", n, paths[p].name,
                                     100 * fraction, static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);
                    };
                r[p] = simulate(jobs, profiles, c, hooks);
                const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                cpu_s[p] = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
                std::printf("%7d %8s %9s %10.2f %10.2f %12.0f %14.0f %12lld %12lld %12.0f %10.0f %10.0f %13lld\n", n,
                            cassini ? "on" : "off", paths[p].name, wall, cpu_s[p], r[p].makespan_s,
                            r[p].makespan_s / wall, r[p].events, r[p].coasted_steps, r[p].events / wall, r[p].avg_jct_s,
                            r[p].excess_gbit, r[p].flows_resolved);
                if (cassini)
                    std::printf(
                        "%7d %8s %9s   placements scored %d, moved by CASSINI %d, candidates skipped for loops %d\n", n,
                        "on", paths[p].name, r[p].placements_scored, r[p].placements_moved, r[p].loop_skips);
                // Time running over the time its iterations take alone, summed over jobs: the
                // network's cost to running jobs, without the queueing that amplifies it in JCT.
                double run = 0, alone = 0;
                for (const JobResult& j : r[p].jobs) run += j.running_s, alone += j.iterations * j.ideal_iteration_s;
                std::printf("%7d %8s %9s   time running / alone %.4f\n", n, cassini ? "on" : "off", paths[p].name,
                            run / std::max(1e-9, alone));
                if (paths[p].method == FlowMethod::SharedSets)
                    std::printf(
                        "%7d %8s %9s   shared sets looked up %lld, run %lld (cache misses), %.2f CPU s in set runs\n",
                        n, cassini ? "on" : "off", paths[p].name, r[p].packet_lookups, r[p].packet_runs,
                        r[p].packet_cpu_s);
                std::fflush(stdout);
            }
            for (size_t p = 1; p < paths.size(); ++p) {
                int moved = 0;
                double worst = 0, sum = 0;
                for (size_t i = 0; i < r[0].jobs.size(); ++i) {
                    const double a = r[0].jobs[i].jct_s(), b = r[p].jobs[i].jct_s();
                    const double rel = std::abs(a - b) / std::max(1.0, std::abs(b));
                    worst = std::max(worst, rel);
                    sum += rel;
                    moved += rel > 1e-9;
                }
                const char *base_name = paths[0].name, *name = paths[p].name;
                std::printf(
                    "%7d %8s   speed-up (%s / %s CPU s) %.2fx, events %s / %s %.2fx; avg JCT %s / %s - 1 = %.2e, "
                    "p99 %.2e; jobs with JCT moved > 1e-9 relative: %d of %zu (mean %.2e, largest %.2e)\n",
                    n, cassini ? "on" : "off", name, base_name, cpu_s[p] / std::max(1e-9, cpu_s[0]), name, base_name,
                    static_cast<double>(r[p].events) / std::max(1LL, r[0].events), base_name, name,
                    r[0].avg_jct_s / r[p].avg_jct_s - 1, r[0].p99_jct_s / r[p].p99_jct_s - 1, moved, r[0].jobs.size(),
                    sum / std::max<size_t>(1, r[0].jobs.size()), worst);
                std::fflush(stdout);
            }
        }
    }
    return 0;
}
