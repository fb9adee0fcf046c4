// Logs a run's inputs and where each assumed number comes from.
#pragma once

#include "settings.hpp"

#include <sextant/run_context.hpp>

#include <optional>

namespace sextant::compression_plugin {

void log_inputs(const Settings& settings, const Workload& workload, const std::optional<Profile>& profile,
                RunContext& ctx);

}  // namespace sextant::compression_plugin
