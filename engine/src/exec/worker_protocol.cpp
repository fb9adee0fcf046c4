#include "exec/worker_protocol.hpp"

#include <chrono>
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
    json j = {{"type", "run"},     {"run", r.run_id}, {"plugin_file", r.plugin_file.string()}, {"params", r.params},
              {"target", r.target}, {"seed", r.seed}, {"artifact_dir", r.artifact_dir.string()}};
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
    case RunEvent::Kind::Started: j["host"] = e.host; j["time"] = e.time; break;
    case RunEvent::Kind::Metrics: {
        json samples = json::array();
        for (const auto& s : e.samples) samples.push_back(json::array({s.name, s.step, s.value, s.wall_time}));
        j["samples"] = std::move(samples);
        break;
    }
    case RunEvent::Kind::Summary: j["name"] = e.name; j["value"] = e.value; break;
    case RunEvent::Kind::Progress: j["fraction"] = e.fraction; j["message"] = e.message; break;
    case RunEvent::Kind::Log: j["level"] = e.level; j["message"] = e.message; j["time"] = e.time; break;
    case RunEvent::Kind::Artifact:
        j["path"] = e.artifact.path; j["kind"] = e.artifact.kind;
        j["size"] = e.artifact.size; j["hash"] = e.artifact.hash;
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

RunEvent decode_event(const std::string& line, std::int64_t current_run) {
    RunEvent e;
    e.run_id = current_run;
    e.time = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    json j;
    try {
        j = json::parse(line);
    } catch (const json::parse_error&) {
        j = nullptr;
    }
    if (!j.is_object() || !j.contains("type") || !j["type"].is_string()) {
        e.kind = RunEvent::Kind::Log;
        e.level = "stdout";
        e.message = line;
        return e;
    }
    const std::string type = j["type"];
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
        for (const auto& s : j.at("samples"))
            e.samples.push_back({s.at(0).get<std::string>(), s.at(1).get<long long>(),
                                 s.at(2).is_number() ? s.at(2).get<double>() : std::numeric_limits<double>::quiet_NaN(),
                                 s.at(3).get<double>()});
    } else if (type == "summary") {
        e.kind = RunEvent::Kind::Summary;
        e.name = j.at("name");
        e.value = j.at("value").is_number() ? j.at("value").get<double>() : std::numeric_limits<double>::quiet_NaN();
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
        if (j.contains("exit_status") && j["exit_status"].is_number_integer()) e.exit_status = j["exit_status"].get<int>();
        e.stderr_tail = j.value("stderr_tail", "");
    } else {
        e.kind = RunEvent::Kind::Log;
        e.level = "stdout";
        e.message = line;
    }
    return e;
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
