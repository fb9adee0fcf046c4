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

CircleMethod parse_circle_method(const std::string& name) {
    if (name == "lcm") return CircleMethod::Lcm;
    if (name == "fit") return CircleMethod::Fit;
    throw std::invalid_argument("unknown circle method '" + name + "' (expected lcm or fit)");
}

LoopPolicy parse_loop_policy(const std::string& name) {
    if (name == "skip") return LoopPolicy::Skip;
    if (name == "break") return LoopPolicy::Break;
    throw std::invalid_argument("unknown loop policy '" + name + "' (expected skip or break)");
}

double CassiniPlan::mean_score(const LinkUse* among) const {
    double sum = 0;
    int n = 0;
    for (const LinkScore& l : links)
        if (!among || hops_on(*among, l.link) > 0) sum += l.realised, ++n;
    return n ? sum / n : 1.0;
}

Cassini::Cassini(CassiniConfig config, std::vector<double> capacity_gbps)
    : config_(config),
      capacity_(std::move(capacity_gbps)),
      on_link_(capacity_.size()),
      demand_(capacity_.size(), 0.0),
      memo_(capacity_.size()) {
    if (config_.bins_per_period < 4) throw std::invalid_argument("cassini: bins_per_period must be >= 4");
    if (!(config_.tolerance >= 0)) throw std::invalid_argument("cassini: tolerance must be >= 0");
    if (!(config_.quantum_ms > 0)) throw std::invalid_argument("cassini: quantum_ms must be positive");
    if (config_.max_turns < 1) throw std::invalid_argument("cassini: max_turns must be >= 1");
    if (config_.max_passes < 1) throw std::invalid_argument("cassini: max_passes must be >= 1");
    if (!(config_.loop_tolerance_arcs >= 0)) throw std::invalid_argument("cassini: loop_tolerance_arcs must be >= 0");
}

const Cassini::Solved& Cassini::solve(int link, const Members& jobs) {
    // The key: link, then (job, hops, period) per job. The link's previous plan most often
    // had the same jobs: compared first, before the cache's search.
    key_.assign(1, link);
    for (auto [j, hops] : jobs) key_.insert(key_.end(), {j->id, hops, std::llround(j->pattern->iteration_ms * 1e3)});
    Memo& memo = memo_[link];
    if (memo.solved && memo.key == key_) return *memo.solved;
    auto it = cache_.find(key_);
    if (it == cache_.end()) it = cache_.emplace(key_, solve_circle(link, jobs)).first;
    memo.key = key_;
    memo.solved = &it->second;
    return it->second;
}

Cassini::Solved Cassini::solve_circle(int link, const Members& jobs) {
    std::vector<double> periods, hops;
    std::vector<const Pattern*> patterns;
    for (auto [j, h] : jobs) {
        periods.push_back(j->pattern->iteration_ms);
        patterns.push_back(j->pattern);
        hops.push_back(h);
    }
    UnifiedCircle circle = config_.circle == CircleMethod::Lcm
                               ? unify_lcm(periods, config_.quantum_ms, config_.max_turns, config_.tolerance)
                               : unify(periods, config_.tolerance, config_.max_turns);
    // Arcs per longest period stay the same: an LCM perimeter need not be a whole number of them.
    int k = static_cast<int>(std::ceil(circle.perimeter_ms / *std::max_element(periods.begin(), periods.end()) - 1e-9));
    Solved s;
    s.truncated = circle.truncated;
    for (double e : circle.period_error) s.worst_error = std::max(s.worst_error, std::abs(e));
    truncated_ += s.truncated;
    worst_error_ = std::max(worst_error_, s.worst_error);
    s.circle = rasterise(patterns, hops, circle, config_.bins_per_period * std::max(1, k));
    s.rotation = best_rotation(s.circle, capacity_[link], config_.max_passes);
    ++solved_;
    return s;
}

CassiniPlan Cassini::plan(const std::vector<PlacedJob>& jobs, const std::vector<int>& reference_order,
                          const PlanOptions& options) {
    // Bound memory on very long simulations. Only here, between plans: a plan holds
    // references into the cache until it is done.
    if (cache_.size() > config_.cache_limit) {
        cache_.clear();
        for (Memo& m : memo_) m.solved = nullptr;
    }
    // Which jobs use which link (with their hops there), and at what peak demand.
    for (int link : used_) on_link_[link].clear(), demand_[link] = 0;
    used_.clear();
    for (const PlacedJob& j : jobs) {
        if (j.pattern->phases.empty()) continue;
        const double peak = peak_gbps(*j.pattern);
        for (auto [link, hops] : *j.links) {
            if (on_link_[link].empty()) used_.push_back(link);
            on_link_[link].emplace_back(&j, hops);
            demand_[link] += hops * peak;
        }
    }
    std::sort(used_.begin(), used_.end());
    // The affinity graph's links: links with the same jobs, hops and capacity are one
    // constraint (same circle, same shifts): only the first enters the graph, so parallel
    // copies are not counted as loops.
    std::vector<int> congested;
    for (int link : used_) {
        Members& members = on_link_[link];
        // A link whose capacity covers every job's peak at once never congests: no constraint.
        if (members.size() < 2 || demand_[link] <= capacity_[link] * (1 + 1e-9)) continue;
        std::sort(members.begin(), members.end(),
                  [](const auto& a, const auto& b) { return a.first->id < b.first->id; });
        congested.push_back(link);
    }
    const auto before = [&](int a, int b) {  // by capacity, then jobs and hops
        if (capacity_[a] != capacity_[b]) return capacity_[a] < capacity_[b];
        const Members &x = on_link_[a], &y = on_link_[b];
        for (size_t k = 0; k < std::min(x.size(), y.size()); ++k) {
            if (x[k].first->id != y[k].first->id) return x[k].first->id < y[k].first->id;
            if (x[k].second != y[k].second) return x[k].second < y[k].second;
        }
        return x.size() < y.size();
    };
    std::vector<int> grouped = congested;  // equal links together, in link order within a group
    std::stable_sort(grouped.begin(), grouped.end(), before);
    std::vector<int> original_of(capacity_.size(), -1);
    for (size_t k = 0; k < grouped.size(); ++k)  // sorted: equal to the one before unless after it
        original_of[grouped[k]] =
            k > 0 && !before(grouped[k - 1], grouped[k]) ? original_of[grouped[k - 1]] : grouped[k];
    std::vector<std::pair<int, const Members*>> constrained;
    std::vector<std::pair<int, size_t>> copies;  // (link, graph index it copies)
    std::vector<size_t> index_of(capacity_.size(), 0);
    for (int link : congested) {
        if (original_of[link] != link) {
            copies.emplace_back(link, index_of[original_of[link]]);
            continue;
        }
        index_of[link] = constrained.size();
        constrained.emplace_back(link, &on_link_[link]);
    }
    CassiniPlan out;
    // Whether the graph has a loop follows from its shape alone; a caller that would drop a
    // plan with one learns it before any rotation search.
    if (options.stop_at_loop) {
        std::vector<std::vector<int>> members;  // by index in `jobs`
        for (auto [link, m] : constrained) {
            members.emplace_back();
            for (auto [j, hops] : *m) members.back().push_back(static_cast<int>(j - jobs.data()));
        }
        out.shifts.loops = count_loops(members, static_cast<int>(jobs.size()));
        if (out.shifts.loops > 0) return out;
    }
    std::vector<LinkShifts> graph;
    std::vector<const Solved*> solved;
    double widest_bin = 0;
    std::map<int, double> kept;  // padded periods
    for (auto [link, m] : constrained) {
        const Members& members = *m;
        const Solved& s = solve(link, members);
        LinkShifts ls{link, s.rotation.score, {}};
        for (size_t i = 0; i < members.size(); ++i) {
            const PlacedJob* j = members[i].first;
            ls.shift_ms.emplace_back(j->id, s.rotation.shift_ms[i]);
            // Padding keeps the circle's period (never below the job's own: it cannot go faster).
            const double own = j->pattern->iteration_ms;
            const double period = config_.pad_periods ? std::max(own, s.circle.period_ms[i]) : own;
            kept[j->id] = std::max(kept[j->id], period);
        }
        out.truncated_circles += s.truncated;
        out.worst_period_error = std::max(out.worst_period_error, s.worst_error);
        graph.push_back(std::move(ls));
        solved.push_back(&s);
        widest_bin = std::max(widest_bin, s.circle.perimeter_ms / s.circle.bins);
    }
    out.shifts = assign_time_shifts(graph, kept, reference_order, config_.loop_tolerance_arcs * widest_bin);
    out.period_ms = kept;
    // Realised scores cost a pass over each circle: only for the links asked for (a copy
    // needs its original's).
    const LinkUse* realised_on = options.realised_on;
    const auto wanted = [&](int link) { return !realised_on || hops_on(*realised_on, link) > 0; };
    std::vector<char> needed(graph.size(), 0);
    for (size_t i = 0; i < graph.size(); ++i) needed[i] = wanted(graph[i].link);
    for (auto [link, i] : copies) needed[i] = needed[i] || wanted(link);
    std::vector<LinkScore> scores(graph.size());
    for (size_t i = 0; i < graph.size(); ++i) {
        if (!needed[i]) continue;
        const CircleDemand& c = solved[i]->circle;
        const double width = c.perimeter_ms / c.bins;
        std::vector<int> bins;
        for (size_t k = 0; k < graph[i].shift_ms.size(); ++k) {
            double t = wrap(out.shifts.shift_ms.at(graph[i].shift_ms[k].first), c.period_ms[k]);
            bins.push_back(static_cast<int>(std::lround(t / width)) % c.bins);
        }
        scores[i] = {graph[i].link, graph[i].score, compatibility(c, bins, capacity_[graph[i].link]),
                     static_cast<int>(bins.size())};
        if (wanted(graph[i].link)) out.links.push_back(scores[i]);
    }
    for (auto [link, i] : copies) {
        if (!wanted(link)) continue;
        LinkScore copy = scores[i];
        copy.link = link;
        out.links.push_back(copy);
    }
    return out;
}

}  // namespace sextant::scheduling
