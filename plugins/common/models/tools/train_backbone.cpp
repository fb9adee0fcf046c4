// sextant-train-backbone: trains a backbone into the shared model cache ahead of time (the
// plugins would otherwise train it on first use), printing progress and log lines.
#include <models/backbone_training.hpp>
#include <models/terminal_observer.hpp>
#include <sextant/memory_reuse.hpp>

#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char** argv) {
    sextant::keep_freed_memory_for_reuse();  // as in a worker: training is no slower here than in a run
    CLI::App app{"Train a backbone on Fashion-MNIST into the shared model cache"};
    std::string arch = "resnet18", dataset = models::kFashionMnistDir, cache_dir = models::ModelCache::default_dir();
    models::BackboneSpec spec;
    models::TrainRecipe recipe;
    int threads = 2;
    std::size_t evaluation = models::kTestImages;
    app.add_option("--arch", arch, "resnet18 or cnn")->check(CLI::IsMember({"resnet18", "cnn"}));
    app.add_option("--width", spec.width, "base width w (stages w, 2w, 4w, 8w)")->check(CLI::Range(1, 256));
    app.add_option("--train-samples", recipe.train_samples, "first n of the 55k training split")
        ->check(CLI::Range(1, 55000));
    app.add_option("--epochs", recipe.epochs, "epochs")->check(CLI::Range(1, 1000));
    app.add_option("--seed", recipe.seed, "seed");
    app.add_option("--threads", threads, "libtorch intra-op threads")->check(CLI::Range(1, 256));
    app.add_option("--evaluation-images", evaluation, "validation/test images measured after training");
    app.add_option("--dataset-dir", dataset, "folder with the Fashion-MNIST *-ubyte.gz files");
    app.add_option("--cache-dir", cache_dir,
                   "model cache folder (default: $SEXTANT_MODEL_CACHE, "
                   "$XDG_CACHE_HOME/sextant/models or ~/.cache/sextant/models)");
    CLI11_PARSE(app, argc, argv);
    spec.arch = models::architecture_from_string(arch);
    try {
        models::set_torch_threads(threads);
        models::ModelCache cache(cache_dir);
        const models::BuildObserver observer = models::terminal_observer();
        auto t = models::cached_backbone(cache, spec, recipe, dataset, observer, evaluation);
        std::cout << (t.trained_now ? "trained " : "already cached ") << t.entry.key << " in " << t.entry.dir.string()
                  << "\n"
                  << t.entry.info.dump(2) << "\n";
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
}
