#include "store/run_export.hpp"

#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

namespace sextant {

using nlohmann::json;
using Kind = RunColumn::Kind;

namespace {
json optional_time(const std::optional<double>& t) { return t ? json(*t) : json(nullptr); }
// NaN is not JSON; null says "no value".
json number_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

const std::map<std::string, Kind>& fixed_columns() {
    static const std::map<std::string, Kind> columns = {
        {"id", Kind::Id},     {"identity", Kind::Identity}, {"experiment", Kind::Experiment}, {"status", Kind::Status},
        {"seed", Kind::Seed}, {"started", Kind::Started},   {"duration", Kind::Duration},     {"tags", Kind::Tags},
        {"note", Kind::Note}, {"job_id", Kind::JobId},      {"job_state", Kind::JobState}};
    return columns;
}
}  // namespace

std::string RunColumn::id() const {
    if (kind == Kind::Param) return "param:" + key;
    if (kind == Kind::Summary) return "summary:" + key;
    for (const auto& [name, k] : fixed_columns())
        if (k == kind) return name;
    return {};
}

std::string RunColumn::csv_header() const {
    if (kind == Kind::Param) return "param." + key;
    if (kind == Kind::Summary) return key;
    return id();
}

std::string RunColumn::order_by() const {
    switch (kind) {
    case Kind::Started: return "started_at";
    case Kind::Duration: return "finished_at";  // a run's end orders its duration's column
    case Kind::Identity:
    case Kind::Tags:
    case Kind::Note: return {};
    default: return id();
    }
}

std::optional<RunColumn> parse_run_column(const std::string& id) {
    if (id.rfind("param:", 0) == 0 && id.size() > 6) return RunColumn{Kind::Param, id.substr(6)};
    if (id.rfind("summary:", 0) == 0 && id.size() > 8) return RunColumn{Kind::Summary, id.substr(8)};
    if (const auto it = fixed_columns().find(id); it != fixed_columns().end()) return RunColumn{it->second, ""};
    if (id.empty() || id.find(':') != std::string::npos) return std::nullopt;
    return RunColumn{Kind::Summary, id};
}

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
    if (!r.job_id.empty()) {
        j["job_id"] = r.job_id;
        j["job_state"] = r.job_state;
        j["job_dir"] = r.job_dir;
    }
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

std::string exact_number(double value) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    char buffer[64];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;  // shortest round-trip form
    return std::string(buffer, end);
}

std::string param_cell(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

std::vector<RunColumn> csv_columns(RunStore& store, const RunQuery& query) {
    RunQuery all = query;
    all.offset = 0;
    all.limit = -1;
    std::set<std::string> params;
    for (const auto& r : store.runs(all))
        for (auto it = r.params.begin(); it != r.params.end(); ++it) params.insert(it.key());
    std::vector<RunColumn> columns = {
        {Kind::Id, ""}, {Kind::Identity, ""}, {Kind::Experiment, ""}, {Kind::Status, ""}, {Kind::Seed, ""}};
    for (const auto& p : params) columns.push_back({Kind::Param, p});
    for (const auto& m : store.summary_names(query.experiment)) columns.push_back({Kind::Summary, m});
    columns.push_back({Kind::Tags, ""});
    columns.push_back({Kind::Note, ""});
    return columns;
}

void write_runs_csv(std::ostream& out, RunStore& store, const RunQuery& query) {
    const auto columns = csv_columns(store, query);
    for (std::size_t c = 0; c < columns.size(); ++c) out << (c ? "," : "") << csv_field(columns[c].csv_header());
    out << "\n";
    RunQuery all = query;
    all.offset = 0;
    all.limit = -1;
    for (const auto& r : store.runs(all)) {
        const auto summaries = store.summaries(r.id);
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const RunColumn& col = columns[c];
            std::string cell;
            switch (col.kind) {
            case Kind::Id: cell = std::to_string(r.id); break;
            case Kind::Identity: cell = r.identity; break;
            case Kind::Experiment: cell = r.experiment; break;
            case Kind::Status: cell = to_string(r.status); break;
            case Kind::Seed: cell = std::to_string(r.seed); break;
            case Kind::Started: cell = r.started_at ? exact_number(*r.started_at) : ""; break;
            case Kind::Duration:
                cell = r.started_at && r.finished_at ? exact_number(*r.finished_at - *r.started_at) : "";
                break;
            case Kind::Tags: {
                for (const auto& t : store.tags(r.id)) cell += (cell.empty() ? "" : ";") + t;
                break;
            }
            case Kind::Note: cell = store.note(r.id); break;
            case Kind::JobId: cell = r.job_id; break;
            case Kind::JobState: cell = r.job_state; break;
            case Kind::Param:
                if (const auto it = r.params.find(col.key); it != r.params.end()) cell = param_cell(*it);
                break;
            case Kind::Summary:
                if (const auto it = summaries.find(col.key); it != summaries.end()) cell = exact_number(it->second);
                break;
            }
            out << (c ? "," : "") << csv_field(cell);
        }
        out << "\n";
    }
}

}  // namespace sextant
