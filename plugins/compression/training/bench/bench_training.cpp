// Training step time with K in-process workers, each scheme beside the same step without
// compression (dense float32) measured in the same run, per model.
//   bench_compression_training [--steps N] [--workers K] [--models mlp,cnn,ncf] [--dataset-dir DIR]
// Prints one table; ratios are step(scheme) / step(dense) from this run.
#include <compression_training/data_parallel.hpp>
#include <compression_training/exchanges.hpp>
#include <compression_training/fashion_mnist.hpp>

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
    int steps = 40, workers = 4;
    std::string models = "mlp,cnn,ncf", dataset = kFashionMnistDir;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--steps")) steps = std::stoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--workers")) workers = std::stoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--models")) models = argv[i + 1];
        else if (!std::strcmp(argv[i], "--dataset-dir")) dataset = argv[i + 1];
        else {
            std::fprintf(stderr, "unknown option %s\n", argv[i]);
            return 2;
        }
    }
    const std::vector<Variant> variants = {
        {"dense", "dense"},         {"dense-int", "dense-int"}, {"lhc int", "lhc"},
        {"lhc float", "lhc", compression::ValueMode::float32}, {"topk 1%", "topk"},
        {"thc 4-bit", "thc"},       {"omnireduce", "omnireduce"}, {"fp16", "fp16"},
    };
    std::printf("# K=%d in-process workers, %d steps per scheme, 1 intra-op thread; times are means per step\n",
                workers, steps);
    std::printf("%-5s %-11s %10s %10s %10s %9s %12s %8s %9s\n", "model", "scheme", "step ms", "compute", "exchange",
                "vs dense", "bytes/worker", "ratio", "test acc");
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
        double dense_step = 0;
        for (const auto& v : variants) {
            TrainConfig c = base;
            c.codec.scheme = v.scheme;
            c.codec.mode = v.mode;
            CodecExchange exchange(codec_config(c), c.workers);
            TrainingObserver quiet;
            const TrainingSummary s = train(c, data, exchange, quiet);
            if (std::string(v.scheme) == "dense") dense_step = s.mean_step_s;
            std::printf("%-5s %-11s %10.2f %10.2f %10.2f %8.2fx %12.0f %7.1fx %9.4f\n", model.c_str(), v.label,
                        s.mean_step_s * 1e3, s.mean_compute_s * 1e3, s.mean_exchange_s * 1e3,
                        dense_step > 0 ? s.mean_step_s / dense_step : 0.0, s.bytes_sent, s.compression_ratio,
                        s.final_test_accuracy);
            std::fflush(stdout);
        }
    }
    return 0;
}
