// Serving a job stream on one executor: the decision loop shared by the discrete-event
// simulator and the live executor. Jobs run one after another (a job's batches back to
// back, never preempted); at each dispatch the policy decides every queued job's plan and
// the job with the earliest deadline runs. The all-modalities baseline batches dynamically:
// it merges the earliest-deadline jobs while their requests fit in its largest batch.
#pragma once

#include "modality/scheduler.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace sextant::modality {

struct BatchWork {
    unsigned mask = 0;
    int batch = 0;                  // batch size run (requests.size() <= batch; the rest is padding)
    std::vector<int64_t> requests;  // global request ids
};

// Where batches run. The simulator answers from the profile; the live executor runs the model.
class Executor {
public:
    virtual ~Executor() = default;
    // Runs one batch; returns its seconds and sets correct[i] for each request.
    virtual double run(const BatchWork& work, std::vector<char>& correct) = 0;
    // Whether configuration `mask` answers `request` correctly (only the oracle asks).
    virtual bool correct(int64_t request, unsigned mask) = 0;
};

// Batch time = the profile's L_c(b). Correctness: request r draws u_r ~ U[0,1) from a hash of
// (seed, r), and configuration c is right iff u_r < acc_c (so a request a weaker configuration
// gets right, a stronger one gets right too: an assumption, stated; live runs use the model).
class SimulatedExecutor : public Executor {
public:
    SimulatedExecutor(const Profile& profile, uint64_t seed);
    double run(const BatchWork& work, std::vector<char>& correct) override;
    bool correct(int64_t request, unsigned mask) override;
    double draw(int64_t request) const;

private:
    const Profile& profile_;
    uint64_t seed_;
    std::array<double, 8> accuracy_{};
    std::array<std::vector<double>, 8> latency_;  // by batch size (0 = not profiled)
};

struct ServingOptions {
    Policy policy = Policy::mosel;
    bool admission_control = false;  // reject jobs predicted late instead of serving them late
};

struct JobOutcome {
    int job = 0;
    double start_s = 0, finish_s = 0;
    double planned_accuracy = 0;
    int correct = 0;
    bool rejected = false;
    bool on_time = false;    // finished by the deadline
    bool floor_met = false;  // planned accuracy >= floor
};

struct ServedBatch {
    double finish_s;
    unsigned mask;
    int requests;
};

struct ServingResult {
    std::vector<JobOutcome> jobs;  // by job position in the stream
    std::vector<ServedBatch> batches;
    double decision_s = 0;  // wall time spent deciding
    int64_t decisions = 0;
};

// Jobs must be in arrival order. Throws std::invalid_argument for a job larger than the
// planner's maximum.
ServingResult serve(const Planner& planner, const std::vector<Job>& jobs, Executor& executor,
                    const ServingOptions& options);

}  // namespace sextant::modality
