// Which of a plugin's metrics a reader sees first (`sextant-cli list`, the GUI's runs table).
#pragma once

#include "sextant/declarations.hpp"

#include <string>
#include <vector>

namespace sextant {

// The summary metrics the plugin marks as headline, in declaration order; when it marks
// none, its first `fallback` summary metrics.
std::vector<std::string> headline_metrics(const PluginInfo& info, std::size_t fallback = 3);

}  // namespace sextant
