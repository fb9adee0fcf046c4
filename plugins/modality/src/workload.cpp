#include "modality/workload.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>

namespace sextant::modality {

double all_modalities_time_s(const Planner& planner, int n) {
    int full = planner.profile().full_index();
    if (full < 0) throw std::invalid_argument("profile has no V+A+T configuration");
    return planner.cover_time(full, n) / 1000.0;
}

namespace {

void check(const Planner& planner, const WorkloadSpec& s) {
    if (s.sizes.empty() || s.sizes.size() != s.size_weights.size())
        throw std::invalid_argument("job_sizes: expected as many weights as sizes");
    double total = 0;
    for (size_t i = 0; i < s.sizes.size(); ++i) {
        if (s.sizes[i] < 1 || s.sizes[i] > planner.max_job_size())
            throw std::invalid_argument("job_sizes: sizes must be in [1, " + std::to_string(planner.max_job_size()) +
                                        "]");
        if (!(s.size_weights[i] >= 0)) throw std::invalid_argument("job_sizes: weights must be non-negative");
        total += s.size_weights[i];
    }
    if (!(total > 0)) throw std::invalid_argument("job_sizes: weights must not all be zero");
    if (!(s.load > 0) || !std::isfinite(s.load)) throw std::invalid_argument("load: expected a positive number");
    if (!(s.slack > 0)) throw std::invalid_argument("slack: expected a positive number");
    if (!(s.floor_lo >= 0 && s.floor_lo <= s.floor_hi && s.floor_hi <= 1))
        throw std::invalid_argument("accuracy_floor: expected 0 <= lo <= hi <= 1");
    if (s.jobs < 1) throw std::invalid_argument("jobs: expected at least 1");
    if (s.arrivals == Arrivals::mmpp &&
        !(s.burst >= 1 && s.burst_share > 0 && s.burst * s.burst_share < 1 && s.burst_jobs > 0))
        throw std::invalid_argument(
            "mmpp: expected burst >= 1, burst_share > 0, burst x burst_share < 1, burst_jobs > 0");
}

}  // namespace

double agnostic_capacity(const Planner& planner, const WorkloadSpec& s) {
    check(planner, s);
    double total = 0, mean = 0;
    for (size_t i = 0; i < s.sizes.size(); ++i) total += s.size_weights[i];
    for (size_t i = 0; i < s.sizes.size(); ++i)
        mean += s.size_weights[i] / total * all_modalities_time_s(planner, s.sizes[i]);
    return 1.0 / mean;
}

std::vector<Job> generate_workload(const Planner& planner, const WorkloadSpec& s) {
    const double rate = s.load * agnostic_capacity(planner, s);  // jobs/s (checks the spec)
    std::mt19937_64 rng(s.seed);
    std::discrete_distribution<int> size_of(s.size_weights.begin(), s.size_weights.end());
    std::uniform_real_distribution<double> floor_of(s.floor_lo, s.floor_hi);
    const double high = rate * s.burst;
    const double low = s.arrivals == Arrivals::mmpp ? rate * (1 - s.burst * s.burst_share) / (1 - s.burst_share) : rate;
    // Mean sojourns: high lasts burst_jobs arrivals; low keeps the high share of time.
    const double high_mean_s = s.burst_jobs / high;
    const double low_mean_s = high_mean_s * (1 - s.burst_share) / s.burst_share;
    bool in_high = false;
    double state_end =
        s.arrivals == Arrivals::mmpp ? std::exponential_distribution<double>(1 / low_mean_s)(rng) : INFINITY;

    std::vector<Job> jobs;
    jobs.reserve(s.jobs);
    double t = 0;
    int64_t request = 0;
    for (int i = 0; i < s.jobs; ++i) {
        // Exponential gaps are memoryless, so crossing a state boundary restarts the draw there.
        for (;;) {
            double r = in_high ? high : low;
            double gap = r > 0 ? std::exponential_distribution<double>(r)(rng) : INFINITY;
            if (t + gap <= state_end) {
                t += gap;
                break;
            }
            t = state_end;
            in_high = !in_high;
            state_end = t + std::exponential_distribution<double>(1 / (in_high ? high_mean_s : low_mean_s))(rng);
        }
        Job j;
        j.id = i;
        j.arrival_s = t;
        j.size = s.sizes[size_of(rng)];
        j.deadline_s = t + s.slack * all_modalities_time_s(planner, j.size);
        j.floor = s.floor_lo == s.floor_hi ? s.floor_lo : floor_of(rng);
        j.first_request = request;
        request += j.size;
        jobs.push_back(j);
    }
    return jobs;
}

std::vector<Job> read_trace_csv(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::invalid_argument(path + ": cannot open");
    auto fail = [&](int line, const std::string& field, const std::string& what) {
        throw std::invalid_argument(path + ":" + std::to_string(line) + ": " + field + ": " + what);
    };
    std::map<std::string, size_t> col;
    std::vector<Job> jobs;
    std::string text;
    int64_t request = 0;
    for (int line = 1; std::getline(in, text); ++line) {
        if (!text.empty() && text.back() == '\r') text.pop_back();
        if (text.empty() || text[0] == '#') continue;
        std::vector<std::string> cells;
        std::stringstream ss(text);
        for (std::string c; std::getline(ss, c, ',');) cells.push_back(c);
        if (col.empty()) {
            for (size_t i = 0; i < cells.size(); ++i) col[cells[i]] = i;
            for (const char* need : {"arrival_s", "size", "deadline_s", "accuracy_floor"})
                if (!col.count(need))
                    fail(line, need, "missing column (expected arrival_s,size,deadline_s,accuracy_floor)");
            continue;
        }
        auto num = [&](const char* field) {
            size_t i = col.at(field);
            if (i >= cells.size() || cells[i].empty()) fail(line, field, "missing value");
            double v = 0;
            const std::string& s = cells[i];
            auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
            if (ec != std::errc{} || p != s.data() + s.size() || !std::isfinite(v))
                fail(line, field, "expected a number, got '" + s + "'");
            return v;
        };
        Job j;
        j.id = static_cast<int>(jobs.size());
        j.arrival_s = num("arrival_s");
        if (j.arrival_s < 0) fail(line, "arrival_s", "expected a time >= 0");
        if (!jobs.empty() && j.arrival_s < jobs.back().arrival_s)
            fail(line, "arrival_s", "arrivals must not go back in time");
        double size = num("size");
        if (size < 1 || size != std::floor(size)) fail(line, "size", "expected a positive integer");
        j.size = static_cast<int>(size);
        double d = num("deadline_s");
        if (d <= 0) fail(line, "deadline_s", "expected a positive time budget (seconds after arrival)");
        j.deadline_s = j.arrival_s + d;
        j.floor = num("accuracy_floor");
        if (j.floor < 0 || j.floor > 1) fail(line, "accuracy_floor", "expected a fraction in [0, 1]");
        j.first_request = request;
        request += j.size;
        jobs.push_back(j);
    }
    if (col.empty()) throw std::invalid_argument(path + ":1: arrival_s: empty file");
    return jobs;
}

}  // namespace sextant::modality
