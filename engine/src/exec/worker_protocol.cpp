#include "exec/worker_protocol.hpp"

#include <chrono>
#include <limits>
#include <stdexcept>

namespace sextant {

const char* to_string(RunEvent::Kind kind) {
    switch (kind) {
    case RunEvent::Kind::Queued: return "queued";
    case RunEvent::Kind::Started: return "started";
    case RunEvent::Kind::Progress: return "progress";
    case RunEvent::Kind::Metrics: return "metrics";
    case RunEvent::Kind::Summary: return "summary";
    case RunEvent::Kind::Log: return "log";
    case RunEvent::Kind::Artifact: return "artifact";
    case RunEvent::Kind::Finished: return "finished";
    }
    return "log";
}

namespace protocol {

using nlohmann::json;

std::string encode_request(const RunRequest& r) {
    json j = {{"type", "run"},      {"run", r.run_id}, {"plugin_file", r.plugin_file.string()},  {"params", r.params},
              {"target", r.target}, {"seed", r.seed},  {"artifact_dir", r.artifact_dir.string()}};
    return j.dump();
}

RunRequest decode_request(const std::string& line) {
    const json j = json::parse(line);
    if (j.value("type", "") != "run") throw std::runtime_error("expected a run request, got: " + line.substr(0, 200));
    RunRequest r;
    r.run_id = j.at("run").get<std::int64_t>();
    r.plugin_file = j.value("plugin_file", "");
    r.params = j.at("params");
    r.target = j.at("target");
    r.seed = j.at("seed").get<std::uint64_t>();
    r.artifact_dir = j.at("artifact_dir").get<std::string>();
    return r;
}

std::string encode_event(const RunEvent& e) {
    json j = {{"type", to_string(e.kind)}, {"run", e.run_id}};
    switch (e.kind) {
    case RunEvent::Kind::Started:
        j["host"] = e.host;
        j["time"] = e.time;
        break;
    case RunEvent::Kind::Metrics: {
        json samples = json::array();
        for (const auto& s : e.samples) samples.push_back(json::array({s.name, s.step, s.value, s.wall_time}));
        j["samples"] = std::move(samples);
        break;
    }
    case RunEvent::Kind::Summary:
        j["name"] = e.name;
        j["value"] = e.value;
        break;
    case RunEvent::Kind::Progress:
        j["fraction"] = e.fraction;
        j["message"] = e.message;
        break;
    case RunEvent::Kind::Log:
        j["level"] = e.level;
        j["message"] = e.message;
        j["time"] = e.time;
        break;
    case RunEvent::Kind::Artifact:
        j["path"] = e.artifact.path;
        j["kind"] = e.artifact.kind;
        j["size"] = e.artifact.size;
        j["hash"] = e.artifact.hash;
        break;
    case RunEvent::Kind::Finished:
        j["status"] = sextant::to_string(e.status);
        j["time"] = e.time;
        j["error"] = e.message;
        if (e.exit_status) j["exit_status"] = *e.exit_status;
        if (!e.stderr_tail.empty()) j["stderr_tail"] = e.stderr_tail;
        break;
    case RunEvent::Kind::Queued: break;
    }
    if (!e.job_id.empty()) j["job_id"] = e.job_id;
    if (!e.job_state.empty()) j["job_state"] = e.job_state;
    if (!e.job_dir.empty()) j["job_dir"] = e.job_dir;
    // Plugins may log arbitrary bytes; never let invalid UTF-8 break the stream.
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

namespace {

double wall_now() { return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count(); }

// A JSON number, or NaN for the null that encode_event writes for a NaN.
double number_or_nan(const json& value) {
    if (value.is_null()) return std::numeric_limits<double>::quiet_NaN();
    return value.get<double>();
}

// Throws json::exception (or std::invalid_argument) on a missing or mistyped field.
RunEvent event_from_json(const json& j, std::int64_t current_run) {
    RunEvent e;
    e.time = wall_now();
    const std::string type = j.at("type").get<std::string>();
    e.run_id = j.value("run", current_run);
    e.job_id = j.value("job_id", "");
    e.job_state = j.value("job_state", "");
    e.job_dir = j.value("job_dir", "");
    if (type == "queued") {
        e.kind = RunEvent::Kind::Queued;
    } else if (type == "started") {
        e.kind = RunEvent::Kind::Started;
        e.host = j.value("host", "");
        e.time = j.value("time", e.time);
    } else if (type == "metrics") {
        e.kind = RunEvent::Kind::Metrics;
        const json& samples = j.at("samples");
        if (!samples.is_array()) throw std::invalid_argument("\"samples\" is not an array");
        for (const auto& s : samples) {
            if (!s.is_array() || s.size() != 4)
                throw std::invalid_argument("a sample is not [name, step, value, time]");
            e.samples.push_back(
                {s[0].get<std::string>(), s[1].get<long long>(), number_or_nan(s[2]), s[3].get<double>()});
        }
    } else if (type == "summary") {
        e.kind = RunEvent::Kind::Summary;
        e.name = j.at("name").get<std::string>();
        e.value = number_or_nan(j.at("value"));
    } else if (type == "progress") {
        e.kind = RunEvent::Kind::Progress;
        e.fraction = j.value("fraction", 0.0);
        e.message = j.value("message", "");
    } else if (type == "log") {
        e.kind = RunEvent::Kind::Log;
        e.level = j.value("level", "info");
        e.message = j.value("message", "");
        e.time = j.value("time", e.time);
    } else if (type == "artifact") {
        e.kind = RunEvent::Kind::Artifact;
        e.artifact = {j.value("path", ""), j.value("kind", ""), j.value("size", std::int64_t{0}), j.value("hash", "")};
    } else if (type == "finished") {
        e.kind = RunEvent::Kind::Finished;
        e.time = j.value("time", e.time);
        e.status = parse_run_status(j.value("status", "failed")).value_or(RunStatus::Failed);
        e.message = j.value("error", "");
        if (j.contains("exit_status")) e.exit_status = j["exit_status"].get<int>();
        e.stderr_tail = j.value("stderr_tail", "");
    } else {
        throw std::invalid_argument("unknown event type '" + type + "'");
    }
    return e;
}

}  // namespace

DecodedLine parse_event(const std::string& line, std::int64_t current_run) {
    const json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return {std::nullopt, "not JSON"};
    if (!j.is_object() || !j.contains("type")) return {std::nullopt, "not an event object with a \"type\""};
    try {
        return {event_from_json(j, current_run), ""};
    } catch (const json::exception& e) {
        // "[json.exception.type_error.302] type must be string, but is number" -> after the tag
        const std::string what = e.what();
        const auto tag_end = what.find("] ");
        return {std::nullopt, tag_end == std::string::npos ? what : what.substr(tag_end + 2)};
    } catch (const std::exception& e) {
        return {std::nullopt, e.what()};
    }
}

RunEvent decode_event(const std::string& line, std::int64_t current_run) {
    if (auto decoded = parse_event(line, current_run); decoded.event) return std::move(*decoded.event);
    RunEvent e;
    e.run_id = current_run;
    e.time = wall_now();
    e.kind = RunEvent::Kind::Log;
    e.level = "stdout";
    e.message = line;
    return e;
}

std::string quote_line(const std::string& line) {
    constexpr std::size_t kMax = 200;
    const json text = line.size() <= kMax ? line : line.substr(0, kMax) + "...";
    return text.dump(-1, ' ', false, json::error_handler_t::replace);
}

namespace {
// A control character first: no plugin prints this by accident.
constexpr char kEndOfRun[] = "\x1esextant-end-of-run ";
}  // namespace

std::string end_of_run_line(std::int64_t run_id) { return kEndOfRun + std::to_string(run_id); }

std::optional<std::int64_t> parse_end_of_run(const std::string& line) {
    const std::size_t n = sizeof kEndOfRun - 1;
    if (line.size() <= n || line.compare(0, n, kEndOfRun) != 0) return std::nullopt;
    try {
        return std::stoll(line.substr(n));
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace protocol
}  // namespace sextant
