#include "plugins/headline_metrics.hpp"

namespace sextant {

std::vector<std::string> headline_metrics(const PluginInfo& info, std::size_t fallback) {
    std::vector<std::string> marked, first;
    for (const auto& m : info.metrics) {
        if (m.kind != MetricKind::Summary) continue;  // only summaries are table cells
        if (m.headline) marked.push_back(m.name);
        if (first.size() < fallback) first.push_back(m.name);
    }
    return marked.empty() ? first : marked;
}

}  // namespace sextant
