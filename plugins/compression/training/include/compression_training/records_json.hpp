// The training records as JSON, one object per line: how a rank process tells the
// launcher (and so the plugin) what happened. Fields keep the records' names.
#pragma once

#include "compression_training/data_parallel.hpp"

#include <nlohmann/json.hpp>

namespace compression_training {

nlohmann::json to_json(const StepRecord& r);
nlohmann::json to_json(const EpochRecord& r);
nlohmann::json to_json(const TrainingSummary& s);
StepRecord step_from_json(const nlohmann::json& j);
EpochRecord epoch_from_json(const nlohmann::json& j);
TrainingSummary summary_from_json(const nlohmann::json& j);

// Delivers one line ({"type": "log"|"step"|"epoch"|"summary", ...}) to an observer; a
// summary line is stored in *summary. Throws std::invalid_argument for a malformed line.
void dispatch_line(const std::string& line, TrainingObserver& observer, TrainingSummary* summary, bool* got_summary);

// An observer that prints every record as a JSON line to a stream (the rank's stdout).
class JsonLinesObserver : public TrainingObserver {
public:
    explicit JsonLinesObserver(std::FILE* out) : out_(out) {}
    void log(const std::string& message) override;
    void step(const StepRecord& r) override;
    void epoch(const EpochRecord& r) override;
    void summary(const TrainingSummary& s);

private:
    void write(const nlohmann::json& j);
    std::FILE* out_;
};

}  // namespace compression_training
