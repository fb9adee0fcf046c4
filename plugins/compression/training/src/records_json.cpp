#include "compression_training/records_json.hpp"

#include <cstdio>
#include <stdexcept>

namespace compression_training {

namespace {

nlohmann::json to_json(const ExchangeResult& x) {
    return {{"bytes_sent", x.bytes_sent},
            {"bytes_received", x.bytes_received},
            {"dense_bytes_sent", x.dense_bytes_sent},
            {"dense_bytes_received", x.dense_bytes_received},
            {"encode_s", x.encode_s},
            {"network_s", x.network_s},
            {"decode_s", x.decode_s},
            {"union_nonzeros", x.union_nonzeros},
            {"candidates", x.candidates},
            {"peel_failures", x.peel_failures},
            {"rounds", x.rounds}};
}

ExchangeResult exchange_from_json(const nlohmann::json& j) {
    ExchangeResult x;
    x.bytes_sent = j.at("bytes_sent").get<std::uint64_t>();
    x.bytes_received = j.at("bytes_received").get<std::uint64_t>();
    x.dense_bytes_sent = j.at("dense_bytes_sent").get<std::uint64_t>();
    x.dense_bytes_received = j.at("dense_bytes_received").get<std::uint64_t>();
    x.encode_s = j.at("encode_s").get<double>();
    x.network_s = j.at("network_s").get<double>();
    x.decode_s = j.at("decode_s").get<double>();
    x.union_nonzeros = j.at("union_nonzeros").get<std::size_t>();
    x.candidates = j.at("candidates").get<std::size_t>();
    x.peel_failures = j.at("peel_failures").get<std::size_t>();
    x.rounds = j.at("rounds").get<int>();
    return x;
}

}  // namespace

nlohmann::json to_json(const StepRecord& r) {
    return {{"type", "step"},           {"step", r.step},
            {"epoch", r.epoch},         {"loss", r.loss},
            {"accuracy", r.accuracy},   {"step_s", r.step_s},
            {"compute_s", r.compute_s}, {"exchange_s", r.exchange_s},
            {"density", r.density},     {"exchange", to_json(r.exchange)}};
}

nlohmann::json to_json(const EpochRecord& r) {
    return {{"type", "epoch"},
            {"epoch", r.epoch},
            {"step", r.step},
            {"train_loss", r.train_loss},
            {"train_accuracy", r.train_accuracy},
            {"test_loss", r.test_loss},
            {"test_accuracy", r.test_accuracy}};
}

nlohmann::json to_json(const TrainingSummary& s) {
    return {{"type", "summary"},
            {"steps", s.steps},
            {"cancelled", s.cancelled},
            {"parameters", s.parameters},
            {"final_test_loss", s.final_test_loss},
            {"final_test_accuracy", s.final_test_accuracy},
            {"final_train_loss", s.final_train_loss},
            {"mean_step_s", s.mean_step_s},
            {"mean_compute_s", s.mean_compute_s},
            {"mean_exchange_s", s.mean_exchange_s},
            {"mean_encode_s", s.mean_encode_s},
            {"mean_network_s", s.mean_network_s},
            {"mean_decode_s", s.mean_decode_s},
            {"bytes_sent", s.bytes_sent},
            {"bytes_received", s.bytes_received},
            {"dense_bytes_sent", s.dense_bytes_sent},
            {"dense_bytes_received", s.dense_bytes_received},
            {"compression_ratio", s.compression_ratio},
            {"density", s.density},
            {"union_density", s.union_density},
            {"peel_failures", s.peel_failures},
            {"synthetic", s.synthetic},
            {"bayes_accuracy", s.bayes_accuracy}};
}

StepRecord step_from_json(const nlohmann::json& j) {
    StepRecord r;
    r.step = j.at("step").get<long long>();
    r.epoch = j.at("epoch").get<int>();
    r.loss = j.at("loss").get<double>();
    r.accuracy = j.at("accuracy").get<double>();
    r.step_s = j.at("step_s").get<double>();
    r.compute_s = j.at("compute_s").get<double>();
    r.exchange_s = j.at("exchange_s").get<double>();
    r.density = j.at("density").get<double>();
    r.exchange = exchange_from_json(j.at("exchange"));
    return r;
}

EpochRecord epoch_from_json(const nlohmann::json& j) {
    EpochRecord r;
    r.epoch = j.at("epoch").get<int>();
    r.step = j.at("step").get<long long>();
    r.train_loss = j.at("train_loss").get<double>();
    r.train_accuracy = j.at("train_accuracy").get<double>();
    r.test_loss = j.at("test_loss").get<double>();
    r.test_accuracy = j.at("test_accuracy").get<double>();
    return r;
}

TrainingSummary summary_from_json(const nlohmann::json& j) {
    TrainingSummary s;
    s.steps = j.at("steps").get<long long>();
    s.cancelled = j.at("cancelled").get<bool>();
    s.parameters = j.at("parameters").get<std::size_t>();
    s.final_test_loss = j.at("final_test_loss").get<double>();
    s.final_test_accuracy = j.at("final_test_accuracy").get<double>();
    s.final_train_loss = j.at("final_train_loss").get<double>();
    s.mean_step_s = j.at("mean_step_s").get<double>();
    s.mean_compute_s = j.at("mean_compute_s").get<double>();
    s.mean_exchange_s = j.at("mean_exchange_s").get<double>();
    s.mean_encode_s = j.at("mean_encode_s").get<double>();
    s.mean_network_s = j.at("mean_network_s").get<double>();
    s.mean_decode_s = j.at("mean_decode_s").get<double>();
    s.bytes_sent = j.at("bytes_sent").get<double>();
    s.bytes_received = j.at("bytes_received").get<double>();
    s.dense_bytes_sent = j.at("dense_bytes_sent").get<double>();
    s.dense_bytes_received = j.at("dense_bytes_received").get<double>();
    s.compression_ratio = j.at("compression_ratio").get<double>();
    s.density = j.at("density").get<double>();
    s.union_density = j.at("union_density").get<double>();
    s.peel_failures = j.at("peel_failures").get<std::size_t>();
    s.synthetic = j.at("synthetic").get<bool>();
    s.bayes_accuracy = j.at("bayes_accuracy").get<double>();
    return s;
}

void dispatch_line(const std::string& line, TrainingObserver& observer, TrainingSummary* summary, bool* got_summary) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(line);
        const auto type = j.at("type").get<std::string>();
        if (type == "log") observer.log(j.at("message").get<std::string>());
        else if (type == "step") observer.step(step_from_json(j));
        else if (type == "epoch") observer.epoch(epoch_from_json(j));
        else if (type == "summary") {
            if (summary) *summary = summary_from_json(j);
            if (got_summary) *got_summary = true;
        } else throw std::invalid_argument("unknown type '" + type + "'");
    } catch (const nlohmann::json::exception& e) {
        throw std::invalid_argument("rank 0 wrote a malformed record (" + std::string(e.what()) +
                                    "): " + line.substr(0, 200));
    }
}

void JsonLinesObserver::write(const nlohmann::json& j) {
    const std::string s = j.dump() + "\n";
    std::fwrite(s.data(), 1, s.size(), out_);
    std::fflush(out_);
}

void JsonLinesObserver::log(const std::string& message) { write({{"type", "log"}, {"message", message}}); }
void JsonLinesObserver::step(const StepRecord& r) { write(to_json(r)); }
void JsonLinesObserver::epoch(const EpochRecord& r) { write(to_json(r)); }
void JsonLinesObserver::summary(const TrainingSummary& s) { write(to_json(s)); }

}  // namespace compression_training
