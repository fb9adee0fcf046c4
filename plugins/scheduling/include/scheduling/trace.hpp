// Where jobs come from: a CSV/TSV trace file, or a seeded Poisson generator.
//
// Trace format (docs/scheduling.md): a header row naming the columns, then one job per row.
// Columns are matched by name, in any order, comma- or tab-separated:
//   arrival_s   (or arrival_time, submit_time, submitted_time)   seconds from trace start
//   model       (or job_type, model_name)    a profile name; "ResNet-50 (batch size 64)" works
//   gpus        (or num_gpus, scale_factor, gpu_num)             positive integer
//   iterations  (or total_steps, num_steps, num_iterations)      positive integer
//   duration_s  (or duration, run_time) instead of iterations: seconds of ideal run time
//   name        (or job_id, job_name)        optional
// Blank lines and lines starting with '#' are skipped.
#pragma once

#include "scheduling/job.hpp"
#include "scheduling/profiles.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace sextant::scheduling {

// Converts a duration column into iterations: the ideal iteration time of (model, gpus).
using IterationTime = std::function<double(const ModelProfile&, int gpus)>;

std::vector<JobSpec> parse_trace(const std::string& text, const std::string& origin, const ProfileTable& profiles,
                                 const IterationTime& iteration_time = {});
std::vector<JobSpec> read_trace(const std::filesystem::path& file, const ProfileTable& profiles,
                                const IterationTime& iteration_time = {});

struct GeneratorConfig {
    int jobs = 100;
    double jobs_per_hour = 20.0;      // Poisson arrival rate
    std::vector<std::string> models;  // empty: all profiles, uniformly
    std::vector<int> gpu_sizes = {1, 2, 4, 8};
    std::vector<double> gpu_weights;  // empty: uniform over gpu_sizes
    long long min_iterations = 1000;  // drawn log-uniformly in [min, max]
    long long max_iterations = 10000;
    std::uint64_t seed = 0;
};

std::vector<JobSpec> generate_jobs(const GeneratorConfig& config, const ProfileTable& profiles);

// Random numbers that are the same on every platform (std:: distributions are not).
class Random {
public:
    explicit Random(std::uint64_t seed) : engine_(seed) {}
    double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }  // [0, 1)
    std::uint64_t below(std::uint64_t n) { return n ? static_cast<std::uint64_t>(uniform() * n) : 0; }
    double exponential(double rate);
    template <class T>
    void shuffle(std::vector<T>& v) {
        for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
    }

private:
    std::mt19937_64 engine_;
};

}  // namespace sextant::scheduling
