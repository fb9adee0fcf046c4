#include "training_settings.hpp"

#include <compression_training/fashion_mnist.hpp>
#include <scheme_params.hpp>

namespace sextant::compression_training_plugin {

namespace ct = ::compression_training;

PluginInfo plugin_info() {
    PluginInfo info;
    info.id = "compression-training";
    // 1.1: new LHC hash functions (same sums, other wire bytes); 1.2: times in s (were ms),
    // the unit the compression plugin reports encode_time and decode_time in. 2.0: scheme
    // lhc is the one-pass protocol (the union-sized one is lhc-union).
    info.version = "2.0.0";
    info.name = "Compressed data-parallel training";
    info.description =
        "Real data-parallel SGD with K workers whose gradients go through the gradient codec (LHC or a baseline) "
        "before every update: an MLP and a CNN on real Fashion-MNIST, and an NCF-style recommender with "
        "embedding tables (genuinely sparse gradients) on SYNTHETIC interaction data. In this process, or as K "
        "processes exchanging over Gloo (TCP) with measured bytes on the wire. Loads libtorch, so it runs only in "
        "the worker processes of its own runs.";
    auto& ps = info.params;
    ps.push_back(
        choice_param("model", "mlp", {"mlp", "cnn", "ncf", "lstm"},
                     "mlp (784-128-64-10) or cnn (two 5x5 conv layers) on real Fashion-MNIST; ncf: an NCF-style "
                     "recommender (user/item embeddings, GMF + MLP) on SYNTHETIC impressions."));
    ps.push_back(compression_params::scheme_param(
        "How the gradients are aggregated: lhc (lossless homomorphic, one pass), lhc-union, lhc-aligned or a "
        "baseline. Transport gloo runs dense, dense-int and the three LHC protocols."));
    ps.push_back(
        choice_param("transport", "in-process", {"in-process", "gloo"},
                     "in-process: one process computes all K workers' gradients and the codec aggregates them; "
                     "gloo: K processes on this machine, one worker each, exchanging over TCP (bytes measured); on a "
                     "cluster target with nodes_per_run x tasks_per_node = K, the run's K Slurm tasks."));
    ps.push_back(
        int_param("workers", 4, 1, 16, "K data-parallel workers, each with its own shard of the training data."));
    ps.push_back(int_param("steps", 200, 1, 100000, "Synchronous SGD steps."));
    ps.push_back(int_param("batch_size", 32, 1, 4096, "Examples per worker per step.", "examples"));
    ps.push_back(
        choice_param("optimizer", "auto", {"auto", "sgd", "adagrad"},
                     "Update rule applied to the averaged gradient: sgd (with momentum) or adagrad (per-parameter "
                     "steps, the usual choice for embedding tables); auto: sgd for mlp/cnn, adagrad for ncf."));
    auto lr = float_param("lr", 0.05, 1e-6, 100.0, "Learning rate (applied to the gradient averaged over workers).");
    lr.log_scale = true;
    ps.push_back(lr);
    ps.push_back(float_param("momentum", 0.9, 0.0, 0.999, "Momentum (optimizer sgd)."));
    ps.push_back(int_param("train_samples", 8000, 1, 60000,
                           "Fashion-MNIST training images used (the first N of the 60000), split into K shards.",
                           "images"));
    ps.push_back(
        int_param("test_samples", 2000, 1, 10000,
                  "Held-out examples for test accuracy (Fashion-MNIST test images, or synthetic impressions)."));
    ps.push_back(
        string_param("dataset_dir", ct::kFashionMnistDir,
                     "Folder with the four Fashion-MNIST *-ubyte.gz files (Debian package dataset-fashion-mnist)."));
    ps.push_back(int_param("threads", 1, 1, 16,
                           "Intra-op threads per process (libtorch). Keep 1 when K processes share few cores."));
    // The synthetic recommender data (model ncf).
    ps.push_back(int_param("users", 1000, 1, 10000000, "ncf, SYNTHETIC data: number of users."));
    ps.push_back(int_param("items", 5000, 1, 10000000, "ncf, SYNTHETIC data: number of items (catalogue size)."));
    ps.push_back(int_param("ncf_samples", 60000, 1, 100000000,
                           "ncf, SYNTHETIC data: training impressions generated from the seed.", "impressions"));
    auto zipf = float_param("zipf_exponent", 1.0, 0.0, 4.0,
                            "ncf, SYNTHETIC data: item popularity ~ 1/rank^exponent (0: uniform).");
    zipf.source = "assumption: Zipf-like popularity with exponent near 1 is typical of recommender logs";
    ps.push_back(zipf);
    ps.push_back(int_param("latent_dim", 2, 1, 256, "ncf, SYNTHETIC data: dimension of the hidden taste vectors."));
    ps.push_back(
        float_param("signal", 4.0, 0.0, 100.0,
                    "ncf, SYNTHETIC data: click probability sigmoid(signal * <user, item> / sqrt(latent_dim)); "
                    "larger is more predictable."));
    ps.push_back(int_param("embedding_dim", 16, 1, 256,
                           "ncf: width of the model's user and item embeddings; lstm: of its word embedding."));
    // The language model's text (model lstm).
    auto corpus = string_param("corpus", ct::TextSpec{}.corpus,
                               "lstm: a plain-text file, or a folder whose files are read in name order (*.dat "
                               "skipped); words are lower-cased runs of letters.");
    corpus.source = "Debian package fortunes (apt-get install fortunes): English quotations and jokes";
    ps.push_back(corpus);
    ps.push_back(int_param("vocab", ct::TextSpec{}.vocab, 2, 100000,
                           "lstm: the most frequent words kept (the rest share one unknown id); the softmax's size."));
    ps.push_back(
        int_param("context", ct::TextSpec{}.context, 1, 256, "lstm: words per example; the label is the next one."));
    ps.push_back(int_param("hidden", ct::TextSpec{}.hidden, 1, 1024, "lstm: LSTM units."));
    // The codec's knobs (see the compression plugin).
    for (auto& d : compression_params::scheme_knob_params()) ps.push_back(std::move(d));
    ps.push_back(
        int_param("gloo_timeout_s", 120, 1, 3600, "gloo: a rank gives up after waiting this long for a peer.", "s"));

    auto& ms = info.metrics;
    ms.push_back(
        series_metric("loss", "", Better::Lower, "Training loss of each step (mean over all workers' batches)."));
    ms.push_back(series_metric("train_accuracy", "fraction", Better::Higher, "Accuracy on each step's batches."));
    ms.push_back(series_metric("step_time", "s", Better::Lower, "Wall time of each step in the reporting process."));
    ms.push_back(series_metric("step_bytes_sent", "B", Better::Lower, "Gradient bytes one worker sent at each step."));
    ms.push_back(series_metric("epoch_train_loss", "", Better::Lower,
                               "Mean training loss of each epoch (step = epoch, 1-based)."));
    ms.push_back(series_metric("epoch_train_accuracy", "fraction", Better::Higher, "Training accuracy of each epoch."));
    ms.push_back(series_metric("epoch_test_loss", "", Better::Lower, "Test loss after each epoch."));
    ms.push_back(series_metric("epoch_test_accuracy", "fraction", Better::Higher, "Test accuracy after each epoch."));
    ms.push_back(summary_metric("final_test_accuracy", "fraction", Better::Higher, "Test accuracy after the last step.",
                                Headline::Yes));
    ms.push_back(summary_metric("final_test_loss", "", Better::Lower, "Test loss after the last step."));
    ms.push_back(summary_metric("final_train_loss", "", Better::Lower, "Mean training loss over the last epoch."));
    ms.push_back(summary_metric("best_possible_accuracy", "fraction", Better::Neither,
                                "ncf (SYNTHETIC data): the test accuracy of the true click probabilities."));
    ms.push_back(summary_metric(
        "step_time", "s", Better::Lower,
        "Mean wall time per step (in-process: all K workers' compute runs here, one after another).", Headline::Yes));
    ms.push_back(
        summary_metric("compute_time", "s", Better::Lower, "Mean forward + backward time of one worker per step."));
    ms.push_back(
        summary_metric("exchange_time", "s", Better::Lower, "Mean wall time of the gradient exchange per step."));
    ms.push_back(summary_metric("encode_time", "s", Better::Lower, "Mean encoding time of one worker per step."));
    ms.push_back(summary_metric("network_time", "s", Better::Lower,
                                "Mean reduction time per step: the codec's aggregate step in-process, time in Gloo "
                                "allreduces over TCP with transport gloo."));
    ms.push_back(summary_metric("decode_time", "s", Better::Lower, "Mean decoding time of one worker per step."));
    ms.push_back(
        summary_metric("bytes_sent_per_worker", "B", Better::Lower,
                       "Gradient bytes one worker sends per step: codec message sizes in-process, bytes really "
                       "sent over TCP (ring allreduce) with gloo."));
    ms.push_back(summary_metric("bytes_received_per_worker", "B", Better::Lower,
                                "Gradient bytes one worker receives per step."));
    ms.push_back(
        summary_metric("dense_bytes_per_worker", "B", Better::Neither,
                       "What dense float32 aggregation of the same gradient sends per worker, counted the same way."));
    ms.push_back(summary_metric("compression_ratio", "x", Better::Higher, "Dense bytes (sent + received) / wire bytes.",
                                Headline::Yes));
    ms.push_back(
        summary_metric("gradient_density", "fraction", Better::Neither, "Nonzero fraction of one worker's gradient."));
    ms.push_back(summary_metric("union_density", "fraction", Better::Neither,
                                "Nonzero fraction of the sum over workers (in-process only)."));
    ms.push_back(summary_metric("peel_failures", "values", Better::Lower,
                                "lhc: values whose peeling stalled over the run (each repaired exactly)."));
    ms.push_back(summary_metric("parameters", "count", Better::Neither, "Model parameters = gradient length."));
    ms.push_back(summary_metric("steps", "count", Better::Neither, "Steps run."));
    info.targets = {"local"};
    return info;
}

ct::TrainConfig read_config(const Params& p, std::uint64_t seed) {
    ct::TrainConfig c;
    c.model = ct::parse_model(p.text("model"));
    c.codec = compression_params::read_scheme_config(p, seed);
    c.transport = ct::parse_transport(p.text("transport"));
    c.workers = static_cast<int>(p.integer("workers"));
    c.steps = static_cast<int>(p.integer("steps"));
    c.batch_size = static_cast<int>(p.integer("batch_size"));
    c.lr = p.real("lr");
    c.momentum = p.real("momentum");
    c.optimizer = ct::parse_optimizer(p.text("optimizer"));
    c.train_samples = static_cast<int>(p.integer("train_samples"));
    c.test_samples = static_cast<int>(p.integer("test_samples"));
    c.dataset_dir = p.text("dataset_dir");
    c.threads = static_cast<int>(p.integer("threads"));
    c.synthetic.users = static_cast<int>(p.integer("users"));
    c.synthetic.items = static_cast<int>(p.integer("items"));
    c.synthetic.train_samples = static_cast<int>(p.integer("ncf_samples"));
    c.synthetic.zipf_exponent = p.real("zipf_exponent");
    c.synthetic.latent_dim = static_cast<int>(p.integer("latent_dim"));
    c.synthetic.signal = p.real("signal");
    c.embedding_dim = static_cast<int>(p.integer("embedding_dim"));
    if (p.has("corpus")) c.text.corpus = p.text("corpus");
    if (p.has("vocab")) c.text.vocab = static_cast<int>(p.integer("vocab"));
    if (p.has("context")) c.text.context = static_cast<int>(p.integer("context"));
    if (p.has("hidden")) c.text.hidden = static_cast<int>(p.integer("hidden"));
    c.gloo_timeout_s = static_cast<int>(p.integer("gloo_timeout_s"));
    c.seed = seed;
    ct::validate(c);
    return c;
}

}  // namespace sextant::compression_training_plugin
