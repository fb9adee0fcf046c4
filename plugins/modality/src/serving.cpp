#include "modality/serving.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace sextant::modality {

namespace {

uint64_t mix64(uint64_t x) {  // splitmix64 finaliser
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// The oracle's plan: each request goes to the cheapest configuration (for a job of this
// size) that answers it correctly; a request none answers goes to the cheapest overall.
MenuEntry oracle_plan(const Planner& planner, const Job& job, Executor& ex, std::vector<std::vector<int64_t>>& by_config) {
    const Profile& p = planner.profile();
    const int C = static_cast<int>(p.configs.size());
    std::vector<int> order(C);
    for (int c = 0; c < C; ++c) order[c] = c;
    std::sort(order.begin(), order.end(),
              [&](int a, int b) { return planner.cover_time(a, job.size) < planner.cover_time(b, job.size); });
    by_config.assign(C, {});
    int right = 0;
    for (int i = 0; i < job.size; ++i) {
        int64_t r = job.first_request + i;
        int chosen = order[0];
        for (int c : order)
            if (ex.correct(r, p.configs[c].mask)) {
                chosen = c, ++right;
                break;
            }
        by_config[chosen].push_back(r);
    }
    MenuEntry e;
    e.requests.assign(C, 0);
    for (int c = 0; c < C; ++c) {
        e.requests[c] = static_cast<int>(by_config[c].size());
        e.time_ms += planner.cover_time(c, e.requests[c]);
    }
    e.accuracy = static_cast<double>(right) / job.size;  // realised: it knows the answers
    return e;
}

}  // namespace

SimulatedExecutor::SimulatedExecutor(const Profile& profile, uint64_t seed) : profile_(profile), seed_(seed) {
    for (const auto& c : profile_.configs) {
        accuracy_[c.mask] = c.accuracy;
        latency_[c.mask].assign(c.largest_batch() + 1, 0.0);
        for (auto [b, ms] : c.latency_ms) latency_[c.mask][b] = ms / 1000.0;
    }
}

double SimulatedExecutor::draw(int64_t request) const {
    return static_cast<double>(mix64(seed_ ^ mix64(static_cast<uint64_t>(request))) >> 11) * 0x1.0p-53;
}

bool SimulatedExecutor::correct(int64_t request, unsigned mask) { return draw(request) < accuracy_[mask]; }

double SimulatedExecutor::run(const BatchWork& w, std::vector<char>& correct) {
    const auto& lat = latency_[w.mask];
    if (w.batch < 1 || w.batch >= static_cast<int>(lat.size()) || lat[w.batch] == 0)
        throw std::invalid_argument("simulated executor: batch " + std::to_string(w.batch) + " not in the profile of " +
                                    config_name(w.mask));
    correct.resize(w.requests.size());
    for (size_t i = 0; i < w.requests.size(); ++i) correct[i] = draw(w.requests[i]) < accuracy_[w.mask];
    return lat[w.batch];
}

ServingResult serve(const Planner& planner, const std::vector<Job>& jobs, Executor& ex, const ServingOptions& o) {
    const Profile& profile = planner.profile();
    for (const Job& j : jobs)
        if (j.size < 1 || j.size > planner.max_job_size())
            throw std::invalid_argument("job " + std::to_string(j.id) + ": size " + std::to_string(j.size) + " outside 1.." +
                                        std::to_string(planner.max_job_size()));
    const int full = profile.full_index();
    const int merge_limit =
        full < 0 ? 1 : std::min(profile.configs[full].largest_batch(), planner.max_job_size());

    ServingResult result;
    result.jobs.resize(jobs.size());
    for (size_t i = 0; i < jobs.size(); ++i) result.jobs[i].job = jobs[i].id;

    // The queue in deadline order, and beside it what the loop keeps per queued job.
    struct Extra {
        int index;                                 // position in `jobs`
        std::vector<std::vector<int64_t>> oracle;  // oracle: its requests per configuration
    };
    std::vector<QueuedJob> queue;
    std::vector<Extra> extra;
    std::vector<char> correct;
    size_t next = 0;
    double now = 0;
    using clock = std::chrono::steady_clock;

    auto before = [](const Job& a, const Job& b) {
        return a.deadline_s < b.deadline_s || (a.deadline_s == b.deadline_s && a.id < b.id);
    };

    while (next < jobs.size() || !queue.empty()) {
        if (queue.empty()) now = std::max(now, jobs[next].arrival_s);
        auto t0 = clock::now();
        for (; next < jobs.size() && jobs[next].arrival_s <= now; ++next) {
            const Job& job = jobs[next];
            QueuedJob q;
            Extra x{static_cast<int>(next), {}};
            if (o.policy == Policy::mosel) q = menu_job(planner, job);
            else if (o.policy == Policy::oracle) {
                q.job = &job;
                q.fixed = oracle_plan(planner, job, ex, x.oracle);
                q.floor_reachable = q.fixed.accuracy >= job.floor - 1e-12;
            } else q = fixed_job(planner, o.policy, job);
            auto at = std::upper_bound(queue.begin(), queue.end(), job,
                                       [&](const Job& j, const QueuedJob& e) { return before(j, *e.job); });
            extra.insert(extra.begin() + (at - queue.begin()), std::move(x));
            queue.insert(at, std::move(q));
        }
        // Decide every queued job's plan (MOSEL), and reject the predicted-late ones under
        // admission control.
        for (;;) {
            std::vector<int> late = reassign(queue, now);
            if (!o.admission_control || late.empty()) break;
            for (auto it = late.rbegin(); it != late.rend(); ++it) {
                JobOutcome& out = result.jobs[extra[*it].index];
                out.rejected = true;
                out.start_s = out.finish_s = now;
                queue.erase(queue.begin() + *it);
                extra.erase(extra.begin() + *it);
            }
        }
        // The earliest deadline runs (all-modalities: with the next ones merged in).
        size_t take = 1;
        if (o.policy == Policy::all_modalities && !queue.empty()) {
            int total = queue[0].job->size;
            while (take < queue.size() && total + queue[take].job->size <= merge_limit) total += queue[take++].job->size;
        }
        result.decision_s += std::chrono::duration<double>(clock::now() - t0).count();
        ++result.decisions;
        if (queue.empty()) continue;

        // Lay the chosen plan out as batches.
        std::vector<BatchWork> work;
        std::vector<int> owner;  // request -> which of the taken jobs
        std::vector<int64_t> requests;
        for (size_t t = 0; t < take; ++t)
            for (int i = 0; i < queue[t].job->size; ++i) requests.push_back(queue[t].job->first_request + i);
        if (o.policy == Policy::oracle) {
            for (size_t c = 0; c < extra[0].oracle.size(); ++c) {
                const auto& rs = extra[0].oracle[c];
                if (rs.empty()) continue;
                MenuEntry one;
                one.requests.assign(profile.configs.size(), 0);
                one.requests[c] = static_cast<int>(rs.size());
                size_t k = 0;
                for (const PlanRow& row : planner.expand(one.requests[c], one).rows)
                    for (int b = 0; b < row.batches; ++b) {
                        BatchWork w{row.mask, row.batch, {}};
                        for (int i = 0; i < row.batch && k < rs.size(); ++i) w.requests.push_back(rs[k++]);
                        work.push_back(std::move(w));
                    }
            }
        } else {
            MenuEntry entry = queue[0].current();
            if (take > 1) {  // merged all-modalities batch
                entry.requests.assign(profile.configs.size(), 0);
                entry.requests[full] = static_cast<int>(requests.size());
            }
            size_t k = 0;
            for (const PlanRow& row : planner.expand(static_cast<int>(requests.size()), entry).rows) {
                int left = row.requests;
                for (int b = 0; b < row.batches; ++b) {
                    BatchWork w{row.mask, row.batch, {}};
                    for (int i = 0; i < row.batch && left > 0; ++i, --left) w.requests.push_back(requests[k++]);
                    work.push_back(std::move(w));
                }
            }
        }
        std::vector<int> correct_by_job(take, 0);
        auto job_of = [&](int64_t r) {
            for (size_t t = 0; t < take; ++t) {
                const Job& j = *queue[t].job;
                if (r >= j.first_request && r < j.first_request + j.size) return t;
            }
            return size_t{0};
        };
        double start = now;
        for (const BatchWork& w : work) {
            now += ex.run(w, correct);
            for (size_t i = 0; i < w.requests.size(); ++i)
                if (correct[i]) ++correct_by_job[take == 1 ? 0 : job_of(w.requests[i])];
            if (!w.requests.empty()) result.batches.push_back({now, w.mask, static_cast<int>(w.requests.size())});
        }
        for (size_t t = 0; t < take; ++t) {
            const QueuedJob& q = queue[t];
            JobOutcome& out = result.jobs[extra[t].index];
            out.start_s = start;
            out.finish_s = now;
            out.planned_accuracy = q.current().accuracy;
            out.correct = correct_by_job[t];
            out.on_time = now <= q.job->deadline_s + 1e-12;
            out.floor_met = out.planned_accuracy >= q.job->floor - 1e-12;
        }
        queue.erase(queue.begin(), queue.begin() + static_cast<long>(take));
        extra.erase(extra.begin(), extra.begin() + static_cast<long>(take));
    }
    return result;
}

}  // namespace sextant::modality
