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
MenuEntry oracle_plan(const Planner& planner, const Job& job, Executor& ex,
                      std::vector<std::vector<int64_t>>& by_config) {
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
            throw std::invalid_argument("job " + std::to_string(j.id) + ": size " + std::to_string(j.size) +
                                        " outside 1.." + std::to_string(planner.max_job_size()));
    const int full = profile.full_index();
    const int merge_limit = full < 0 ? 1 : std::min(profile.configs[full].largest_batch(), planner.max_job_size());

    ServingResult result;
    result.jobs.resize(jobs.size());
    for (size_t i = 0; i < jobs.size(); ++i) result.jobs[i].job = jobs[i].id;

    // The queue in deadline order, and beside it what the loop keeps per queued job. Once a
    // job starts, its plan is laid out as batches and fixed; between batches, an
    // earlier-deadline job may run first (batches themselves are never preempted).
    struct Extra {
        std::vector<int> members;                  // positions in `jobs` (several when merged)
        std::vector<std::vector<int64_t>> oracle;  // oracle: its requests per configuration
        bool started = false;
        double start_s = 0, planned_accuracy = 0;
        std::vector<BatchWork> work;
        size_t done = 0;
        std::vector<int> correct;  // per member
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
    auto batch_ms = [&](const BatchWork& w) { return profile.config(w.mask).latency(w.batch); };

    // Lays out the plan of queue[0] (merging the next unstarted jobs for all-modalities).
    auto start_front = [&] {
        Extra& x = extra[0];
        if (o.policy == Policy::all_modalities) {
            int total = queue[0].job->size;
            while (queue.size() > 1 && !extra[1].started && total + queue[1].job->size <= merge_limit) {
                total += queue[1].job->size;
                x.members.push_back(extra[1].members[0]);
                queue.erase(queue.begin() + 1);
                extra.erase(extra.begin() + 1);
            }
        }
        std::vector<int64_t> requests;
        for (int m : x.members)
            for (int i = 0; i < jobs[m].size; ++i) requests.push_back(jobs[m].first_request + i);
        if (o.policy == Policy::oracle) {
            for (size_t c = 0; c < x.oracle.size(); ++c) {
                const auto& rs = x.oracle[c];
                if (rs.empty()) continue;
                MenuEntry one;
                one.requests.assign(profile.configs.size(), 0);
                one.requests[c] = static_cast<int>(rs.size());
                size_t k = 0;
                for (const PlanRow& row : planner.expand(one.requests[c], one).rows)
                    for (int b = 0; b < row.batches; ++b) {
                        BatchWork w{row.mask, row.batch, {}};
                        for (int i = 0; i < row.batch && k < rs.size(); ++i) w.requests.push_back(rs[k++]);
                        x.work.push_back(std::move(w));
                    }
            }
        } else {
            MenuEntry entry = queue[0].current();
            if (x.members.size() > 1) {  // merged all-modalities batch
                entry.requests.assign(profile.configs.size(), 0);
                entry.requests[full] = static_cast<int>(requests.size());
            }
            size_t k = 0;
            for (const PlanRow& row : planner.expand(static_cast<int>(requests.size()), entry).rows) {
                int left = row.requests;
                for (int b = 0; b < row.batches; ++b) {
                    BatchWork w{row.mask, row.batch, {}};
                    for (int i = 0; i < row.batch && left > 0; ++i, --left) w.requests.push_back(requests[k++]);
                    x.work.push_back(std::move(w));
                }
            }
        }
        x.started = true;
        x.start_s = now;
        x.planned_accuracy = queue[0].current().accuracy;
        x.correct.assign(x.members.size(), 0);
        // From now on the job is a fixed plan: its remaining batches.
        QueuedJob& q = queue[0];
        q.fixed.time_ms = 0;
        for (const BatchWork& w : x.work) q.fixed.time_ms += batch_ms(w);
        q.fixed.accuracy = x.planned_accuracy;
        q.menu = nullptr;
        q.choice = q.lowest = 0;
    };

    while (next < jobs.size() || !queue.empty()) {
        if (queue.empty()) now = std::max(now, jobs[next].arrival_s);
        auto t0 = clock::now();
        for (; next < jobs.size() && jobs[next].arrival_s <= now; ++next) {
            const Job& job = jobs[next];
            QueuedJob q;
            Extra x;
            x.members = {static_cast<int>(next)};
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
        // Decide every queued job's plan (MOSEL), and reject the predicted-late ones that have
        // not started under admission control.
        for (;;) {
            std::vector<int> late = reassign(queue, now);
            bool rejected = false;
            if (o.admission_control)
                for (auto it = late.rbegin(); it != late.rend(); ++it) {
                    if (extra[*it].started) continue;
                    JobOutcome& out = result.jobs[extra[*it].members[0]];
                    out.rejected = true;
                    out.start_s = out.finish_s = now;
                    queue.erase(queue.begin() + *it);
                    extra.erase(extra.begin() + *it);
                    rejected = true;
                }
            if (!rejected) break;
        }
        if (!queue.empty() && !extra[0].started) start_front();
        result.decision_s += std::chrono::duration<double>(clock::now() - t0).count();
        ++result.decisions;
        if (queue.empty()) continue;

        // The earliest deadline runs one batch.
        Extra& x = extra[0];
        const BatchWork& w = x.work[x.done++];
        now += ex.run(w, correct);
        queue[0].fixed.time_ms = std::max(0.0, queue[0].fixed.time_ms - batch_ms(w));
        for (size_t i = 0; i < w.requests.size(); ++i) {
            if (!correct[i]) continue;
            size_t m = 0;  // the member whose requests it is
            while (m + 1 < x.members.size() &&
                   (w.requests[i] < jobs[x.members[m]].first_request ||
                    w.requests[i] >= jobs[x.members[m]].first_request + jobs[x.members[m]].size))
                ++m;
            ++x.correct[m];
        }
        if (!w.requests.empty()) result.batches.push_back({now, w.mask, static_cast<int>(w.requests.size())});
        if (x.done < x.work.size()) continue;
        for (size_t m = 0; m < x.members.size(); ++m) {
            const Job& j = jobs[x.members[m]];
            JobOutcome& out = result.jobs[x.members[m]];
            out.start_s = x.start_s;
            out.finish_s = now;
            out.planned_accuracy = x.planned_accuracy;
            out.correct = x.correct[m];
            out.on_time = now <= j.deadline_s + 1e-12;
            out.floor_met = out.planned_accuracy >= j.floor - 1e-12;
        }
        queue.erase(queue.begin());
        extra.erase(extra.begin());
    }
    return result;
}

}  // namespace sextant::modality
