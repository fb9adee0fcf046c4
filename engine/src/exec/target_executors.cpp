#include "exec/target_executors.hpp"

#include <map>

namespace sextant {

bool is_cluster_target(const nlohmann::json& target) {
    return target.is_object() && target.value("kind", "") == "cluster";
}

namespace {

// Passes events on and remembers what the submitting pass learnt: each run's job, and which
// runs are over.
class SubmissionNotes final : public RunObserver {
public:
    explicit SubmissionNotes(RunObserver& next) : next_(next) {}
    void on_event(const RunEvent& e) override {
        note(e);
        next_.on_event(e);
    }
    void on_events(const std::vector<RunEvent>& events) override {
        for (const auto& e : events) note(e);
        next_.on_events(events);
    }
    void on_idle() override { next_.on_idle(); }
    std::map<std::int64_t, std::pair<std::string, std::string>> jobs;
    std::map<std::int64_t, bool> finished;

private:
    void note(const RunEvent& e) {
        if (e.kind == RunEvent::Kind::Queued) jobs[e.run_id] = {e.job_id, e.job_dir};
        if (e.kind == RunEvent::Kind::Finished) finished[e.run_id] = true;
    }
    RunObserver& next_;
};

}  // namespace

TargetExecutors::TargetExecutors(Executor& local, Executor& cluster_submit, Executor& cluster)
    : local_(local), cluster_submit_(cluster_submit), cluster_(cluster) {}

void TargetExecutors::execute(const std::vector<RunRequest>& runs, RunObserver& observer, const CancelToken& cancel) {
    std::vector<RunRequest> here, cluster;
    for (const auto& r : runs) (is_cluster_target(r.target) ? cluster : here).push_back(r);
    if (here.empty()) return cluster_.execute(cluster, observer, cancel);
    if (cluster.empty()) return local_.execute(here, observer, cancel);

    SubmissionNotes notes(observer);
    cluster_submit_.execute(cluster, notes, cancel);
    local_.execute(here, observer, cancel);
    std::vector<RunRequest> rest;
    for (auto r : cluster) {
        if (notes.finished.count(r.run_id)) continue;
        if (const auto it = notes.jobs.find(r.run_id); it != notes.jobs.end())
            std::tie(r.job_id, r.job_dir) = it->second;
        rest.push_back(std::move(r));
    }
    if (!rest.empty()) cluster_.execute(rest, observer, cancel);
}

}  // namespace sextant
