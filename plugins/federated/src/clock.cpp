#include "federated/clock.hpp"

#include <algorithm>
#include <cmath>

namespace federated {

double client_seconds(const ClientTrace& t, const RoundTiming& timing) {
    const double compute = 3.0 * static_cast<double>(timing.samples) * t.ms_per_sample / 1000.0;
    const double comm = 2.0 * timing.model_bytes * 8.0 / (1000.0 * t.kbps);
    return compute + comm;
}

RoundPlan plan_round(const Traces& traces, std::span<const std::uint32_t> candidates, double now_s,
                     std::size_t participants, const RoundTiming& timing, Rng& rng) {
    RoundPlan plan;
    std::vector<std::uint32_t> online;
    for (auto c : candidates)
        if (traces[c].available(now_s)) online.push_back(c);
    const std::size_t want =
        std::min(online.size(), static_cast<std::size_t>(std::ceil(participants * timing.overcommit)));
    if (want == 0 || participants == 0) {
        plan.duration_s = timing.idle_wait_s;
        return plan;
    }
    // Partial Fisher-Yates: a uniform sample without replacement.
    for (std::size_t i = 0; i < want; ++i) std::swap(online[i], online[i + below(rng, online.size() - i)]);
    plan.sampled = want;
    std::vector<std::pair<double, std::uint32_t>> done;
    for (std::size_t i = 0; i < want; ++i) {
        const auto& t = traces[online[i]];
        const double s = client_seconds(t, timing);
        if (t.available_until(now_s) < now_s + s) ++plan.dropped_offline;
        else if (timing.deadline_s > 0 && s > timing.deadline_s) ++plan.dropped_deadline;
        else done.emplace_back(s, online[i]);
    }
    std::sort(done.begin(), done.end());
    if (done.size() > participants) {
        plan.dropped_slow = done.size() - participants;
        done.resize(participants);
    }
    for (const auto& [s, c] : done) plan.participants.push_back(c);
    if (done.empty()) plan.duration_s = timing.deadline_s > 0 ? timing.deadline_s : timing.idle_wait_s;
    else if (done.size() < participants && timing.deadline_s > 0) plan.duration_s = timing.deadline_s;
    else plan.duration_s = done.back().first;
    plan.duration_s = std::max(plan.duration_s, timing.min_round_s);
    return plan;
}

}  // namespace federated
