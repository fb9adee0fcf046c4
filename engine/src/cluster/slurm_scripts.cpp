#include "cluster/slurm_scripts.hpp"

#include "cluster/remote_shell.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace sextant::slurm {

namespace {

constexpr char kEndOfFile[] = "SEXTANT_END_OF_FILE_5b1c9e";

// `cat > FILE <<'END' ... END`: a quoted here-document is taken verbatim by sh.
std::string write_file(const std::string& file, const std::string& text) {
    std::string body = text;
    if (!body.empty() && body.back() != '\n') body += '\n';
    if (body.find(std::string("\n") + kEndOfFile + "\n") != std::string::npos || body.rfind(kEndOfFile, 0) == 0)
        throw std::runtime_error("cannot send a file containing the line " + std::string(kEndOfFile));
    return "cat > " + shell_quote(file) + " <<'" + kEndOfFile + "'\n" + body + kEndOfFile + "\n";
}

std::string join(const std::vector<std::string>& items, const std::string& sep) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
    return out;
}

std::string setup_block(const ClusterTarget& target) {
    if (target.setup.empty()) return "";
    // The user's own shell code, run in this shell so that what it exports stays in force.
    return "{\n" + target.setup + "\n}\n";
}

// mkdir -p t0 ... tN-1, a thousand folders per process: one process per folder took 30 s
// for 1,000 runs on the loaded development machine (forks are slow there), one takes 0.3 s.
std::string task_folders(std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        out += (i % 1000 == 0 ? (i ? "\nmkdir -p t" : "mkdir -p t") : " t") + std::to_string(i);
    }
    return n ? out + "\n" : out;
}

}  // namespace

std::string job_script(const ClusterTarget& target, const ArrayJob& job) {
    std::ostringstream s;
    s << "#!/bin/sh\n"
         "# Written by Sextant: array task N runs line N+1 of requests.jsonl in the folder tN.\n"
         "b=$(pwd)\n"
         "d=\"$b/t$SLURM_ARRAY_TASK_ID\"\n"
         "mkdir -p \"$d\" || exit 97\n"
         // Found again from here when squeue has forgotten the job (find_job_script).
         "echo \"$SLURM_ARRAY_JOB_ID\" > \"$d/job_id\"\n"
         "exec 2>>\"$d/stderr.log\"\n"
      << setup_block(target)
      << "cd \"$b\" || exit 97\n"
         "sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" requests.jsonl > \"$d/request.json\"\n";
    const std::string worker = "sextant-cli worker --plugin " + shell_quote(job.plugin_id);
    if (target.ranks() <= 1) {
        s << worker << " < \"$d/request.json\" > \"$d/events.jsonl\"\n";
    } else {
        // Every rank runs the same request; rank 0 reports, the others' lines are kept apart.
        // SEXTANT_RENDEZVOUS is a folder on the shared work folder where ranks meet (Gloo's
        // file store).
        s << "export SEXTANT_RENDEZVOUS=\"$d/rendezvous\"\n";
        // Gloo listens on this interface's address instead of the node's host name.
        if (!target.network_interface.empty())
            s << "export SEXTANT_NETWORK_INTERFACE=" << shell_quote(target.network_interface) << "\n";
        s << "rm -rf \"$SEXTANT_RENDEZVOUS\"; mkdir -p \"$SEXTANT_RENDEZVOUS\"\n"
             "srun --kill-on-bad-exit=1 sh -c 'if [ \"$SLURM_PROCID\" = 0 ]; then o=events.jsonl; else "
             "o=events.rank$SLURM_PROCID.jsonl; fi; exec "
          << "sextant-cli worker --plugin \"$0\" < \"$1/request.json\" > \"$1/$o\"' " << shell_quote(job.plugin_id)
          << " \"$d\"\n";
    }
    s << "code=$?\n"
         "echo \"$code\" > \"$d/exit.part\" && mv \"$d/exit.part\" \"$d/exit\"\n"
         "exit \"$code\"\n";
    return s.str();
}

std::string submit_script(const ClusterTarget& target, const ArrayJob& job) {
    if (job.requests.empty()) throw std::invalid_argument("an array job needs at least one run");
    const std::size_t n = job.requests.size();
    std::string requests;
    for (const auto& r : job.requests) requests += r + "\n";
    std::vector<std::string> options = {
        "--parsable",
        "--job-name=" + shell_quote(job.name),
        "--array=0-" + std::to_string(n - 1) +
            (target.max_concurrent > 0 ? "%" + std::to_string(target.max_concurrent) : ""),
        "--chdir=\"$b\"",
        "--output=\"$b/t%a/slurm.out\"",
        "--no-requeue",
        "--nodes=" + std::to_string(target.nodes_per_run),
        "--ntasks-per-node=" + std::to_string(target.tasks_per_node),
        "--cpus-per-task=" + std::to_string(std::max(1, job.resources.cpus))};
    if (!target.partition.empty()) options.push_back("--partition=" + shell_quote(target.partition));
    if (!target.account.empty()) options.push_back("--account=" + shell_quote(target.account));
    if (!target.time.empty()) options.push_back("--time=" + shell_quote(target.time));
    if (job.resources.gpus > 0) options.push_back("--gpus-per-task=" + std::to_string(job.resources.gpus));
    if (job.resources.mem_gb > 0)
        options.push_back("--mem=" + std::to_string(static_cast<long long>(std::ceil(job.resources.mem_gb * 1024))) +
                          "M");

    std::ostringstream s;
    s << "set -e\n"
      << "mkdir -p " << shell_quote(job.dir) << "\n"
      << "cd " << shell_quote(job.dir) << "\n"
      << "b=$(pwd)\n"
      << write_file("requests.jsonl", requests) << write_file("job.sh", job_script(target, job)) << task_folders(n)
      << "id=$(sbatch " << join(options, " ") << " job.sh)\n"
      << "echo \"@@job ${id%%;*}\"\n";
    return s.str();
}

std::optional<std::string> parse_submitted(const std::string& out) {
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("@@job ", 0) == 0 && line.size() > 6) return line.substr(6);
    return std::nullopt;
}

std::string find_job_script(const std::string& job_name, const std::string& array_dir) {
    return "id=$(squeue -h -n " + shell_quote(job_name) + " -o %F 2>/dev/null | head -n 1)\n" +
           "[ -n \"$id\" ] || id=$(cat " + shell_quote(array_dir) + "/t*/job_id 2>/dev/null | head -n 1)\n" +
           "[ -z \"$id\" ] || echo \"$id\"\n";
}

std::string preflight_script(const ClusterTarget& target, const std::vector<std::string>& plugin_ids) {
    std::string ids;
    for (const auto& id : plugin_ids) ids += " " + shell_quote(id);
    // The setup line's own output goes to stderr, out of the way of the answers.
    const std::string setup = target.setup.empty() ? "" : "{\n" + target.setup + "\n} >&2\n";
    return setup +
           "if command -v sbatch >/dev/null 2>&1; then echo '@@sbatch yes'; else echo '@@sbatch no'; fi\n"
           "if command -v sextant-cli >/dev/null 2>&1; then\n"
           "  echo \"@@version $(sextant-cli --version 2>&1 | head -n 1)\"\n"
           "  echo '@@installed'; sextant-cli plugins --installed 2>/dev/null\n"
           "  echo '@@plugins'; sextant-cli plugins --json" +
           ids +
           " 2>/dev/null\n"
           "else echo '@@version'; fi\n";
}

Preflight parse_preflight(const std::string& out, const std::string& err) {
    Preflight p;
    const auto plugins_at = out.find("@@plugins\n");
    std::istringstream in(out.substr(0, plugins_at));
    std::string line;
    bool installed = false;
    while (std::getline(in, line)) {
        if (line == "@@sbatch yes") p.sbatch = true;
        if (line.rfind("@@version", 0) == 0 && line.size() > 10) p.sextant_version = line.substr(10);
        if (installed && !line.empty()) p.installed.push_back(line);
        if (line == "@@installed") installed = true;
    }
    if (plugins_at != std::string::npos) {
        try {
            for (const auto& plugin : nlohmann::json::parse(out.substr(plugins_at + 10)))
                p.plugins[plugin.at("id").get<std::string>()] = plugin.at("version").get<std::string>();
        } catch (const std::exception& e) {
            p.plugins_problem =
                std::string("`sextant-cli plugins --json` on the cluster printed no plugin list (") + e.what() + ")";
        }
    }
    if (!p.sbatch) p.problem = "sbatch was not found on the cluster (is the setup line right?)";
    else if (p.sextant_version.empty())
        p.problem = "sextant-cli was not found on the cluster (is the setup line right?)";
    if (!p.problem.empty() && !err.empty())
        p.problem += "; it said: " + err.substr(err.size() > 2000 ? err.size() - 2000 : 0);
    return p;
}

std::string states_script(const std::vector<std::string>& ids) {
    if (ids.empty()) return "true\n";
    std::vector<std::string> quoted;
    for (const auto& id : ids) quoted.push_back(shell_quote(id));
    const std::string list = join(quoted, ",");
    // squeue knows running jobs and finished ones for MinJobAge; sacct (when the cluster keeps
    // accounting) knows the rest.
    return "squeue -h -r -t all -j " + list +
           " -o '@@state %i %T %r' 2>/dev/null\n"
           "sacct -n -P -X -j " +
           list +
           " -o JobID,State 2>/dev/null | sed 's/^/@@acct /'\n"
           "true\n";
}

std::map<std::string, std::string> parse_states(const std::string& out) {
    std::map<std::string, std::string> squeue, sacct;
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string tag, id, state;
        if (line.rfind("@@state ", 0) == 0) {
            words >> tag >> id >> state;
            if (!id.empty() && !state.empty()) squeue[id] = state;
        } else if (line.rfind("@@acct ", 0) == 0) {
            const auto bar = line.find('|');
            if (bar == std::string::npos) continue;
            id = line.substr(7, bar - 7);
            std::istringstream rest(line.substr(bar + 1));
            rest >> state;  // "CANCELLED by 0" -> CANCELLED
            if (!id.empty() && !state.empty() && id.find('[') == std::string::npos) sacct[id] = state;
        }
    }
    for (const auto& [id, state] : squeue) sacct[id] = state;  // squeue's view is the live one
    return sacct;
}

std::string poll_script(const std::vector<TaskCursor>& tasks, std::size_t stderr_tail_bytes) {
    std::ostringstream s;
    s << "p() {\n"
         "  e=$(cat \"$2/exit\" 2>/dev/null) || e=-\n"
         "  s=$(wc -c < \"$2/events.jsonl\" 2>/dev/null) || s=0\n"
         "  s=$((s + 0)); [ \"$s\" -ge \"$3\" ] || s=$3\n"
         "  printf '@@task %s %s %s\\n' \"$1\" \"${e:--}\" \"$((s - $3))\"\n"
         "  if [ \"$s\" -gt \"$3\" ]; then tail -c +$(($3 + 1)) \"$2/events.jsonl\" | head -c $((s - $3)); fi\n"
         "  if [ \"$4\" = 1 ]; then\n"
         "    t=$(tail -c "
      << stderr_tail_bytes
      << " \"$2/stderr.log\" 2>/dev/null | od -An -v -tx1 | tr -d ' \\n')\n"
         "    printf '@@stderr %s %s\\n' \"$1\" \"$t\"\n"
         "  fi\n"
         "  return 0\n"
         "}\n";
    for (const auto& t : tasks)
        s << "p " << shell_quote(t.key) << " " << shell_quote(t.dir) << " " << t.offset << " "
          << (t.want_stderr ? 1 : 0) << "\n";
    return s.str();
}

namespace {
std::string from_hex(const std::string& hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    return out;
}
}  // namespace

std::map<std::string, TaskUpdate> parse_poll(const std::string& out) {
    std::map<std::string, TaskUpdate> updates;
    std::size_t pos = 0;
    while (pos < out.size()) {
        const auto eol = out.find('\n', pos);
        if (eol == std::string::npos) throw std::runtime_error("poll output ends inside a header");
        const std::string header = out.substr(pos, eol - pos);
        pos = eol + 1;
        std::istringstream words(header);
        std::string tag, key;
        words >> tag >> key;
        if (tag == "@@task") {
            std::string exit;
            std::size_t bytes = 0;
            words >> exit >> bytes;
            if (!words) throw std::runtime_error("malformed poll header: " + header);
            if (pos + bytes > out.size()) throw std::runtime_error("poll output shorter than announced for " + key);
            TaskUpdate& u = updates[key];
            if (exit != "-") {
                try {
                    u.exit_code = std::stoi(exit);
                } catch (const std::exception&) {
                    u.exit_code = -1;
                }
            }
            u.events = out.substr(pos, bytes);
            pos += bytes;
        } else if (tag == "@@stderr") {
            std::string hex;
            words >> hex;
            updates[key].stderr_tail = from_hex(hex);
        } else if (!header.empty()) {
            throw std::runtime_error("unexpected line in poll output: " + header.substr(0, 200));
        }
    }
    return updates;
}

bool is_final_state(const std::string& state) {
    static const std::vector<std::string> final_states = {"COMPLETED", "FAILED",       "TIMEOUT",       "CANCELLED",
                                                          "NODE_FAIL", "PREEMPTED",    "OUT_OF_MEMORY", "BOOT_FAIL",
                                                          "DEADLINE",  "SPECIAL_EXIT", "REVOKED"};
    return std::find(final_states.begin(), final_states.end(), state) != final_states.end();
}

std::string cancel_script(const std::vector<std::string>& job_ids) {
    if (job_ids.empty()) return "true\n";
    std::vector<std::string> quoted;
    for (const auto& id : job_ids) quoted.push_back(shell_quote(id));
    return "scancel " + join(quoted, " ") + "\n";
}

}  // namespace sextant::slurm
