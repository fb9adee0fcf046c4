// Packet fidelity in cluster mode (docs/scheduling.md, "Packet fidelity in cluster mode").
//
//   bench_packet_fidelity --check [--seeds 6] [--scale 0.02] [--servers 8]
//     small traces (2-4 data-parallel jobs, 2 or 4 GPUs, 30 iterations, random placement on
//     8 servers, 4 per leaf, 2:1 and 4:1): each job's running time and the ECN marks of the
//     cached method against the same jobs replayed on the whole cluster's packet fabric.
//   bench_packet_fidelity --grid [--seeds 3] [--jobs 100] [--oversubscription 4] [--scale 0.05] [--rate 30 (jobs/h)]
//                         [--cc dcqcn (the packet rows' congestion control, e.g. mltcp)] [--scheduler themis]
//     the paper-like trace (24 servers x 1 GPU, 30 jobs/h, 13 models, 1/2/4/8 GPUs,
//     2,000-20,000 iterations, Themis-like), with and without CASSINI, at flow and at
//     (cached) packet fidelity, with the cost of each run.
//   bench_packet_fidelity --cost [--jobs 100]
//     bench_scheduling's 128-GPU trace at flow and at cached packet fidelity: CPU time of each.
#include "scheduling/packet_replay.hpp"
#include "scheduling/simulator.hpp"
#include "scheduling/trace.hpp"

#include <netsim/packet/congestion_control.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

using namespace sextant::scheduling;

namespace {

double cpu_now() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

int check(int seeds, double scale, int servers) {
    const ProfileTable& profiles = ProfileTable::builtin();
    const std::vector<std::string> models = {"VGG11", "VGG16",   "VGG19", "ResNet50",  "WideResNet101",
                                             "BERT",  "RoBERTa", "XLM",   "CamemBERT", "GPT-1"};  // data parallel only
    std::printf(
        "cached packet fidelity vs the whole cluster packet by packet (%d servers, 4/leaf, random "
        "placement, scale %g)\n",
        servers, scale);
    std::printf("%5s %5s %5s %8s %10s %10s %8s %12s %12s %8s %8s %8s\n", "over", "seed", "jobs", "job", "cached_s",
                "full_s", "error", "marks_cache", "marks_full", "runs", "cpu_c", "cpu_f");
    double sum_abs = 0, worst = 0, marks_c = 0, marks_f = 0;
    int n = 0;
    for (double over : {2.0, 4.0})
        for (int seed = 1; seed <= seeds; ++seed) {
            Random rng(static_cast<std::uint64_t>(seed) * 7919 + static_cast<std::uint64_t>(over));
            const int count = 2 + static_cast<int>(rng.below(3));
            std::vector<JobSpec> jobs;
            int free = servers;
            for (int i = 0; i < count; ++i) {
                // 2 or 4 GPUs, all jobs fitting at once (no queueing, no preemption to replay)
                const int gpus = rng.below(2) && free - 4 >= 2 * (count - i - 1) ? 4 : 2;
                free -= gpus;
                jobs.push_back(
                    {i, "j" + std::to_string(i), 0.5 * rng.uniform(), models[rng.below(models.size())], gpus, 30});
            }
            SimConfig c;
            c.topology = {servers, 1, 50.0, TopologyKind::LeafSpine, 4, over};
            c.placement = PlacementKind::Random;
            c.policy = Policy::Fifo;
            c.restart_s = 0;
            c.timeline_bin_s = 0;
            c.seed = static_cast<std::uint64_t>(seed);
            c.packet_fidelity = true;
            c.packet.scale = scale;
            double t0 = cpu_now();
            const SimResult cached = simulate(jobs, profiles, c);
            const double cpu_cached = cpu_now() - t0;
            t0 = cpu_now();
            const ReplayResult full = replay_on_packet_fabric(jobs, cached, profiles, c);
            const double cpu_full = cpu_now() - t0;
            marks_c += cached.ecn_marks, marks_f += full.ecn_marks;
            for (const JobResult& j : cached.jobs) {
                if (full.running_s[j.id] < 0) continue;
                const double mine = cluster_running_s(j, c), theirs = full.running_s[j.id];
                const double err = mine / theirs - 1;
                sum_abs += std::fabs(err), worst = std::max(worst, std::fabs(err)), ++n;
                std::printf("%5.0f %5d %5d %8s %10.3f %10.3f %+8.3f %12.0f %12.0f %8lld %8.2f %8.2f\n", over, seed,
                            count, (j.model + "/" + std::to_string(j.gpus)).c_str(), mine, theirs, err,
                            cached.ecn_marks, full.ecn_marks, cached.packet_runs, cpu_cached, cpu_full);
            }
        }
    std::printf("jobs compared %d: mean |error| %.3f, worst %.3f; ECN marks cached / full %.3f (%.0f / %.0f)\n", n,
                n ? sum_abs / n : 0.0, worst, marks_f > 0 ? marks_c / marks_f : 0.0, marks_c, marks_f);
    return 0;
}

int grid(int seeds, int n_jobs, double over, double scale, double rate, const std::string& cc, Policy policy) {
    const ProfileTable& profiles = ProfileTable::builtin();
    std::printf(
        "24 servers x 1 GPU, 4/leaf, %g:1, %d jobs at %g/h, 1/2/4/8 GPUs, scheduler %s; packet scale %g, cc %s\n", over,
        n_jobs, rate, to_string(policy), scale, cc.c_str());
    std::printf("%6s %4s %7s %10s %10s %10s %12s %10s %10s %7s %7s %8s %8s %8s %8s\n", "fid", "seed", "cassini",
                "avg_jct", "p99_jct", "ideal_avg", "ecn_marks", "marks/GB", "pfc_s", "lookup", "runs", "pkt_cpu",
                "cpu_s", "realign", "gave_up");
    for (int packet = 0; packet < 2; ++packet) {
        double s_avg[2] = {0, 0}, s_p99[2] = {0, 0}, s_marks[2] = {0, 0}, s_ideal = 0;
        for (int seed = 1; seed <= seeds; ++seed) {
            GeneratorConfig g;
            g.jobs = n_jobs;
            g.jobs_per_hour = rate;
            g.gpu_sizes = {1, 2, 4, 8};
            g.min_iterations = 2000;
            g.max_iterations = 20000;
            g.seed = static_cast<std::uint64_t>(seed);
            const auto jobs = generate_jobs(g, profiles);
            SimConfig c;
            c.topology = {24, 1, 50.0, TopologyKind::LeafSpine, 4, over};
            c.policy = policy;
            c.timeline_bin_s = 0;
            c.seed = static_cast<std::uint64_t>(seed) ^ 0x9e3779b97f4a7c15ULL;  // as the plugin does
            c.packet_fidelity = packet;
            c.packet.scale = scale;
            c.packet.cc = cc;
            SimConfig ideal = c;
            ideal.network_contention = false;
            const double ideal_avg = simulate(jobs, profiles, ideal).avg_jct_s;
            s_ideal += ideal_avg;
            for (int on = 0; on < 2; ++on) {
                c.cassini = on;
                const double t0 = cpu_now();
                const SimResult r = simulate(jobs, profiles, c);
                const double cpu = cpu_now() - t0;
                std::printf("%6s %4d %7s %10.0f %10.0f %10.0f %12.4g %10.1f %10.4f %7lld %7lld %8.1f %8.1f %8lld %8d\n",
                            packet ? "packet" : "flow", seed, on ? "on" : "off", r.avg_jct_s, r.p99_jct_s, ideal_avg,
                            r.ecn_marks, r.delivered_gb > 0 ? r.ecn_marks / r.delivered_gb : 0.0, r.pfc_paused_s,
                            r.packet_lookups, r.packet_runs, r.packet_cpu_s, cpu, r.realignments, r.gave_up);
                std::fflush(stdout);
                s_avg[on] += r.avg_jct_s, s_p99[on] += r.p99_jct_s, s_marks[on] += r.ecn_marks;
            }
        }
        std::printf(
            "%6s  all seeds: avg JCT off/on %.3f, p99 JCT off/on %.3f, ECN marks off/on %s, "
            "host alone / ideal %.3f, with CASSINI / ideal %.3f\n",
            packet ? "packet" : "flow", s_avg[0] / s_avg[1], s_p99[0] / s_p99[1],
            s_marks[1] > 0 ? std::to_string(s_marks[0] / s_marks[1]).c_str() : "-", s_avg[0] / s_ideal,
            s_avg[1] / s_ideal);
    }
    return 0;
}

// bench_scheduling's 128-GPU trace (32 servers x 4 GPUs, leaf-spine 4/leaf 2:1, 40 jobs/h,
// 1-16 GPUs, Themis-like, seed 1) at flow and at cached packet fidelity: what packet costs.
int cost(int n_jobs, double scale) {
    const ProfileTable& profiles = ProfileTable::builtin();
    GeneratorConfig g;
    g.jobs = n_jobs;
    g.jobs_per_hour = 40;
    g.gpu_sizes = {1, 2, 4, 8, 16};
    g.min_iterations = 2000;
    g.max_iterations = 20000;
    g.seed = 1;
    const auto jobs = generate_jobs(g, profiles);
    std::printf("bench_scheduling's trace: %d jobs on 128 GPUs (32 x 4, 2:1), Themis-like, seed 1; packet scale %g\n",
                n_jobs, scale);
    std::printf("%7s %7s %10s %10s %12s %8s %8s %10s %10s\n", "cassini", "fid", "cpu_s", "pkt_cpu_s", "avg_jct_s",
                "lookups", "runs", "ecn_marks", "cpu_ratio");
    for (int on = 0; on < 2; ++on) {
        double flow_cpu = 0;
        for (int packet = 0; packet < 2; ++packet) {
            SimConfig c;
            c.topology = {32, 4, 50.0, TopologyKind::LeafSpine, 4, 2.0};
            c.policy = Policy::Themis;
            c.timeline_bin_s = 0;
            c.seed = 1;
            c.cassini = on;
            c.packet_fidelity = packet;
            c.packet.scale = scale;
            const double t0 = cpu_now();
            const SimResult r = simulate(jobs, profiles, c);
            const double cpu = cpu_now() - t0;
            if (!packet) flow_cpu = cpu;
            std::printf("%7s %7s %10.2f %10.2f %12.0f %8lld %8lld %10.4g %10.1f\n", on ? "on" : "off",
                        packet ? "packet" : "flow", cpu, r.packet_cpu_s, r.avg_jct_s, r.packet_lookups, r.packet_runs,
                        r.ecn_marks, flow_cpu > 0 ? cpu / flow_cpu : 0.0);
            std::fflush(stdout);
        }
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const char* usage =
        "usage: bench_packet_fidelity --check [--seeds N] [--scale S] [--servers 8]\n"
        "       bench_packet_fidelity --grid [--seeds N] [--jobs N] [--oversubscription O] [--scale S] [--rate 30] "
        "[--cc dcqcn] [--scheduler themis]\n"
        "       bench_packet_fidelity --cost [--jobs 100] [--scale S]\n";
    const bool is_cost = argc >= 2 && std::strcmp(argv[1], "--cost") == 0;
    if (argc < 2 || (std::strcmp(argv[1], "--check") != 0 && std::strcmp(argv[1], "--grid") != 0 && !is_cost)) {
        std::fputs(usage, stderr);
        return 2;
    }
    const bool is_check = std::strcmp(argv[1], "--check") == 0;
    int seeds = is_check ? 6 : 3, jobs = 100, servers = 8;
    double over = 4, scale = is_check ? 0.02 : 0.05, rate = 30;
    std::string cc = "dcqcn", scheduler = "themis";
    for (int i = 2; i < argc; i += 2) {
        const std::string a = argv[i];
        if (i + 1 >= argc) {
            std::fprintf(stderr, "bench_packet_fidelity: %s needs a value\n%s", a.c_str(), usage);
            return 2;
        }
        if (a == "--cc" && !is_check && !is_cost) {  // the packet rows' congestion control (netsim's names)
            cc = argv[i + 1];
            continue;
        }
        if (a == "--scheduler" && !is_check && !is_cost) {
            scheduler = argv[i + 1];
            continue;
        }
        const double v = std::atof(argv[i + 1]);
        if (!(v > 0)) {
            std::fprintf(stderr, "bench_packet_fidelity: %s: expected a positive number, got '%s'\n", a.c_str(),
                         argv[i + 1]);
            return 2;
        }
        if (a == "--seeds") seeds = static_cast<int>(v);
        else if (a == "--jobs") jobs = static_cast<int>(v);
        else if (a == "--oversubscription") over = v;
        else if (a == "--scale") scale = v;
        else if (a == "--rate" && !is_check) rate = v;
        else if (a == "--servers" && is_check) servers = static_cast<int>(v);
        else {
            std::fprintf(stderr, "bench_packet_fidelity: unknown option %s\n%s", a.c_str(), usage);
            return 2;
        }
    }
    if (is_cost) return cost(jobs, scale);
    if (is_check) return check(seeds, scale, servers);
    try {
        netsim::packet::parse_cc_scheme(cc);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_packet_fidelity: --cc: %s\n", e.what());
        return 2;
    }
    Policy policy;
    try {
        policy = parse_policy(scheduler);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_packet_fidelity: --scheduler: %s\n", e.what());
        return 2;
    }
    return grid(seeds, jobs, over, scale, rate, cc, policy);
}
