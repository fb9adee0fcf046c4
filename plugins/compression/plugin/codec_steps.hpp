// What every target does first: the workers' gradients of each tensor and step go through
// the codec, and each aggregation is measured. A target adds what it does with the reports.
#pragma once

#include "measurement.hpp"
#include "settings.hpp"

#include <sextant/run_context.hpp>

#include <functional>
#include <string>

namespace sextant::compression_plugin {

using EachAggregation = std::function<void(std::size_t step, std::size_t tensor, const ::compression::Report&)>;

// Runs `settings.steps` steps over every tensor of `workload`, adding each aggregation to
// `measured` (and ending its steps), then calling `each`. Progress messages start with
// `label`. Returns false when the run was cancelled (logged).
bool run_codec_steps(const Settings& settings, const Workload& workload, Measurement& measured, RunContext& ctx,
                     const std::string& label, const EachAggregation& each = {});

}  // namespace sextant::compression_plugin
