#include "cluster/cluster_target.hpp"

#include "util/closest_name.hpp"
#include "util/json_file.hpp"

#include <regex>

namespace sextant {

using nlohmann::json;

const std::vector<std::string>& cluster_target_fields() {
    static const std::vector<std::string> fields = {
        "kind",          "scheduler",      "host",           "workdir",      "partition",
        "account",       "time",           "cpus_per_run",   "gpus_per_run", "mem_gb",
        "nodes_per_run", "tasks_per_node", "max_concurrent", "setup",        "network_interface"};
    return fields;
}

RunResources ClusterTarget::resources(const RunResources& declared) const {
    RunResources r = declared;
    if (cpus_per_run) r.cpus = *cpus_per_run;
    if (gpus_per_run) r.gpus = *gpus_per_run;
    if (mem_gb) r.mem_gb = *mem_gb;
    return r;
}

namespace {

bool valid_slurm_time(const std::string& t) {
    // Slurm's forms: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S
    static const std::regex form(
        R"(^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d+|\d+-\d+:\d{1,2}|\d+-\d+:\d{1,2}:\d{1,2})$)");
    return std::regex_match(t, form);
}

// A value that reaches sbatch as a word: letters, digits and . _ - only.
bool plain_word(const std::string& s) {
    static const std::regex word(R"(^[A-Za-z0-9._-]+$)");
    return std::regex_match(s, word);
}

}  // namespace

ClusterTarget parse_cluster_target(const json& target, Problems& problems, const std::string& path) {
    ClusterTarget t;
    if (!target.is_object()) {
        problems.add(path, "expected an object, got " + json_type_name(target));
        return t;
    }
    for (const auto& [key, value] : target.items()) {
        const auto& known = cluster_target_fields();
        if (std::find(known.begin(), known.end(), key) == known.end())
            problems.add(field_path(path, key), "unknown field of a cluster target", closest_name(key, known));
    }
    auto text = [&](const char* key, std::string& out) {
        if (!target.contains(key)) return false;
        if (!target[key].is_string()) {
            problems.add(field_path(path, key), "expected a string, got " + json_type_name(target[key]));
            return false;
        }
        out = target[key].get<std::string>();
        return true;
    };
    auto count = [&](const char* key, int min, int max) -> std::optional<int> {
        if (!target.contains(key)) return std::nullopt;
        const auto& v = target[key];
        if (!v.is_number_integer() || v.get<long long>() < min || v.get<long long>() > max) {
            problems.add(field_path(path, key), "expected an integer in [" + std::to_string(min) + ", " +
                                                    std::to_string(max) + "], got " + v.dump());
            return std::nullopt;
        }
        return v.get<int>();
    };

    if (!target.contains("scheduler"))
        problems.add(field_path(path, "scheduler"), "missing (a cluster target names its scheduler: \"slurm\")");
    else if (text("scheduler", t.scheduler) && t.scheduler != "slurm")
        problems.add(field_path(path, "scheduler"),
                     "unsupported scheduler \"" + t.scheduler + "\"; Sextant speaks \"slurm\"",
                     closest_name(t.scheduler, {"slurm"}));
    if (text("host", t.host)) {
        // ssh would read a leading '-' as an option; whitespace or control characters are no host.
        static const std::regex host(R"(^[A-Za-z0-9_.@:\[\]%+-]*$)");
        if (!t.host.empty() && (t.host[0] == '-' || !std::regex_match(t.host, host)))
            problems.add(field_path(path, "host"),
                         "expected an ssh destination like \"alice@login.cluster.edu\" or a Host of "
                         "your ssh config, got \"" +
                             t.host + "\"");
    }
    if (text("workdir", t.workdir) && t.workdir.empty())
        problems.add(field_path(path, "workdir"),
                     "expected a folder on the cluster (absolute, or relative to your home there)");
    if (text("partition", t.partition) && !t.partition.empty() && !plain_word(t.partition))
        problems.add(field_path(path, "partition"),
                     "expected a Slurm partition name (letters, digits, . _ -), got \"" + t.partition + "\"");
    if (text("account", t.account) && !t.account.empty() && !plain_word(t.account))
        problems.add(field_path(path, "account"),
                     "expected a Slurm account name (letters, digits, . _ -), got \"" + t.account + "\"");
    if (text("time", t.time) && !t.time.empty() && !valid_slurm_time(t.time))
        problems.add(field_path(path, "time"),
                     "expected a Slurm time limit (MM, MM:SS, HH:MM:SS or D-HH:MM:SS), got \"" + t.time + "\"");
    t.cpus_per_run = count("cpus_per_run", 1, 4096);
    t.gpus_per_run = count("gpus_per_run", 0, 64);
    if (target.contains("mem_gb")) {
        const auto& v = target["mem_gb"];
        if (!v.is_number() || v.get<double>() <= 0 || v.get<double>() > 1e6)
            problems.add(field_path(path, "mem_gb"), "expected a number of GB > 0, got " + v.dump());
        else t.mem_gb = v.get<double>();
    }
    if (auto v = count("nodes_per_run", 1, 4096)) t.nodes_per_run = *v;
    if (auto v = count("tasks_per_node", 1, 1024)) t.tasks_per_node = *v;
    if (auto v = count("max_concurrent", 0, 1000000)) t.max_concurrent = *v;
    text("setup", t.setup);
    if (text("network_interface", t.network_interface) && !t.network_interface.empty() &&
        !plain_word(t.network_interface))
        problems.add(field_path(path, "network_interface"),
                     "expected a network interface name like \"ib0\" or \"eth1\" (letters, digits, . _ -), got \"" +
                         t.network_interface + "\"");
    return t;
}

ClusterTarget parse_cluster_target(const json& target) {
    Problems problems("target");
    ClusterTarget t = parse_cluster_target(target, problems, "target");
    problems.throw_if_any();
    return t;
}

json identity_target(const json& target) {
    if (target.is_object() && target.value("kind", "") == "cluster") return json{{"kind", "local"}};
    return target;
}

}  // namespace sextant
