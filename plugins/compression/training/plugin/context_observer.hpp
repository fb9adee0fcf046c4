// Turns training records into the run's metrics, progress and log lines.
#pragma once

#include <compression_training/data_parallel.hpp>

#include <sextant/run_context.hpp>

namespace sextant::compression_training_plugin {

class ContextObserver : public ::compression_training::TrainingObserver {
public:
    ContextObserver(RunContext& ctx, long long steps) : ctx_(ctx), steps_(steps) {}
    void log(const std::string& message) override;
    void step(const ::compression_training::StepRecord& r) override;
    void epoch(const ::compression_training::EpochRecord& r) override;
    bool cancelled() const override { return ctx_.cancelled(); }
    // The run's summary metrics.
    void summarise(const ::compression_training::TrainingSummary& s);

private:
    RunContext& ctx_;
    long long steps_;
};

}  // namespace sextant::compression_training_plugin
