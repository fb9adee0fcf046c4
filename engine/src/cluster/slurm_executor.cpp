#include "cluster/slurm_executor.hpp"

#include "cluster/cluster_target.hpp"
#include "cluster/remote_shell.hpp"
#include "cluster/slurm_scripts.hpp"
#include "exec/worker_protocol.hpp"
#include "run/provenance_probe.hpp"
#include "sextant/plugin.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>

namespace sextant {

namespace fs = std::filesystem;

std::string expected_cluster_version() {
    return "sextant-cli " + sextant_version() + " (plugin API v" + std::to_string(kPluginApiVersion) + ")";
}

namespace {

double now() { return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count(); }

// One run out on a cluster.
struct Task {
    const RunRequest* request = nullptr;
    ClusterTarget target;
    std::string job_id;        // "1234_7"; empty until sbatch answered
    std::string dir;           // the task's folder on the cluster
    std::uint64_t offset = 0;  // bytes of events.jsonl read
    std::string partial;       // an incomplete last line
    std::string state;         // Slurm's last word
    bool started = false;
    bool has_artifacts = false;
    std::optional<RunEvent> finished;  // decided, waiting for the stderr tail or artifacts
    bool need_stderr = false;
    int unknown_polls = 0;
    int waits_for_state = 0;
    bool done = false;

    std::string array_id() const { return job_id.substr(0, job_id.find('_')); }
};

// A folder and job name nobody else uses: the experiment, the time and a random suffix.
std::string batch_name(const std::string& experiment) {
    std::string clean;
    for (char c : experiment) clean += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_';
    if (clean.size() > 40) clean.resize(40);
    char stamp[32];
    const std::time_t t = std::time(nullptr);
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::gmtime(&t));
    std::random_device rd;
    char suffix[9];
    std::snprintf(suffix, sizeof suffix, "%08x", rd());
    return "sextant-" + clean + "-" + stamp + "-" + suffix;
}

std::string slurm_message(const std::string& state, const ClusterTarget& target) {
    if (state == "TIMEOUT")
        return "Slurm: TIMEOUT (the run exceeded its time limit" + (target.time.empty() ? "" : " of " + target.time) +
               ")";
    if (state == "OUT_OF_MEMORY") return "Slurm: OUT_OF_MEMORY (the run exceeded the memory its job asked for)";
    if (state == "NODE_FAIL") return "Slurm: NODE_FAIL (the node running it failed)";
    if (state == "PREEMPTED") return "Slurm: PREEMPTED (a job of higher priority took its resources)";
    if (state == "CANCELLED") return "Slurm: CANCELLED (scancel)";
    return "Slurm: " + state;
}

class Site {
public:
    Site(std::string host, const SlurmExecutorOptions& options, RunObserver& observer)
        : shell_(std::move(host)), options_(options), observer_(observer) {}

    std::vector<Task> tasks;

    void start(bool submit_new) {
        attach_lost_submissions();
        std::map<std::string, std::vector<Task*>> fresh;  // experiment -> tasks never submitted
        for (auto& t : tasks)
            if (t.dir.empty()) fresh[t.request->experiment].push_back(&t);
        if (options_.cancel_jobs) {
            cancel_submitted();
            for (auto& [x, list] : fresh)
                for (auto* t : list) t->done = true;  // nothing new goes out
            return;
        }
        if (!submit_new || fresh.empty()) return;
        check_cluster(fresh);
        for (auto& [experiment, list] : fresh) submit(experiment, list);
    }

    bool active() const {
        for (const auto& t : tasks)
            if (!t.done) return true;
        return false;
    }

    void poll() {
        std::vector<Task*> live;
        std::set<std::string> arrays;
        for (auto& t : tasks)
            if (!t.done && !t.job_id.empty()) {
                live.push_back(&t);
                arrays.insert(t.array_id());
            }
        if (live.empty()) return;
        const ShellResult states = shell_.run(slurm::states_script({arrays.begin(), arrays.end()}), 120);
        if (states.exit_code != 0)
            throw std::runtime_error("asking Slurm for job states on " + shell_.where() + " failed: " + states.err);
        const auto state_of = slurm::parse_states(states.out);

        std::vector<slurm::TaskCursor> cursors;
        std::map<std::string, Task*> by_key;
        // Tasks never split from their array (pending, then cancelled) show as the array's id.
        auto state_for = [&](const Task& t) -> std::string {
            auto it = state_of.find(t.job_id);
            if (it == state_of.end()) it = state_of.find(t.array_id());
            return it == state_of.end() ? "" : it->second;
        };
        for (auto* t : live) {
            const std::string state = state_for(*t);
            if (!state.empty()) t->state = state;
            if (state == "PENDING") continue;  // nothing to read yet
            const std::string key = std::to_string(t->request->run_id);
            by_key[key] = t;
            cursors.push_back({key, t->dir, t->offset, t->need_stderr});
        }
        if (cursors.empty()) return;
        const ShellResult read = shell_.run(slurm::poll_script(cursors, options_.stderr_tail_bytes), 300);
        if (read.exit_code != 0)
            throw std::runtime_error("reading run results on " + shell_.where() + " failed: " + read.err);
        for (auto& [key, update] : slurm::parse_poll(read.out)) {
            const auto it = by_key.find(key);
            if (it == by_key.end()) continue;
            Task& t = *it->second;
            ingest(t, update.events);
            const bool state_known = !state_for(t).empty();
            decide(t, update, state_known);
        }
    }

    // Ctrl-C or the GUI's cancel: scancel everything still out; started runs are cancelled,
    // runs that never started forget their job and go out again next time.
    void cancel_all() {
        std::vector<std::string> ids;
        for (auto& t : tasks)
            if (!t.done && !t.job_id.empty()) ids.push_back(t.job_id);
        if (!ids.empty()) shell_.run(slurm::cancel_script(ids), 60);
        for (auto& t : tasks) {
            if (t.done) continue;
            t.done = true;
            if (t.started) {
                RunEvent e = event(t, RunEvent::Kind::Finished);
                e.status = RunStatus::Cancelled;
                e.message = "cancelled";
                e.job_state = "CANCELLED";
                observer_.on_event(e);
            } else if (!t.dir.empty()) {
                observer_.on_event(event(t, RunEvent::Kind::Queued));  // all job fields empty: forget
            }
        }
    }

private:
    RunEvent event(const Task& t, RunEvent::Kind kind) const {
        RunEvent e;
        e.kind = kind;
        e.run_id = t.request->run_id;
        e.time = now();
        return e;
    }

    RunEvent job_event(const Task& t) const {
        RunEvent e = event(t, RunEvent::Kind::Queued);
        e.job_id = t.job_id;
        e.job_state = t.state;
        e.job_dir = t.dir;
        return e;
    }

    // The tasks' jobs as they are now, durable together (one store transaction) before this
    // returns.
    void send_jobs(const std::vector<Task*>& list) {
        std::vector<RunEvent> events;
        events.reserve(list.size());
        for (const Task* t : list) events.push_back(job_event(*t));
        if (!events.empty()) observer_.on_events(events);
    }

    // A submission whose sbatch answer never reached the store: find its array by job name.
    void attach_lost_submissions() {
        std::map<std::string, std::string> array_of;  // job name -> array id ("" if none)
        std::vector<Task*> found;
        for (auto& t : tasks) {
            t.dir = t.request->job_dir;
            t.job_id = t.request->job_id;
            if (t.dir.empty() || !t.job_id.empty()) continue;
            const fs::path dir(t.dir);
            const std::string name = dir.parent_path().filename().string();
            const std::string index = dir.filename().string().substr(1);
            auto known = array_of.find(name);
            if (known == array_of.end()) {  // one squeue per array, not per run
                const ShellResult r = shell_.run(slurm::find_job_script(name, dir.parent_path().string()), 60);
                known = array_of.emplace(name, r.exit_code == 0 ? r.out.substr(0, r.out.find('\n')) : "").first;
            }
            if (!known->second.empty()) {
                t.job_id = known->second + "_" + index;
                t.state = "PENDING";
                found.push_back(&t);
            } else {
                t.dir.clear();  // never submitted: it goes out now
            }
        }
        send_jobs(found);
    }

    void cancel_submitted() {
        std::vector<std::string> ids;
        for (auto& t : tasks)
            if (!t.job_id.empty()) ids.push_back(t.job_id);
        if (ids.empty()) return;
        const ShellResult r = shell_.run(slurm::cancel_script(ids), 60);
        if (r.exit_code != 0) throw std::runtime_error("scancel on " + shell_.where() + " failed: " + r.err);
    }

    void check_cluster(const std::map<std::string, std::vector<Task*>>& fresh) {
        const ClusterTarget& target = fresh.begin()->second.front()->target;
        std::vector<std::string> ids;
        for (const auto& [experiment, list] : fresh) ids.push_back(list.front()->request->plugin_id);
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        const ShellResult r = shell_.run(slurm::preflight_script(target, ids), 120);
        if (r.exit_code == 255 || (r.exit_code != 0 && r.out.empty()))
            throw std::runtime_error("cannot reach the cluster (" + shell_.where() + "): " + r.err);
        const slurm::Preflight p = slurm::parse_preflight(r.out, r.err);
        if (!p.problem.empty()) throw std::runtime_error("cluster " + shell_.where() + ": " + p.problem);
        const std::string expected = expected_cluster_version();
        if (p.sextant_version != expected)
            throw std::runtime_error("version skew: the cluster (" + shell_.where() + ") runs " + p.sextant_version +
                                     ", this desktop " + expected + "; install the same Sextant on both");
        // After the version: an older sextant-cli may not know the flags that list the plugins.
        if (!p.plugins_problem.empty())
            throw std::runtime_error("cluster " + shell_.where() + ": " + p.plugins_problem);
        for (const auto& [experiment, list] : fresh) {
            const RunRequest& r0 = *list.front()->request;
            const auto it = p.plugins.find(r0.plugin_id);
            if (it == p.plugins.end()) {
                std::string known;
                for (const auto& id : p.installed) known += (known.empty() ? "" : ", ") + id;
                throw std::runtime_error("plugin '" + r0.plugin_id + "' (experiment " + experiment +
                                         ") is not installed on the cluster (" + shell_.where() +
                                         "); it has: " + (known.empty() ? "none" : known));
            }
            if (it->second != r0.plugin_version)
                throw std::runtime_error("version skew: plugin '" + r0.plugin_id + "' is " + it->second +
                                         " on the cluster (" + shell_.where() + ") and " + r0.plugin_version +
                                         " here; runs would not be comparable");
        }
    }

    void submit(const std::string& experiment, const std::vector<Task*>& list) {
        const ClusterTarget& target = list.front()->target;
        slurm::ArrayJob job;
        const std::string name = batch_name(experiment);
        job.dir = (fs::path(target.workdir) / options_.project_name / name).string();
        job.name = name;
        job.plugin_id = list.front()->request->plugin_id;
        job.resources = target.resources(list.front()->request->resources);
        for (std::size_t i = 0; i < list.size(); ++i) {
            Task& t = *list[i];
            RunRequest remote = *t.request;
            // Relative to the array's folder, where the task runs; the last two parts
            // (experiment/run-N) are the same as here, so artifacts land in the same place.
            const fs::path local = t.request->artifact_dir;
            remote.artifact_dir =
                fs::path("t" + std::to_string(i)) / "artifacts" / local.parent_path().filename() / local.filename();
            remote.plugin_file.clear();
            job.requests.push_back(protocol::encode_request(remote));
            t.dir = job.dir + "/t" + std::to_string(i);
            t.state = "SUBMITTING";
        }
        // Every run's folder is durable before sbatch (one transaction for the array: all
        // folders or none), so a lost sbatch answer is found again by job name.
        send_jobs(list);
        const ShellResult r = shell_.run(slurm::submit_script(target, job), 300);
        const auto id = slurm::parse_submitted(r.out);
        if (r.exit_code != 0 || !id)
            throw std::runtime_error("sbatch on " + shell_.where() + " refused experiment " + experiment + ": " +
                                     (r.err.empty() ? r.out : r.err));
        for (std::size_t i = 0; i < list.size(); ++i) {
            list[i]->job_id = *id + "_" + std::to_string(i);
            list[i]->state = "PENDING";
        }
        send_jobs(list);  // all job ids or none: a kill before this commit is the lost-answer case
    }

    void ingest(Task& t, const std::string& bytes) {
        t.offset += bytes.size();
        t.partial += bytes;
        std::size_t start = 0;
        for (std::size_t nl; (nl = t.partial.find('\n', start)) != std::string::npos; start = nl + 1) {
            const std::string line = t.partial.substr(start, nl - start);
            if (line.empty()) continue;
            RunEvent e = protocol::decode_event(line, t.request->run_id);
            e.run_id = t.request->run_id;
            switch (e.kind) {
            case RunEvent::Kind::Started:
                if (t.started) continue;
                t.started = true;
                e.job_id = t.job_id;
                e.job_state = "RUNNING";
                break;
            case RunEvent::Kind::Artifact: t.has_artifacts = true; break;
            case RunEvent::Kind::Finished:
                t.finished = e;  // announced once its artifacts are here
                continue;
            case RunEvent::Kind::Queued: continue;
            default: break;
            }
            observer_.on_event(e);
        }
        t.partial.erase(0, start);
    }

    void decide(Task& t, const slurm::TaskUpdate& update, bool state_known) {
        if (update.stderr_tail) {
            std::string tail = *update.stderr_tail;
            // The worker's end-of-run marker is bookkeeping, not the plugin's output.
            const auto mark = tail.find("\x1esextant-end-of-run");
            if (mark != std::string::npos) tail.erase(mark, tail.find('\n', mark) - mark + 1);
            if (t.finished) t.finished->stderr_tail = tail;
            t.need_stderr = false;
        }
        if (!t.finished) {
            if (update.exit_code) {
                // The worker died without announcing a result (crash, kill).
                RunEvent e = event(t, RunEvent::Kind::Finished);
                e.status = RunStatus::Failed;
                const int code = *update.exit_code;
                e.exit_status = code > 128 ? -(code - 128) : code;
                e.message = code > 128 ? "killed by signal " + std::to_string(code - 128)
                                       : "worker exited with status " + std::to_string(code);
                if (slurm::is_final_state(t.state) && t.state != "COMPLETED" && t.state != "FAILED")
                    e.message = slurm_message(t.state, t.target) + "; " + e.message;
                e.job_state = t.state;
                t.finished = e;
                t.need_stderr = true;
                return;
            }
            if (slurm::is_final_state(t.state) && state_known) {
                // Slurm ended the job before the worker could record anything.
                RunEvent e = event(t, RunEvent::Kind::Finished);
                e.status = t.state == "CANCELLED" ? RunStatus::Cancelled : RunStatus::Failed;
                e.message = slurm_message(t.state, t.target);
                e.job_state = t.state;
                t.finished = e;
                t.need_stderr = true;
                return;
            }
            if (!state_known && ++t.unknown_polls > 20) {
                RunEvent e = event(t, RunEvent::Kind::Finished);
                e.status = RunStatus::Failed;
                e.message = "Slurm no longer knows job " + t.job_id + " and it left no result in " + t.dir;
                t.finished = e;
                t.need_stderr = true;
            }
            return;
        }
        if (t.need_stderr) return;  // the next poll brings it
        if (t.finished->status != RunStatus::Done) {
            // A worker stopped by Slurm (scancel, time limit, node failure) only knows it was
            // told to stop: Slurm's final state says why, and decides cancelled or failed.
            if (!slurm::is_final_state(t.state) && ++t.waits_for_state < 20) return;
            if (slurm::is_final_state(t.state) && t.state != "COMPLETED" && t.state != "FAILED") {
                const std::string worker = t.finished->message;
                t.finished->status = t.state == "CANCELLED" ? RunStatus::Cancelled : RunStatus::Failed;
                t.finished->message = slurm_message(t.state, t.target);
                if (!worker.empty() && worker.find("Slurm: ") == std::string::npos)
                    t.finished->message += "; the run said: " + worker;
                t.finished->job_state = t.state;
            }
        }
        if (t.finished->status != RunStatus::Done && !update.stderr_tail && t.finished->stderr_tail.empty()) {
            t.need_stderr = true;
            return;
        }
        if (t.finished->job_state.empty())
            t.finished->job_state = t.state == "RUNNING" || t.state.empty() ? "COMPLETED" : t.state;
        if (t.has_artifacts && t.finished->status == RunStatus::Done) {
            try {
                shell_.fetch_folder(t.dir + "/artifacts", t.request->artifact_dir.parent_path().parent_path());
            } catch (const std::exception& e) {
                t.finished->status = RunStatus::Failed;
                t.finished->message = e.what();
            }
        }
        if (!t.started) {
            RunEvent s = event(t, RunEvent::Kind::Started);
            s.job_id = t.job_id;
            s.job_state = t.finished->job_state;
            observer_.on_event(s);
            t.started = true;
        }
        t.finished->run_id = t.request->run_id;
        if (t.finished->time == 0) t.finished->time = now();
        observer_.on_event(*t.finished);
        t.done = true;
    }

    RemoteShell shell_;
    const SlurmExecutorOptions& options_;
    RunObserver& observer_;
};

}  // namespace

SlurmExecutor::SlurmExecutor(SlurmExecutorOptions options) : options_(std::move(options)) {}

void SlurmExecutor::execute(const std::vector<RunRequest>& runs, RunObserver& observer, const CancelToken& cancel) {
    // One site (one ssh connection) per host.
    std::map<std::string, std::unique_ptr<Site>> sites;
    for (const auto& r : runs) {
        Task t;
        t.request = &r;
        t.target = parse_cluster_target(r.target);
        const std::string host = t.target.local() ? "" : t.target.host;
        auto& site = sites[host];
        if (!site) site = std::make_unique<Site>(host, options_, observer);
        site->tasks.push_back(std::move(t));
    }
    for (auto& [host, site] : sites) site->start(/*submit_new=*/true);

    const auto pause = std::chrono::duration<double>(options_.poll_s);
    for (bool first = true;; first = false) {
        if (cancel.cancelled()) {
            for (auto& [host, site] : sites) site->cancel_all();
            return;
        }
        bool active = false;
        for (auto& [host, site] : sites) {
            site->poll();
            active = active || site->active();
        }
        if (!active || (!options_.wait && !first)) return;
        if (!options_.wait) continue;  // sync: one more look after the submissions settled
        const auto until = std::chrono::steady_clock::now() + pause;
        while (std::chrono::steady_clock::now() < until && !cancel.cancelled()) {
            observer.on_idle();
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
}

}  // namespace sextant
