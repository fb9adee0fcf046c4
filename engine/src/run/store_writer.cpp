#include "run/store_writer.hpp"

#include <spdlog/spdlog.h>

namespace sextant {

namespace {
constexpr std::size_t kMaxBatchRows = 20000;
constexpr auto kMaxBatchAge = std::chrono::milliseconds(200);
}  // namespace

StoreWriter::StoreWriter(RunStore& store, std::optional<std::int64_t> provenance_id)
    : store_(store), provenance_id_(provenance_id) {}

StoreWriter::~StoreWriter() {
    try {
        flush();
    } catch (const std::exception& e) {
        spdlog::error("could not commit the last results: {}", e.what());
    }
}

void StoreWriter::ensure_transaction() {
    if (in_transaction_) return;
    store_.begin();
    in_transaction_ = true;
    rows_ = 0;
    opened_ = std::chrono::steady_clock::now();
}

void StoreWriter::flush() {
    if (!in_transaction_) return;
    in_transaction_ = false;
    store_.commit();
}

void StoreWriter::on_idle() {
    if (in_transaction_ && std::chrono::steady_clock::now() - opened_ > kMaxBatchAge) flush();
}

void StoreWriter::on_event(const RunEvent& e) {
    ensure_transaction();
    if (write(e)) flush();
    else if (rows_ >= kMaxBatchRows || std::chrono::steady_clock::now() - opened_ > kMaxBatchAge) flush();
}

void StoreWriter::on_events(const std::vector<RunEvent>& events) {
    ensure_transaction();
    for (const auto& e : events) write(e);
    flush();
}

bool StoreWriter::write(const RunEvent& e) {
    switch (e.kind) {
    case RunEvent::Kind::Queued:
        // Only cluster executors send Queued: the run's Slurm job (or none, to forget a job
        // cancelled before it started). It must be durable at once: it is how a later `run`
        // or `sync` finds the job when this process dies.
        store_.set_job(e.run_id, e.job_id, e.job_state, e.job_dir);
        return true;
    case RunEvent::Kind::Progress: return false;  // progress is live only; nothing to keep
    case RunEvent::Kind::Started:
        store_.mark_started(e.run_id, e.time, e.host, provenance_id_);
        if (!e.job_state.empty()) store_.set_job_state(e.run_id, e.job_state);
        outcomes_[e.run_id] = RunStatus::Running;
        return true;
    case RunEvent::Kind::Metrics:
        store_.add_metrics(e.run_id, e.samples);
        rows_ += e.samples.size();
        return false;
    case RunEvent::Kind::Summary:
        store_.set_summary(e.run_id, e.name, e.value);
        ++rows_;
        return false;
    case RunEvent::Kind::Log:
        store_.add_log(e.run_id, {e.time, e.level, e.message});
        ++rows_;
        return false;
    case RunEvent::Kind::Artifact:
        store_.add_artifact(e.run_id, e.artifact);
        ++rows_;
        return false;
    case RunEvent::Kind::Finished:
        store_.mark_finished(e.run_id, e.status, e.time, e.message, e.exit_status, e.stderr_tail);
        if (!e.job_state.empty()) store_.set_job_state(e.run_id, e.job_state);
        outcomes_[e.run_id] = e.status;
        return true;
    }
    return false;
}

}  // namespace sextant
