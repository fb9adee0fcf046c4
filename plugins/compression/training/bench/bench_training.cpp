// Training step time with K in-process workers, each scheme beside the same step without
// compression (dense float32) measured in the same run, per model.
//   bench_compression_training [--steps N] [--workers K] [--repeats R] [--models mlp,cnn,ncf]
//                              [--dataset-dir DIR]
// Every scheme trains N steps, R times, interleaved with the other schemes so that load
// from other processes hits all of them alike; the fastest of the R means is kept. Ratios
// are scheme / dense from this run.
#include <compression_training/data_parallel.hpp>
#include <compression_training/exchanges.hpp>
#include <compression_training/fashion_mnist.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

using namespace compression_training;

namespace {

struct Variant {
    const char* label;
    const char* scheme;
    compression::ValueMode mode = compression::ValueMode::int32;
};

std::vector<std::string> split(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream in(s);
    for (std::string x; std::getline(in, x, ',');) out.push_back(x);
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    int steps = 40, workers = 4, repeats = 3;
    std::string models = "mlp,cnn,ncf", dataset = kFashionMnistDir;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--steps")) steps = std::stoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--workers")) workers = std::stoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--repeats")) repeats = std::max(1, std::stoi(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--models")) models = argv[i + 1];
        else if (!std::strcmp(argv[i], "--dataset-dir")) dataset = argv[i + 1];
        else {
            std::fprintf(stderr, "unknown option %s\n", argv[i]);
            return 2;
        }
    }
    const std::vector<Variant> variants = {
        {"dense", "dense"},           {"dense-int", "dense-int"},
        {"lhc int", "lhc"},           {"lhc float", "lhc", compression::ValueMode::float32},
        {"topk 1%", "topk"},          {"thc 4-bit", "thc"},
        {"omnireduce", "omnireduce"}, {"fp16", "fp16"},
    };
    std::printf("# K=%d in-process workers, %d steps per scheme, best of %d, 1 intra-op thread; ms per step\n", workers,
                steps, repeats);
    std::printf("%-5s %-11s %9s %9s %9s %9s %9s %13s %8s\n", "model", "scheme", "step", "compute", "exchange",
                "step/dense", "exch/dense", "bytes/worker", "ratio");
    for (const auto& model : split(models)) {
        TrainConfig base;
        base.model = parse_model(model);
        base.workers = workers;
        base.steps = steps;
        base.dataset_dir = dataset;
        if (base.model != ModelKind::ncf && !fashion_mnist_available(dataset)) {
            std::printf("%-5s skipped: Fashion-MNIST not found in %s\n", model.c_str(), dataset.c_str());
            continue;
        }
        const TrainingData data = load_training_data(base);
        std::vector<TrainingSummary> best(variants.size());
        for (int r = 0; r < repeats; ++r)
            for (std::size_t v = 0; v < variants.size(); ++v) {
                TrainConfig c = base;
                c.codec.scheme = variants[v].scheme;
                c.codec.mode = variants[v].mode;
                CodecExchange exchange(codec_config(c), c.workers);
                TrainingObserver quiet;
                const TrainingSummary s = train(c, data, exchange, quiet);
                if (r == 0 || s.mean_step_s < best[v].mean_step_s) best[v] = s;
            }
        const TrainingSummary& dense = best[0];
        for (std::size_t v = 0; v < variants.size(); ++v) {
            const auto& s = best[v];
            std::printf("%-5s %-11s %9.2f %9.2f %9.2f %9.2fx %9.2fx %13.0f %7.1fx\n", model.c_str(), variants[v].label,
                        s.mean_step_s * 1e3, s.mean_compute_s * 1e3, s.mean_exchange_s * 1e3,
                        s.mean_step_s / dense.mean_step_s, s.mean_exchange_s / dense.mean_exchange_s, s.bytes_sent,
                        s.compression_ratio);
        }
        std::fflush(stdout);
    }
    return 0;
}
