// sextant-mosel-profile: trains (or loads) the FMNIST-AVT model through the shared model
// cache, measures its profile on this machine and writes the CSV the planner imports.
#include "modality/profiler.hpp"

#include <models/terminal_observer.hpp>
#include <sextant/memory_reuse.hpp>

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

using namespace sextant::modality;

int main(int argc, char** argv) {
    sextant::keep_freed_memory_for_reuse();  // measure latencies under the workers' allocator
    CLI::App app{"Train or load the FMNIST-AVT model and measure its MOSEL profile on this machine"};
    AvtModelSpec spec;
    AvtTraining training;
    AvtDataSpec data;
    ProfilerOptions profiler;
    int threads = 2;
    bool fresh = false, tiny = false;
    std::string out, dataset = models::kFashionMnistDir, cache_dir = models::ModelCache::default_dir();
    app.add_option("--out", out, "write the profile CSV (config,batch,latency_ms,accuracy) here");
    app.add_option("--threads", threads, "libtorch intra-op threads (training and profiling)")
        ->check(CLI::Range(1, 256));
    app.add_option("--v-width", spec.v_width, "ResNet-18 base width of the V encoder")->check(CLI::Range(1, 256));
    app.add_option("--a-width", spec.a_width, "audio CNN base width")->check(CLI::Range(1, 256));
    app.add_option("--v-epochs", training.v_epochs, "backbone epochs")->check(CLI::Range(1, 100));
    app.add_option("--epochs", training.a_epochs, "audio and text encoder epochs")->check(CLI::Range(1, 100));
    app.add_option("--seed", training.seed, "training seed");
    app.add_option("--repeats", profiler.repeats, "timed runs per batch size (median)")->check(CLI::Range(1, 1000));
    app.add_option("--max-batch", profiler.max_batch, "batch sizes 1..N")->check(CLI::Range(1, 256));
    app.add_flag("--fresh", fresh, "measure now instead of taking the cached profile of this model and machine");
    app.add_flag("--tiny", tiny, "the test configuration: 2,000 training samples, 1 epoch, small clip bank");
    app.add_option("--dataset-dir", dataset, "folder with the Fashion-MNIST *-ubyte.gz files");
    app.add_option("--cache-dir", cache_dir, "model cache folder");
    CLI11_PARSE(app, argc, argv);
    training.t_epochs = training.a_epochs;
    if (tiny) {
        data.clips = ClipRecipe{{"en"}, {175}, {50}};
        data.train = training.train_samples = 2000;
        data.validation = data.test = 500;
        training.v_epochs = training.a_epochs = training.t_epochs = training.fusion_epochs = 1;
    }
    try {
        set_model_threads(threads);
        models::ModelCache cache(cache_dir);
        const models::BuildObserver observer = models::terminal_observer();
        auto trained = cached_avt_model(cache, spec, training, data, dataset, observer);
        std::cout << (trained.trained_now ? "trained " : "cached ") << "model " << trained.entry.key << "\n"
                  << trained.entry.info.dump(2) << "\n";
        const AvtData avt = cached_avt_data(cache, data, dataset, false, observer);
        AvtServer server(*trained.model, avt.bank, avt.validation, data.samples);
        MeasuredProfile m = fresh ? measure_profile(server, profiler, observer)
                                  : cached_profile(cache, trained.entry.key, server, profiler, observer);
        std::cout << "profile " << m.info.dump(2) << "\n";
        std::printf("%-6s %9s %10s %10s %10s\n", "config", "accuracy", "L(1) ms", "L(8) ms", "L(max) ms");
        for (const Config& c : m.profile.configs)
            std::printf("%-6s %9.4f %10.3f %10.3f %10.3f\n", c.name().c_str(), c.accuracy, c.latency_ms.front().second,
                        c.latency(std::min(8, c.largest_batch())), c.latency_ms.back().second);
        if (!out.empty()) {
            save_profile_csv(m.profile, out);
            std::cout << "wrote " << out << "\n";
        }
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
}
