// Everything an executor reports about runs, through one observer interface: the CLI's
// progress display, the store writer and the GUI all listen to the same events.
#pragma once

#include "store/run_record.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sextant {

struct RunEvent {
    enum class Kind { Queued, Started, Progress, Metrics, Summary, Log, Artifact, Finished };
    Kind kind = Kind::Log;
    std::int64_t run_id = 0;
    double time = 0;  // unix seconds

    std::vector<MetricSample> samples;   // Metrics
    std::string name;                    // Summary
    double value = 0;                    // Summary
    double fraction = 0;                 // Progress, 0..1
    std::string message;                 // Progress, Log; Finished: the error
    std::string level;                   // Log: debug|info|warning|error|stderr
    ArtifactRecord artifact;             // Artifact
    std::string host;                    // Started
    RunStatus status = RunStatus::Done;  // Finished
    std::optional<int> exit_status;      // Finished by a dead worker: exit code or -signal
    std::string stderr_tail;             // Finished: last lines the worker wrote to stderr
    // Cluster runs (Queued, Started, Finished): the Slurm job ("1234_7"), its state in
    // Slurm's words (PENDING, RUNNING, COMPLETED, TIMEOUT ...) and the run's folder on the
    // cluster. An executor sends Queued with all three empty to forget a job never started.
    std::string job_id;
    std::string job_state;
    std::string job_dir;
};

class RunObserver {
public:
    virtual ~RunObserver() = default;
    // Called on the thread that called Executor::execute, one event at a time.
    virtual void on_event(const RunEvent& event) = 0;
    // Events that become durable together, in order: a cluster executor's job array (its
    // N runs' folders before sbatch, their job ids after) is one store transaction, not N.
    virtual void on_events(const std::vector<RunEvent>& events) {
        for (const auto& e : events) on_event(e);
    }
    // Called about every 50 ms while nothing happens, e.g. to commit a partial batch.
    virtual void on_idle() {}
};

// Forwards every event to several observers in order.
class ObserverList final : public RunObserver {
public:
    void add(RunObserver& observer) { observers_.push_back(&observer); }
    void on_event(const RunEvent& event) override {
        for (auto* o : observers_) o->on_event(event);
    }
    void on_events(const std::vector<RunEvent>& events) override {
        for (auto* o : observers_) o->on_events(events);
    }
    void on_idle() override {
        for (auto* o : observers_) o->on_idle();
    }

private:
    std::vector<RunObserver*> observers_;
};

const char* to_string(RunEvent::Kind kind);

}  // namespace sextant
