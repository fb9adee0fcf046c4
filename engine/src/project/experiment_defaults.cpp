#include "project/experiment_defaults.hpp"

namespace sextant {

Experiment experiment_at_defaults(const std::string& plugin_id, const PluginInfo* info) {
    Experiment x;
    x.name = plugin_id;
    x.plugin = plugin_id;
    if (info) {
        x.target = {{"kind", info->targets.empty() ? "local" : info->targets.front()}};
        for (const auto& d : info->params) x.params[d.name] = d.default_value;
    }
    return x;
}

}  // namespace sextant
