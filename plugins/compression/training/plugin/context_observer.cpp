#include "context_observer.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>

namespace sextant::compression_training_plugin {

void ContextObserver::log(const std::string& message) { ctx_.log(LogLevel::Info, message); }

void ContextObserver::step(const ::compression_training::StepRecord& r) {
    const long long s = r.step + 1;
    ctx_.metric("loss", s, r.loss);
    ctx_.metric("train_accuracy", s, r.accuracy);
    ctx_.metric("step_time", s, r.step_s);
    ctx_.metric("step_bytes_sent", s, static_cast<double>(r.exchange.bytes_sent));
    char text[96];
    std::snprintf(text, sizeof text, "step %lld/%lld loss %.4f", s, steps_, r.loss);
    ctx_.progress(static_cast<double>(s) / static_cast<double>(steps_), text);
}

void ContextObserver::epoch(const ::compression_training::EpochRecord& r) {
    const long long e = r.epoch + 1;
    ctx_.metric("epoch_train_loss", e, r.train_loss);
    ctx_.metric("epoch_train_accuracy", e, r.train_accuracy);
    ctx_.metric("epoch_test_loss", e, r.test_loss);
    ctx_.metric("epoch_test_accuracy", e, r.test_accuracy);
    char text[160];
    std::snprintf(text, sizeof text, "epoch %lld (step %lld): train loss %.4f, test loss %.4f, test accuracy %.4f", e,
                  r.step + 1, r.train_loss, r.test_loss, r.test_accuracy);
    ctx_.log(LogLevel::Info, text);
}

void ContextObserver::summarise(const ::compression_training::TrainingSummary& s) {
    ctx_.summary("final_test_accuracy", s.final_test_accuracy);
    ctx_.summary("final_test_loss", s.final_test_loss);
    ctx_.summary("final_train_loss", s.final_train_loss);
    if (s.synthetic) ctx_.summary("best_possible_accuracy", s.bayes_accuracy);
    ctx_.summary("step_time", s.mean_step_s);
    ctx_.summary("compute_time", s.mean_compute_s);
    ctx_.summary("exchange_time", s.mean_exchange_s);
    ctx_.summary("encode_time", s.mean_encode_s);
    ctx_.summary("network_time", s.mean_network_s);
    ctx_.summary("decode_time", s.mean_decode_s);
    ctx_.summary("bytes_sent_per_worker", s.bytes_sent);
    ctx_.summary("bytes_received_per_worker", s.bytes_received);
    ctx_.summary("dense_bytes_per_worker", s.dense_bytes_sent);
    ctx_.summary("compression_ratio", s.compression_ratio);
    ctx_.summary("gradient_density", s.density);
    if (s.union_density > 0) ctx_.summary("union_density", s.union_density);
    ctx_.summary("peel_failures", static_cast<double>(s.peel_failures));
    ctx_.summary("parameters", static_cast<double>(s.parameters));
    ctx_.summary("steps", static_cast<double>(s.steps));
    if (!s.tensors.empty()) write_densities(s);
}

// Per-tensor densities measured in this run, as an artifact a profile can be made from.
void ContextObserver::write_densities(const ::compression_training::TrainingSummary& s) {
    nlohmann::json tensors = nlohmann::json::array();
    for (const auto& t : s.tensors) {
        tensors.push_back({{"name", t.name},
                           {"shape", t.shape},
                           {"embedding", t.embedding},
                           {"worker_density", t.worker_density},
                           {"union_density", t.union_density},
                           {"correlation", t.correlation},
                           {"topk_keep", ::compression_training::kTopkKeep},
                           {"topk_union_density", t.topk_union_density}});
        char text[300];
        std::snprintf(text, sizeof text,
                      "tensor %s: worker density %.4f, union density %.4f, workers' correlation %.3f, union of "
                      "top-1%% masks %.4f (measured, mean of %lld steps)",
                      t.name.c_str(), t.worker_density, t.union_density, t.correlation, t.topk_union_density, s.steps);
        ctx_.log(LogLevel::Info, text);
    }
    const nlohmann::json doc{{"kind", "gradient densities"},
                             {"workers", workers_},
                             {"steps", s.steps},
                             {"parameters", s.parameters},
                             {"tensors", tensors}};
    const std::filesystem::path file = ctx_.artifact_dir() / kDensitiesFile;
    std::ofstream(file) << doc.dump(2) << "\n";
    ctx_.artifact(kDensitiesFile, "json");
}

}  // namespace sextant::compression_training_plugin
