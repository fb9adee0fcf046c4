// Simulated vs live executor on the same job streams: the FMNIST-AVT model from the model
// cache (trained there first if missing), its measured profile (cached), one stream per load,
// served by the simulator on the profile and by the live executor (the model runs every batch).
//   bench_modality_live [jobs] [threads]
#include "modality/live_executor.hpp"
#include "modality/metrics.hpp"
#include "modality/profiler.hpp"
#include "modality/workload.hpp"

#include <sextant/memory_reuse.hpp>

#include <cstdio>
#include <cstdlib>

using namespace sextant::modality;

int main(int argc, char** argv) {
    sextant::keep_freed_memory_for_reuse();  // the allocator the plugin's workers use
    const int jobs = argc > 1 ? std::atoi(argv[1]) : 300;
    set_model_threads(argc > 2 ? std::atoi(argv[2]) : 1);
    models::ModelCache cache;
    AvtModelSpec spec;
    AvtTraining training;
    AvtDataSpec data;
    auto trained = cached_avt_model(cache, spec, training, data, models::kFashionMnistDir);
    const AvtData avt = cached_avt_data(cache, data, models::kFashionMnistDir, false);
    AvtServer validation(*trained.model, avt.bank, avt.validation, data.samples);
    AvtServer test(*trained.model, avt.bank, avt.test, data.samples);
    const MeasuredProfile m = cached_profile(cache, trained.entry.key, validation, {});
    std::printf("model %s, profile %s (%s clock, %d threads), %d jobs per stream\n", trained.entry.key.c_str(),
                m.info.value("cache_key", "").c_str(), AvtServer::clock_name(), model_threads(), jobs);
    Planner planner(m.profile, 64);
    std::printf("%-5s %-15s %-9s %9s %9s %7s %8s %8s %8s\n", "load", "policy", "executor", "jct_mean", "jct_p99",
                "miss", "accuracy", "busy_s", "wall_s");
    for (double load : {0.5, 0.8}) {
        WorkloadSpec w;
        w.jobs = jobs;
        w.load = load;
        w.slack = 2;
        w.floor_lo = 0.85, w.floor_hi = 0.93;
        w.seed = 1;
        const std::vector<Job> stream = generate_workload(planner, w);
        for (Policy p : {Policy::mosel, Policy::all_modalities, Policy::offline_only}) {
            ServingOptions o;
            o.policy = p;
            SimulatedExecutor sim(m.profile, 1);
            LiveExecutor live(test, 1);
            const Summary a = summarize(stream, serve(planner, stream, sim, o));
            const Summary b = summarize(stream, serve(planner, stream, live, o));
            for (const auto& [name, s, busy, wall] : {std::tuple{"simulated", a, 0.0, 0.0},
                                                      std::tuple{"live", b, live.busy_seconds(), live.wall_seconds()}})
                std::printf("%-5.2f %-15s %-9s %9.4f %9.4f %7.3f %8.4f %8.2f %8.2f\n", load, policy_name(p).c_str(),
                            name, s.jct_mean_s, s.jct_p99_s, s.deadline_miss_rate, s.accuracy, busy, wall);
            std::fflush(stdout);
        }
    }
}
