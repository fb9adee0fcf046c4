#include "modality/scheduler.hpp"

#include <algorithm>
#include <limits>
#include <queue>
#include <stdexcept>

namespace sextant::modality {

namespace {
constexpr double kEps = 1e-12;
}

Policy parse_policy(const std::string& name) {
    for (Policy p : {Policy::mosel, Policy::all_modalities, Policy::offline_only, Policy::per_job, Policy::oracle})
        if (policy_name(p) == name) return p;
    throw std::invalid_argument("policy: unknown '" + name +
                                "' (expected mosel, all-modalities, offline-only, per-job or oracle)");
}

std::string policy_name(Policy p) {
    switch (p) {
    case Policy::mosel: return "mosel";
    case Policy::all_modalities: return "all-modalities";
    case Policy::offline_only: return "offline-only";
    case Policy::per_job: return "per-job";
    case Policy::oracle: return "oracle";
    }
    return "?";
}

QueuedJob menu_job(const Planner& planner, const Job& job) {
    QueuedJob q;
    q.job = &job;
    q.menu = &planner.menu(job.size);
    q.choice = q.options() - 1;
    q.lowest = q.choice;
    q.floor_reachable = q.menu->back().accuracy >= job.floor - kEps;
    for (int i = 0; i < q.options(); ++i)
        if ((*q.menu)[i].accuracy >= job.floor - kEps) {
            q.lowest = i;
            break;
        }
    return q;
}

QueuedJob fixed_job(const Planner& planner, Policy policy, const Job& job) {
    const Profile& profile = planner.profile();
    const int C = static_cast<int>(profile.configs.size());
    auto single = [&](int c) {
        MenuEntry e;
        e.time_ms = planner.cover_time(c, job.size);
        e.accuracy = profile.configs[c].accuracy;
        e.requests.assign(C, 0);
        e.requests[c] = job.size;
        return e;
    };
    QueuedJob q;
    q.job = &job;
    switch (policy) {
    case Policy::all_modalities: {
        int full = profile.full_index();
        if (full < 0) throw std::invalid_argument("all-modalities needs a V+A+T configuration");
        q.fixed = single(full);
        break;
    }
    case Policy::offline_only: {
        const auto& menu = planner.menu(job.size);
        auto it =
            std::find_if(menu.begin(), menu.end(), [&](const MenuEntry& e) { return e.accuracy >= job.floor - kEps; });
        q.fixed = it == menu.end() ? menu.back() : *it;
        break;
    }
    case Policy::per_job: {
        int best = -1, most_accurate = 0;
        for (int c = 0; c < C; ++c) {
            if (profile.configs[c].accuracy > profile.configs[most_accurate].accuracy) most_accurate = c;
            if (profile.configs[c].accuracy >= job.floor - kEps &&
                (best < 0 || planner.cover_time(c, job.size) < planner.cover_time(best, job.size)))
                best = c;
        }
        q.fixed = single(best < 0 ? most_accurate : best);
        break;
    }
    default: throw std::invalid_argument("fixed_job: " + policy_name(policy) + " has no fixed plan");
    }
    q.floor_reachable = q.fixed.accuracy >= job.floor - kEps;
    return q;
}

std::vector<double> edf_finish_times(const std::vector<QueuedJob>& queue, double now_s) {
    std::vector<double> finish;
    finish.reserve(queue.size());
    double t = now_s;
    for (const auto& q : queue) finish.push_back(t += q.current().time_ms / 1000.0);
    return finish;
}

std::vector<int> reassign(std::vector<QueuedJob>& queue, double now_s) {
    for (auto& q : queue) q.choice = q.options() - 1;
    // Candidate downgrades: (seconds saved per expected correct answer lost, position).
    struct Step {
        double ratio;
        int pos;
        int from;  // the choice it was computed for (stale entries are skipped)
        bool operator<(const Step& o) const { return ratio < o.ratio || (ratio == o.ratio && pos > o.pos); }
    };
    std::priority_queue<Step> steps;
    auto push = [&](int pos) {
        const QueuedJob& q = queue[pos];
        if (q.choice <= q.lowest) return;
        const MenuEntry &a = q.entry(q.choice), &b = q.entry(q.choice - 1);
        double saved = (a.time_ms - b.time_ms) / 1000.0;
        double lost = (a.accuracy - b.accuracy) * q.job->size;
        steps.push({saved / std::max(lost, kEps), pos, q.choice});
    };
    std::vector<int> late;
    double t = now_s, spare = 0;  // spare: seconds all downgrades still open up to here would save
    for (int k = 0; k < static_cast<int>(queue.size()); ++k) {
        QueuedJob& q = queue[k];
        spare += (q.current().time_ms - q.entry(q.lowest).time_ms) / 1000.0;
        push(k);
        t += q.current().time_ms / 1000.0;
        double excess = t - q.job->deadline_s;
        if (excess <= 0) continue;
        if (excess > spare + 1e-12) {
            // Not saveable: it is late whatever we do, so serve it at its floor, the least
            // time that keeps its accuracy promise, to delay the jobs behind it least.
            late.push_back(k);
            double saved = (q.current().time_ms - q.entry(q.lowest).time_ms) / 1000.0;
            q.choice = q.lowest;
            t -= saved, spare -= saved;
            continue;
        }
        while (excess > 0 && !steps.empty()) {
            Step s = steps.top();
            steps.pop();
            QueuedJob& d = queue[s.pos];
            if (d.choice != s.from) continue;
            double saved = (d.current().time_ms - d.entry(d.choice - 1).time_ms) / 1000.0;
            --d.choice;
            t -= saved, excess -= saved, spare -= saved;
            push(s.pos);
        }
    }
    return late;
}

}  // namespace sextant::modality
