#include "scheduling/flow_sets.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace sextant::scheduling {

void FlowSetsConfig::validate() const {
    if (horizon_periods < 1) throw std::invalid_argument("flow sets: flow_sets_horizon_periods must be >= 1");
    if (phase_bins < 1) throw std::invalid_argument("flow sets: flow_sets_phase_bins must be >= 1");
}

namespace {

// Max-min on one link: every member in a transfer has `hops` flows capped at its peak; the
// fair share is raised until the link is full or every flow is at its cap.
void fair_share(const SharedSet& set, const std::vector<int>& sending, std::vector<double>& rate) {
    std::vector<int> order(sending);
    std::sort(order.begin(), order.end(),
              [&](int a, int b) { return set.members[a].peak_gbps < set.members[b].peak_gbps; });
    double left = set.capacity_gbps;
    double flows = 0;
    for (int i : order) flows += set.members[i].hops;
    for (int i : order) {
        const SetMember& m = set.members[i];
        const double share = left / flows;
        rate[i] = std::min(m.peak_gbps, share);
        left -= rate[i] * m.hops;
        flows -= m.hops;
    }
}

}  // namespace

std::vector<MemberOutcome> simulate_shared_set_fluid(const SharedSet& set, int horizon_periods) {
    const size_t n = set.members.size();
    if (n == 0) return {};
    if (!(set.capacity_gbps > 0)) throw std::invalid_argument("flow sets: a shared set needs a positive link rate");
    double longest = 0, first = set.members[0].offset_s;
    for (const SetMember& m : set.members) {
        if (!(m.gbit > 0) || !(m.peak_gbps > 0) || m.hops < 1 || !(m.compute_s >= 0))
            throw std::invalid_argument("flow sets: a set member must communicate (gbit, peak_gbps, hops > 0)");
        longest = std::max(longest, m.period_s());
        first = std::min(first, m.offset_s);
    }
    constexpr double kInf = std::numeric_limits<double>::infinity();
    // Per member: iterations to run, done, and either a compute end or the volume left.
    std::vector<long long> iterations(n), done(n, 0);
    std::vector<double> compute_end(n), left(n, 0), transfer_start(n, 0), transfer_s(n, 0), rate(n, 0);
    std::vector<char> sending(n, 0);
    for (size_t i = 0; i < n; ++i) {
        const SetMember& m = set.members[i];
        iterations[i] = std::max(2LL, std::llround(horizon_periods * longest / m.period_s()));
        compute_end[i] = m.offset_s - first + m.compute_s;
    }
    double now = 0, excess_gbit = 0;
    size_t finished = 0;
    std::vector<int> in_transfer;
    while (finished < n) {
        in_transfer.clear();
        for (size_t i = 0; i < n; ++i)
            if (sending[i]) in_transfer.push_back(static_cast<int>(i));
        fair_share(set, in_transfer, rate);
        double offered = 0;
        double next = kInf;
        for (size_t i = 0; i < n; ++i) {
            if (done[i] >= iterations[i]) continue;
            if (sending[i]) {
                offered += set.members[i].peak_gbps * set.members[i].hops;
                next = std::min(next, now + left[i] / rate[i]);
            } else {
                next = std::min(next, compute_end[i]);
            }
        }
        const double dt = next - now;
        excess_gbit += std::max(0.0, offered - set.capacity_gbps) * dt;
        now = next;
        for (size_t i = 0; i < n; ++i) {
            if (done[i] >= iterations[i]) continue;
            const SetMember& m = set.members[i];
            if (sending[i]) {
                left[i] -= rate[i] * dt;
                // Ends within rounding of now end now (a fluid model's ties).
                if (left[i] > 1e-12 * m.gbit) continue;
                sending[i] = 0;
                transfer_s[i] += now - transfer_start[i];
                if (++done[i] >= iterations[i]) ++finished;
                else compute_end[i] = now + m.compute_s;
            } else if (compute_end[i] <= now) {
                sending[i] = 1;
                left[i] = m.gbit;
                transfer_start[i] = now;
            }
        }
    }
    std::vector<MemberOutcome> out(n);
    for (size_t i = 0; i < n; ++i) {
        const SetMember& m = set.members[i];
        out[i].comm_stretch = transfer_s[i] / static_cast<double>(iterations[i]) / (m.gbit / m.peak_gbps);
        out[i].link_excess_gbps = now > 0 ? excess_gbit / now : 0.0;
    }
    return out;
}

}  // namespace sextant::scheduling
