// Plugin declarations as JSON: what `sextant-cli plugins --json` prints and what the GUI
// reads, so the GUI never has to load a plugin library into its own process.
#pragma once

#include "sextant/declarations.hpp"

#include <nlohmann/json.hpp>

namespace sextant {

nlohmann::json to_json(const PluginInfo& info);
// Throws nlohmann::json::exception on a malformed document.
PluginInfo plugin_info_from_json(const nlohmann::json& doc);

}  // namespace sextant
