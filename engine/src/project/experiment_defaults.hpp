// A new experiment of a plugin with every parameter at its default: what `sextant-cli new`
// writes and what the GUI adds (File > New, "Add experiment").
#pragma once

#include "project/project.hpp"
#include "sextant/declarations.hpp"

namespace sextant {

// Named after the plugin, on its first declared target; `info` may be null (declarations
// not known yet): then only the plugin id and a local target are set.
Experiment experiment_at_defaults(const std::string& plugin_id, const PluginInfo* info);

}  // namespace sextant
