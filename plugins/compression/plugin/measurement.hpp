// Accumulates what the codec reports over tensors and steps, checks decoded sums against
// the references, and turns it into the plugin's metrics. Shared by every target.
#pragma once

#include <compression/scheme.hpp>
#include <sextant/run_context.hpp>

#include <span>
#include <vector>

namespace sextant::compression_plugin {

class Measurement {
public:
    explicit Measurement(std::size_t workers) : workers_(workers) {}
    // One tensor of one step: the workers' inputs, the decoded sum and the codec's report.
    void add(const ::compression::Scheme& scheme, std::span<const std::span<const float>> inputs,
             std::span<const float> decoded, const ::compression::Report& report);
    // Ends a step: emits the step's series points.
    void end_step(std::size_t step, RunContext& ctx);
    void summarise(RunContext& ctx) const;

private:
    std::size_t workers_;
    std::size_t steps_ = 0;
    ::compression::Report total_;
    double minimum_bytes_ = 0;  // summed over tensors and steps
    double max_error_ = 0, error2_ = 0, norm2_ = 0;
    double step_max_error_ = 0;
    std::uint64_t step_bytes_ = 0;
    std::size_t mismatches_ = 0;
    std::size_t tensors_per_step_ = 0, tensors_ = 0;
    bool switch_ok_ = true, lossless_ = true;
    std::vector<float> reference_;
};

}  // namespace sextant::compression_plugin
