// The modality-mosel experiment's two tables on any profile CSV, simulator only (no torch):
// throughput at SLO (highest load with <= 1% of jobs late, rejected or below their floor)
// per policy, slack and batch cap, and mean JCT at fixed loads; means over 3 seeds.
//   bench_modality_profile PROFILE.csv [jobs]
#include "modality/metrics.hpp"
#include "modality/profile_csv.hpp"
#include "modality/serving.hpp"
#include "modality/workload.hpp"

#include <cstdio>
#include <cstdlib>

using namespace sextant::modality;

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_modality_profile PROFILE.csv [jobs]\n");
        return 2;
    }
    const Profile full = read_profile_csv(argv[1]);
    const int jobs = argc > 2 ? std::atoi(argv[2]) : 5000;
    const Policy policies[] = {Policy::all_modalities, Policy::mosel, Policy::offline_only, Policy::per_job};
    auto capped = [&](int max_batch) {
        Profile p = full;
        for (Config& c : p.configs) std::erase_if(c.latency_ms, [&](const auto& r) { return r.first > max_batch; });
        return p;
    };
    auto run = [&](const Planner& planner, Policy policy, double load, double slack, std::uint64_t seed) {
        WorkloadSpec w;
        w.jobs = jobs;
        w.load = load;
        w.slack = slack;
        w.floor_lo = 0.85, w.floor_hi = 0.93;
        w.seed = seed;
        const auto stream = generate_workload(planner, w);
        SimulatedExecutor ex(planner.profile(), seed);
        ServingOptions o;
        o.policy = policy;
        return summarize(stream, serve(planner, stream, ex, o));
    };
    std::printf("throughput at SLO (requests/s, x all-modalities), %d jobs, 3 seeds\n", jobs);
    for (int max_batch : {8, 64}) {
        const Planner planner(capped(max_batch), 64);
        WorkloadSpec mix;
        const double capacity = agnostic_capacity(planner, mix) * 21.25;  // mean size of 1/4/16/64
        for (double slack : {1.2, 2.0, 5.0}) {
            double base = 0;
            std::printf("max_batch %2d slack %.1f:", max_batch, slack);
            for (Policy p : policies) {
                double sum = 0;
                for (std::uint64_t seed = 1; seed <= 3; ++seed)
                    sum += throughput_at_slo([&](double load) { return run(planner, p, load, slack, seed); }).load;
                const double rps = sum / 3 * capacity;
                if (p == Policy::all_modalities) base = rps;
                std::printf("  %s %.1f (%.2fx)", policy_name(p).c_str(), rps, base > 0 ? rps / base : 0.0);
            }
            std::printf("\n");
            std::fflush(stdout);
        }
    }
    std::printf("mean JCT (s) at slack 2, max_batch 64, 3 seeds\n");
    const Planner planner(full, 64);
    for (double load : {0.5, 0.8, 1.0, 1.5}) {
        double base = 0;
        std::printf("load %.1f:", load);
        for (Policy p : policies) {
            double jct = 0, acc = 0, miss = 0;
            for (std::uint64_t seed = 1; seed <= 3; ++seed) {
                const Summary s = run(planner, p, load, 2.0, seed);
                jct += s.jct_mean_s / 3, acc += s.accuracy / 3, miss += s.deadline_miss_rate / 3;
            }
            if (p == Policy::all_modalities) base = jct;
            std::printf("  %s %.4f (%.2fx shorter, miss %.3f, acc %.3f)", policy_name(p).c_str(), jct, base / jct, miss,
                        acc);
        }
        std::printf("\n");
        std::fflush(stdout);
    }
}
