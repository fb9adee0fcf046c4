#include "store/run_export.hpp"

#include <cmath>
#include <iomanip>
#include <set>
#include <sstream>

namespace sextant {

using nlohmann::json;

namespace {
json optional_time(const std::optional<double>& t) { return t ? json(*t) : json(nullptr); }
// NaN is not JSON; null says "no value".
json number_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
}  // namespace

json run_to_json(const RunRecord& r, const std::map<std::string, double>& summary) {
    json s = json::object();
    for (const auto& [name, value] : summary) s[name] = number_or_null(value);
    json j = {{"id", r.id},
              {"identity", r.identity},
              {"experiment", r.experiment},
              {"status", to_string(r.status)},
              {"plugin", r.plugin_id},
              {"plugin_version", r.plugin_version},
              {"seed", r.seed},
              {"params", r.params},
              {"target", r.target},
              {"summary", s},
              {"queued_at", optional_time(r.queued_at)},
              {"started_at", optional_time(r.started_at)},
              {"finished_at", optional_time(r.finished_at)},
              {"host", r.host},
              {"attempts", r.attempts}};
    if (!r.error.empty()) j["error"] = r.error;
    if (r.exit_status) j["exit_status"] = *r.exit_status;
    return j;
}

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string format_number(double value) {
    if (!std::isfinite(value)) return std::isnan(value) ? "" : (value > 0 ? "inf" : "-inf");
    std::ostringstream out;
    out.precision(6);
    out << value;
    return out.str();
}

void write_runs_csv(std::ostream& out, const std::vector<RunRecord>& runs,
                    const std::map<std::int64_t, std::map<std::string, double>>& summaries) {
    std::set<std::string> param_names, metric_names;
    for (const auto& r : runs)
        for (const auto& [k, v] : r.params.items()) param_names.insert(k);
    for (const auto& [id, s] : summaries)
        for (const auto& [k, v] : s) metric_names.insert(k);
    out << "id,identity,experiment,status,seed";
    for (const auto& p : param_names) out << "," << csv_field("param." + p);
    for (const auto& m : metric_names) out << "," << csv_field(m);
    out << "\n";
    for (const auto& r : runs) {
        out << r.id << "," << r.identity << "," << csv_field(r.experiment) << "," << to_string(r.status) << ","
            << r.seed;
        for (const auto& p : param_names) {
            const auto it = r.params.find(p);
            out << "," << (it == r.params.end() ? "" : csv_field(it->is_string() ? it->get<std::string>() : it->dump()));
        }
        const auto s = summaries.find(r.id);
        for (const auto& m : metric_names) {
            out << ",";
            if (s == summaries.end()) continue;
            const auto v = s->second.find(m);
            if (v != s->second.end()) out << std::setprecision(17) << v->second;
        }
        out << "\n";
    }
}

}  // namespace sextant
