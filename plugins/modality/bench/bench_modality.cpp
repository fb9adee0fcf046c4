// Simulator speed: >= 1 M requests served per policy, against a baseline measured in the
// same run (one pass over the same stream summing each job's all-modalities time: the least
// any simulator of it must do). Profile: the research note's CPU costs (V:A:T about 50:17:1).
//   bench_modality [requests] [load]
#include "modality/metrics.hpp"
#include "modality/serving.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>

using namespace sextant::modality;

namespace {

Profile note_profile() {
    const double enc[3] = {3.2, 1.1, 0.06};  // ms per request, batch 1 (research note, 2-core CPU)
    const double acc[7] = {0.88, 0.72, 0.55, 0.93, 0.90, 0.80, 0.95};
    Profile p;
    for (size_t i = 0; i < all_masks().size(); ++i) {
        Config c;
        c.mask = all_masks()[i];
        c.accuracy = acc[i];
        double per = (c.mask & kV ? enc[0] : 0) + (c.mask & kA ? enc[1] : 0) + (c.mask & kT ? enc[2] : 0);
        for (int b = 1; b <= 64; ++b) c.latency_ms.emplace_back(b, 0.5 + per * b * (0.6 + 0.4 / b));
        p.configs.push_back(c);
    }
    return p;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
    const int64_t want = argc > 1 ? std::atoll(argv[1]) : 1'000'000;
    auto t0 = std::chrono::steady_clock::now();
    Planner planner(note_profile(), 64);
    std::printf("planner (every n <= 64): %.3f s\n", seconds_since(t0));
    WorkloadSpec spec;
    spec.load = argc > 2 ? std::atof(argv[2]) : 1.0;
    spec.slack = 2.0;
    spec.floor_lo = 0.85, spec.floor_hi = 0.93;
    spec.jobs = static_cast<int>(want / 21.25) + 1;  // mean size of {1,4,16,64} is 21.25
    t0 = std::chrono::steady_clock::now();
    std::vector<Job> jobs = generate_workload(planner, spec);
    int64_t requests = jobs.back().first_request + jobs.back().size;
    std::printf("workload: %zu jobs, %lld requests, %.3f s\n", jobs.size(), static_cast<long long>(requests),
                seconds_since(t0));

    t0 = std::chrono::steady_clock::now();
    volatile double sum = 0;
    for (const Job& j : jobs) sum = sum + all_modalities_time_s(planner, j.size);
    double base = seconds_since(t0);
    std::printf("baseline pass: %.4f s\n", base);

    std::printf("%-15s %9s %11s %9s %12s %9s %9s\n", "policy", "wall_s", "Mreq/s", "x_base", "decision_us", "miss",
                "jct_mean");
    for (Policy p : {Policy::mosel, Policy::all_modalities, Policy::offline_only, Policy::per_job, Policy::oracle}) {
        SimulatedExecutor ex(planner.profile(), 1);
        t0 = std::chrono::steady_clock::now();
        ServingResult r = serve(planner, jobs, ex, {p, false});
        double wall = seconds_since(t0);
        Summary s = summarize(jobs, r);
        std::printf("%-15s %9.3f %11.2f %9.1f %12.2f %9.4f %9.4f\n", policy_name(p).c_str(), wall,
                    requests / wall / 1e6, wall / base, s.decision_us, s.deadline_miss_rate, s.jct_mean_s);
    }
}
