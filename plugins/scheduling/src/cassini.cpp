#include "scheduling/cassini.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace sextant::scheduling {

namespace {

double peak_gbps(const Pattern& p) {
    double peak = 0;
    for (const Phase& ph : p.phases) peak = std::max(peak, ph.gbps);
    return peak;
}

int hops_on(const LinkUse& use, int link) {
    auto it = std::lower_bound(use.begin(), use.end(), std::make_pair(link, 0));
    return it != use.end() && it->first == link ? it->second : 0;
}

}  // namespace

double CassiniPlan::mean_score(const LinkUse* among) const {
    double sum = 0;
    int n = 0;
    for (const LinkScore& l : links)
        if (!among || hops_on(*among, l.link) > 0) sum += l.realised, ++n;
    return n ? sum / n : 1.0;
}

Cassini::Cassini(CassiniConfig config, std::vector<double> capacity_gbps)
    : config_(config), capacity_(std::move(capacity_gbps)) {
    if (config_.bins_per_period < 4) throw std::invalid_argument("cassini: bins_per_period must be >= 4");
    if (!(config_.tolerance >= 0)) throw std::invalid_argument("cassini: tolerance must be >= 0");
    if (config_.max_passes < 1) throw std::invalid_argument("cassini: max_passes must be >= 1");
    if (!(config_.loop_tolerance_arcs >= 0)) throw std::invalid_argument("cassini: loop_tolerance_arcs must be >= 0");
}

const Cassini::Solved& Cassini::solve(int link, const std::vector<const PlacedJob*>& jobs) {
    std::vector<long long> key{link};
    for (const PlacedJob* j : jobs)
        key.insert(key.end(), {j->id, hops_on(*j->links, link), std::llround(j->pattern->iteration_ms * 1e3)});
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;

    std::vector<double> periods, hops;
    std::vector<const Pattern*> patterns;
    for (const PlacedJob* j : jobs) {
        periods.push_back(j->pattern->iteration_ms);
        patterns.push_back(j->pattern);
        hops.push_back(hops_on(*j->links, link));
    }
    UnifiedCircle circle = unify(periods, config_.tolerance, config_.max_turns);
    int k = static_cast<int>(std::lround(circle.perimeter_ms / *std::max_element(periods.begin(), periods.end())));
    Solved s;
    s.circle = rasterise(patterns, hops, circle, config_.bins_per_period * std::max(1, k));
    s.rotation = best_rotation(s.circle, capacity_[link], config_.max_passes);
    ++solved_;
    return cache_.emplace(std::move(key), std::move(s)).first->second;
}

CassiniPlan Cassini::plan(const std::vector<PlacedJob>& jobs, const std::vector<int>& reference_order) {
    // Bound memory on very long simulations. Only here, between plans: a plan holds
    // references into the cache until it is done.
    if (cache_.size() > config_.cache_limit) cache_.clear();
    // Which jobs use which link, and at what peak demand.
    std::map<int, std::vector<const PlacedJob*>> on_link;
    std::map<int, double> demand;
    for (const PlacedJob& j : jobs) {
        if (j.pattern->phases.empty()) continue;
        for (auto [link, hops] : *j.links) {
            on_link[link].push_back(&j);
            demand[link] += hops * peak_gbps(*j.pattern);
        }
    }
    CassiniPlan out;
    std::vector<LinkShifts> graph;
    std::vector<const Solved*> solved;
    double widest_bin = 0;
    std::map<int, double> kept;  // padded periods
    for (auto& [link, members] : on_link) {
        // A link whose capacity covers every job's peak at once never congests: no constraint.
        if (members.size() < 2 || demand[link] <= capacity_[link] * (1 + 1e-9)) continue;
        std::sort(members.begin(), members.end(), [](auto* a, auto* b) { return a->id < b->id; });
        const Solved& s = solve(link, members);
        LinkShifts ls{link, s.rotation.score, {}};
        for (size_t i = 0; i < members.size(); ++i) {
            ls.shift_ms.emplace_back(members[i]->id, s.rotation.shift_ms[i]);
            kept[members[i]->id] = std::max(kept[members[i]->id], s.circle.period_ms[i]);
        }
        graph.push_back(std::move(ls));
        solved.push_back(&s);
        widest_bin = std::max(widest_bin, s.circle.perimeter_ms / s.circle.bins);
    }
    out.shifts = assign_time_shifts(graph, kept, reference_order, config_.loop_tolerance_arcs * widest_bin);
    out.period_ms = kept;
    for (size_t i = 0; i < graph.size(); ++i) {
        const CircleDemand& c = solved[i]->circle;
        const double width = c.perimeter_ms / c.bins;
        std::vector<int> bins;
        for (size_t k = 0; k < graph[i].shift_ms.size(); ++k) {
            double t = wrap(out.shifts.shift_ms.at(graph[i].shift_ms[k].first), c.period_ms[k]);
            bins.push_back(static_cast<int>(std::lround(t / width)) % c.bins);
        }
        out.links.push_back({graph[i].link, graph[i].score, compatibility(c, bins, capacity_[graph[i].link]),
                             static_cast<int>(bins.size())});
    }
    return out;
}

}  // namespace sextant::scheduling
