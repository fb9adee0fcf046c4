#include "plugin_params.hpp"

namespace caching {

using namespace sextant;

namespace {

ParamDecl src(ParamDecl d, std::string source) {
    d.source = std::move(source);
    return d;
}

const char* kIssue = "issue 12 / research note caching.md";
const char* kAssumed = "assumption (not given by Freeze or GATI)";

}  // namespace

PluginInfo caching_plugin_info() {
    PluginInfo info;
    info.id = "caching";
    info.version = "1.3.0";
    info.name = "Approximate caching of intermediate layer outputs (Freeze, GATI)";
    info.description =
        "A narrow ResNet-18 (or a plain CNN) on Fashion-MNIST served one request at a time, stage by stage, on this "
        "CPU. "
        "At chosen cache points a request may exit early: Freeze-style kNN caches over projected activations "
        "(faiss or hnswlib), BranchyNet-style entropy early-exit heads, or GATI-style learned caches; or an exact "
        "output cache (Clipper-like) in front. Thresholds are calibrated on validation images to agree with the full "
        "model 1 - eps of the time; latency includes every lookup, measured against the whole model in the same run.";
    info.targets = {"local"};
    ParamDecl points{"points",
                     ParamType::List,
                     nlohmann::json::array({"block2", "block4", "block6"}),
                     {},
                     {},
                     {"stem", "block1", "block2", "block3", "block4", "block5", "block6", "block7", "block8", "conv1",
                      "conv2", "conv3", "conv4"},
                     "",
                     "Cache points: stages after which a request may exit (resnet18: stem, block1-block8; cnn: "
                     "stem, conv1-conv4)",
                     "",
                     false};
    info.params = {
        choice_param("method", "freeze", {"freeze", "early-exit", "learned", "output-cache", "none", "oracle"},
                     "freeze: kNN caches at the points; early-exit: entropy heads (BranchyNet); learned: distilled "
                     "predictors (GATI); output-cache: exact input repeats only (Clipper); none: the whole model; "
                     "oracle: the earliest point whose exact kNN label equals the model's (Freeze's 91.58% analysis)"),
        src(points, kIssue),
        src(choice_param("key", "pca", {"raw", "gap", "pool2", "pca", "random"},
                         "Cache key: the activation itself (small layers), global average pool, 2x2 pool, the 2x2 pool "
                         "reduced by PCA, or a random projection; L2-normalised"),
            kIssue),
        src(int_param("key_dims", 32, 1, 4096, "Key dimensions for pca and random"), kIssue),
        src(choice_param("index", "flat", {"flat", "hnsw", "ivfpq", "lsh", "hnswlib"},
                         "Nearest-neighbour backend: faiss Flat (exact), HNSW, IVF-PQ, LSH, or hnswlib"),
            kIssue),
        src(int_param("k", 5, 1, 1000, "Neighbours that vote"), kAssumed),
        src(float_param("tau", 0.1, 1e-6, 100,
                        "Vote temperature: weights exp(-(d - d_1) / tau), d squared L2 of unit keys"),
            kAssumed),
        src(float_param("eps", 0.005, 0, 0.5,
                        "Calibration: each point's answers agree with the full model at least "
                        "1 - eps of the time on the validation images"),
            kIssue),
        src(float_param("calibration_confidence", 0, 0, 0.999,
                        "Calibration: 0 = the agreement measured on the calibration stream meets 1 - eps "
                        "(the chosen thresholds then fall short on new requests about half the time); "
                        "c > 0 = its one-sided Clopper-Pearson lower bound at confidence c does, so new "
                        "requests keep 1 - eps with probability about c (small eps needs more calibration "
                        "requests: ~600 hits without a disagreement for eps 0.5% at 0.95)"),
            "Sextant (docs/caching.md, \"Calibration that holds\")"),
        int_param("capacity", 0, 0, 10000000,
                  "Entries per cache point (and output-cache entries); 0 = unbounded; "
                  "otherwise at least k",
                  "items"),
        src(int_param("centroids_per_class", 0, 0, 100000,
                      "Cache size reduction: each label's fill keys replaced by this "
                      "many k-means centroids (0 = keep every fill key)"),
            kIssue),
        choice_param("eviction", "lru", {"lru", "lfu"}, "Which entry a full cache drops"),
        bool_param("write_back", true,
                   "On a request the whole model answered, store its key and answer at every point"),
        choice_param("value", "prediction", {"prediction", "label"},
                     "What a cache entry stands for: the full model's prediction (a hit reproduces the model) or the "
                     "true label (ablation)"),
        src(int_param("fill_images", 5000, 1, 55000,
                      "Training images whose activations fill the caches and train the "
                      "heads (the first n of the 55k training split)",
                      "images"),
            kIssue),
        int_param("calibration_images", 5000, 1, 5000, "Validation images the calibration stream draws from", "images"),
        int_param("calibration_requests", 1000, 1, 1000000,
                  "Requests of the calibration stream (validation images drawn like the workload, its own seed)",
                  "requests"),
        int_param("test_images", 10000, 1, 10000, "Test images the request stream draws from", "images"),
        int_param("batch", 1, 1, 256,
                  "Consecutive requests served as one batch; a request a point answers leaves "
                  "the batch there (oracle: 1 only)",
                  "requests"),
        int_param("requests", 1000, 1, 10000000, "Requests served (each also by the whole model, for the baseline)",
                  "requests"),
        src(choice_param("stream", "zipf", {"zipf", "near-duplicate"},
                         "zipf: test images by Zipf popularity; near-duplicate: sequences of shifted, noisy frames"),
            kIssue),
        src(float_param("zipf_s", 0.8, 0, 3, "Zipf exponent (0 = uniform, no locality)"), kIssue),
        src(int_param("sequence_length", 10, 1, 10000, "near-duplicate: frames per sequence"), kAssumed),
        src(int_param("max_shift", 1, 0, 14, "near-duplicate: largest shift per axis", ""), kAssumed),
        src(float_param("noise", 0.02, 0, 1, "near-duplicate: Gaussian noise sigma on pixels in [0, 1]"), kAssumed),
        src(int_param("learned_hidden", 64, 1, 4096, "learned: hidden units of each point's predictor"), kAssumed),
        src(choice_param("selector", "top-probability", {"top-probability", "learned"},
                         "learned: when a point answers - top-probability: the predictor's top probability >= "
                         "theta; learned (GATI): a second network per point (same size) trained on 20% of the fill "
                         "images to say whether the predictor gives the full model's answer, its probability >= "
                         "theta (the predictor then trains on the other 80%)"),
            "GATI (Balasubramanian et al., 2021): predictor and selector per layer"),
        src(int_param("head_epochs", 20, 1, 1000,
                      "early-exit and learned: training epochs of the heads (Adam, batch 128)", "epochs"),
            kAssumed),
        choice_param("arch", "resnet18", {"resnet18", "cnn"}, "Backbone: narrow ResNet-18 (9 stages) or plain CNN (5)"),
        src(int_param("width", 16, 1, 256, "Backbone base width w (stages w, 2w, 4w, 8w)"), kIssue),
        src(int_param("train_samples", 55000, 1, 55000, "Backbone training images (part of the model cache key)",
                      "images"),
            kIssue),
        src(int_param("epochs", 6, 1, 1000, "Backbone training epochs (part of the model cache key)", "epochs"),
            "docs/models.md"),
        int_param("model_seed", 1, 0, 1000000, "Backbone training seed (the run's seed drives the stream only)"),
        int_param("threads", 1, 1, 256, "libtorch intra-op threads"),
        string_param("dataset_dir", "/usr/share/datasets/fashion-mnist",
                     "Folder with the four Fashion-MNIST *-ubyte.gz files"),
        string_param("model_cache", "",
                     "Model cache folder (empty: $SEXTANT_MODEL_CACHE, $XDG_CACHE_HOME/sextant/models "
                     "or ~/.cache/sextant/models)"),
    };
    info.metrics = {
        summary_metric("speedup", "x", Better::Higher, "Mean latency of the whole model over the method's, same run",
                       Headline::Yes),
        summary_metric("latency_p50_ms", "ms", Better::Lower, "Median request latency, lookups and write-back included",
                       Headline::Yes),
        summary_metric("agreement", "fraction", Better::Higher, "Share of requests answered as the full model answers",
                       Headline::Yes),
        summary_metric("accuracy", "fraction", Better::Higher, "Top-1 accuracy of the answers", Headline::Yes),
        summary_metric("skip_half_fraction", "fraction", Better::Higher,
                       "Share of requests that ran at most half the blocks (Freeze's measure)", Headline::Yes),
        summary_metric("latency_p99_ms", "ms", Better::Lower, "99th-percentile request latency"),
        summary_metric("latency_mean_ms", "ms", Better::Lower, "Mean request latency"),
        summary_metric("baseline_p50_ms", "ms", Better::Lower, "Median latency of the whole model, same requests"),
        summary_metric("baseline_p99_ms", "ms", Better::Lower, "99th-percentile latency of the whole model"),
        summary_metric("speedup_p50", "x", Better::Higher, "Median latency of the whole model over the method's"),
        summary_metric("cpu_speedup", "x", Better::Higher,
                       "Mean thread CPU time per request, whole model over method: "
                       "the speedup a shared, loaded machine does not blur"),
        summary_metric("cpu_speedup_trimmed", "x", Better::Higher,
                       "cpu_speedup with each pass's slowest 1% of requests left out (a virtual machine's "
                       "stalls of tens of ms land in one pass at random; docs/caching.md)"),
        summary_metric("cpu_p50_ms", "ms", Better::Lower, "Median thread CPU time per request"),
        summary_metric("baseline_cpu_p50_ms", "ms", Better::Lower, "Median thread CPU time per request, whole model"),
        summary_metric("baseline_accuracy", "fraction", Better::Higher, "Accuracy of the whole model on the stream"),
        summary_metric("mean_blocks", "count", Better::Lower, "Blocks run per request after the stem"),
        summary_metric("early_fraction", "fraction", Better::Higher,
                       "Share of requests answered before the whole model"),
        summary_metric("lookup_share", "fraction", Better::Lower,
                       "Share of the method's time spent in caches and heads"),
        summary_metric("cache_mb", "MB", Better::Lower, "Memory of the caches or heads at the end"),
        summary_metric("cache_entries", "items", Better::Neither, "Entries in the kNN caches at the end"),
        summary_metric("calibration_hit_rate", "fraction", Better::Higher,
                       "Share of calibration requests answered early"),
        summary_metric("calibration_agreement", "fraction", Better::Higher,
                       "Agreement of those answers with the model"),
        summary_metric("model_test_accuracy", "fraction", Better::Higher,
                       "The backbone's test accuracy (from the model cache)"),
        summary_metric("setup_s", "s", Better::Lower, "Model, fill, training of heads and calibration"),
        series_metric("exit_fraction", "fraction", Better::Neither, "Share of requests by blocks run (step = blocks)"),
        series_metric("hit_rate", "fraction", Better::Higher,
                      "Per cache point (step = stage index): answers over visits"),
        series_metric("lookup_us", "us", Better::Lower, "Per cache point (step = stage index): mean lookup time"),
        series_metric("block_us", "us", Better::Neither,
                      "Per stage (step = stage index): mean compute time, whole model"),
        series_metric("theta", "", Better::Neither,
                      "Per cache point (step = stage index): calibrated confidence threshold"),
        series_metric("delta", "", Better::Neither,
                      "Per cache point (step = stage index): calibrated nearest-distance "
                      "threshold (squared L2 of unit keys; freeze only)"),
    };
    return info;
}

StudyConfig decode_params(const Params& p, std::uint64_t seed) {
    StudyConfig c;
    c.method = method_from_string(p.text("method"));
    c.points = p.texts("points");
    c.freeze.key = key_kind_from_string(p.text("key"));
    c.freeze.key_dims = static_cast<int>(p.integer("key_dims"));
    c.freeze.cache.index = index_kind_from_string(p.text("index"));
    c.freeze.cache.k = static_cast<int>(p.integer("k"));
    c.freeze.cache.tau = p.real("tau");
    c.freeze.cache.capacity = static_cast<std::size_t>(p.integer("capacity"));
    c.freeze.cache.eviction = eviction_from_string(p.text("eviction"));
    c.freeze.cache.index_options.seed = seed;
    c.freeze.write_back = p.flag("write_back");
    c.freeze.centroids_per_class = static_cast<int>(p.integer("centroids_per_class"));
    c.freeze.store_true_label = p.text("value") == "label";
    c.output_capacity = c.freeze.cache.capacity;
    c.head.learned_hidden = static_cast<int>(p.integer("learned_hidden"));
    c.head.selector = selector_from_string(p.text("selector"));
    c.head.training.epochs = static_cast<int>(p.integer("head_epochs"));
    c.eps = p.real("eps");
    c.calibration_confidence = p.real("calibration_confidence");
    c.fill_images = static_cast<std::size_t>(p.integer("fill_images"));
    c.calibration_images = static_cast<std::size_t>(p.integer("calibration_images"));
    c.calibration_requests = static_cast<std::size_t>(p.integer("calibration_requests"));
    c.test_images = static_cast<std::size_t>(p.integer("test_images"));
    c.batch = static_cast<std::size_t>(p.integer("batch"));
    c.stream.kind = stream_kind_from_string(p.text("stream"));
    c.stream.zipf_s = p.real("zipf_s");
    c.stream.requests = static_cast<std::size_t>(p.integer("requests"));
    c.stream.sequence_length = static_cast<int>(p.integer("sequence_length"));
    c.stream.max_shift = static_cast<int>(p.integer("max_shift"));
    c.stream.noise = p.real("noise");
    c.stream.seed = seed;
    c.backbone.arch = p.text("arch");
    c.backbone.width = static_cast<int>(p.integer("width"));
    c.backbone.train_samples = static_cast<std::size_t>(p.integer("train_samples"));
    c.backbone.epochs = static_cast<int>(p.integer("epochs"));
    c.backbone.seed = static_cast<std::uint64_t>(p.integer("model_seed"));
    c.threads = static_cast<int>(p.integer("threads"));
    c.dataset_dir = p.text("dataset_dir");
    c.model_cache_dir = p.text("model_cache");
    return c;
}

}  // namespace caching
