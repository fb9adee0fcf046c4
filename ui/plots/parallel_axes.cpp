#include "plots/parallel_axes.hpp"

#include "store/run_export.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

namespace sextant::ui {

namespace {
const std::string kParam = "param:", kSummary = "summary:";
constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

std::optional<nlohmann::json> value_of(const PlotRun& run, const ParallelAxis& axis, bool param) {
    if (param) {
        if (!run.params.is_object() || !run.params.contains(axis.name)) return std::nullopt;
        return run.params[axis.name];
    }
    const auto it = run.summaries.find(axis.name);
    if (it == run.summaries.end() || !std::isfinite(it->second)) return std::nullopt;
    return nlohmann::json(it->second);
}

std::string text_of(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }
}  // namespace

std::string ParallelAxis::bottomText() const {
    if (!categories.empty()) return categories.front();
    return format_number(flipped() ? max : min);
}

std::string ParallelAxis::topText() const {
    if (!categories.empty()) return categories.back();
    return format_number(flipped() ? min : max);
}

ParallelData parallel_data(const std::vector<PlotRun>& runs, const std::vector<std::string>& axis_ids,
                           const std::function<Better(const std::string&)>& better_of) {
    ParallelData data;
    data.positions.assign(runs.size(), {});
    for (const auto& id : axis_ids) {
        const bool param = id.rfind(kParam, 0) == 0;
        if (!param && id.rfind(kSummary, 0) != 0) continue;
        ParallelAxis axis;
        axis.id = id;
        axis.name = id.substr(param ? kParam.size() : kSummary.size());
        if (!param && better_of) axis.better = better_of(axis.name);
        // Numeric when every value present is a number (bools and text are categories).
        bool numeric = true, any = false;
        std::set<std::string> texts;
        double lo = std::numeric_limits<double>::infinity(), hi = -lo;
        for (const auto& run : runs)
            if (const auto v = value_of(run, axis, param)) {
                any = true;
                if (v->is_number()) {
                    lo = std::min(lo, v->get<double>());
                    hi = std::max(hi, v->get<double>());
                } else {
                    numeric = false;
                }
                texts.insert(text_of(*v));
            }
        if (!any) numeric = true, lo = hi = 0;
        if (numeric) {
            axis.min = lo;
            axis.max = hi;
        } else {
            axis.categories.assign(texts.begin(), texts.end());
        }
        for (std::size_t r = 0; r < runs.size(); ++r) {
            const auto v = value_of(runs[r], axis, param);
            double pos = kNone;
            if (v && numeric) {
                // One value only: the middle of the axis.
                pos = hi > lo ? (v->get<double>() - lo) / (hi - lo) : 0.5;
                if (axis.flipped()) pos = 1 - pos;
            } else if (v) {
                const auto it = std::find(axis.categories.begin(), axis.categories.end(), text_of(*v));
                const auto n = axis.categories.size();
                pos = n > 1 ? static_cast<double>(it - axis.categories.begin()) / static_cast<double>(n - 1) : 0.5;
            }
            data.positions[r].push_back(pos);
        }
        data.axes.push_back(std::move(axis));
    }
    return data;
}

std::vector<std::string> default_parallel_axes(const std::vector<PlotRun>& runs, std::size_t max_axes) {
    std::vector<std::string> out;
    for (const auto& name : param_names(runs)) {
        std::set<std::string> values;
        for (const auto& run : runs)
            if (run.params.is_object() && run.params.contains(name)) values.insert(run.params[name].dump());
        if (values.size() > 1) out.push_back(kParam + name);
    }
    for (const auto& name : summary_names(runs)) out.push_back(kSummary + name);
    if (out.size() > max_axes) out.resize(max_axes);
    return out;
}

}  // namespace sextant::ui
