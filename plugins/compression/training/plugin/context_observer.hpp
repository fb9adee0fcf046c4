// Turns training records into the run's metrics, progress and log lines.
#pragma once

#include <compression_training/data_parallel.hpp>

#include <sextant/run_context.hpp>

namespace sextant::compression_training_plugin {

class ContextObserver : public ::compression_training::TrainingObserver {
public:
    // The artifact in-process runs leave: each tensor's measured worker and union density.
    static constexpr const char* kDensitiesFile = "gradient_densities.json";

    ContextObserver(RunContext& ctx, long long steps, int workers) : ctx_(ctx), steps_(steps), workers_(workers) {}
    void log(const std::string& message) override;
    void step(const ::compression_training::StepRecord& r) override;
    void epoch(const ::compression_training::EpochRecord& r) override;
    bool cancelled() const override { return ctx_.cancelled(); }
    // The run's summary metrics.
    void summarise(const ::compression_training::TrainingSummary& s);

private:
    void write_densities(const ::compression_training::TrainingSummary& s);

    RunContext& ctx_;
    long long steps_;
    int workers_;
};

}  // namespace sextant::compression_training_plugin
