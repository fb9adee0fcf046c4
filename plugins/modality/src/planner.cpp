#include "modality/planner.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>

namespace sextant::modality {

namespace {

constexpr double kAccuracyEps = 1e-12;

// A candidate point of the front under construction: where it came from.
struct Candidate {
    double time;
    double acc_sum;  // sum_c acc_c x_c
    int32_t prev;    // index in the previous layer's front for n - x
    int32_t x;       // requests given to this layer's configuration
};

struct Point {
    double time;
    double acc_sum;
    std::vector<int> requests;
};

}  // namespace

Planner::Planner(Profile profile, int max_job_size) : profile_(std::move(profile)), max_n_(max_job_size) {
    validate(profile_);
    if (max_n_ < 1) throw std::invalid_argument("max job size must be at least 1");
    const int C = static_cast<int>(profile_.configs.size());
    const double inf = std::numeric_limits<double>::infinity();

    // Per configuration: cover[x] = min_b L(b) + cover[max(0, x - b)].
    cover_.assign(C, std::vector<double>(max_n_ + 1, inf));
    cover_batch_.assign(C, std::vector<int>(max_n_ + 1, 0));
    for (int c = 0; c < C; ++c) {
        const auto& lat = profile_.configs[c].latency_ms;
        cover_[c][0] = 0;
        for (int x = 1; x <= max_n_; ++x)
            for (auto it = lat.rbegin(); it != lat.rend(); ++it) {  // larger batches win ties
                double t = it->second + cover_[c][std::max(0, x - it->first)];
                if (t < cover_[c][x]) cover_[c][x] = t, cover_batch_[c][x] = it->first;
            }
    }

    // Over configurations: front[m] after layer c = Pareto points serving m requests with
    // configurations 0..c. Dominance: no more time and no less accuracy.
    std::vector<std::vector<Point>> front(max_n_ + 1);
    for (int m = 0; m <= max_n_; ++m) {
        std::vector<int> req(C, 0);
        req[0] = m;
        front[m].push_back({cover_[0][m], profile_.configs[0].accuracy * m, std::move(req)});
    }
    std::vector<Candidate> cand;
    for (int c = 1; c < C; ++c) {
        const double acc = profile_.configs[c].accuracy;
        std::vector<std::vector<Point>> next(max_n_ + 1);
        for (int m = 0; m <= max_n_; ++m) {
            cand.clear();
            for (int x = 0; x <= m; ++x) {
                const auto& prev = front[m - x];
                for (size_t p = 0; p < prev.size(); ++p)
                    cand.push_back(
                        {prev[p].time + cover_[c][x], prev[p].acc_sum + acc * x, static_cast<int32_t>(p), x});
            }
            std::sort(cand.begin(), cand.end(), [](const Candidate& a, const Candidate& b) {
                if (a.time != b.time) return a.time < b.time;
                if (a.acc_sum != b.acc_sum) return a.acc_sum > b.acc_sum;
                return a.x > b.x;  // deterministic among equals
            });
            double best = -inf;
            for (const Candidate& k : cand) {
                if (k.acc_sum <= best + kAccuracyEps * std::max(1, m)) continue;
                best = k.acc_sum;
                std::vector<int> req = front[m - k.x][k.prev].requests;
                req[c] = k.x;
                next[m].push_back({k.time, k.acc_sum, std::move(req)});
            }
        }
        front = std::move(next);
    }

    menus_.resize(max_n_ + 1);
    for (int n = 1; n <= max_n_; ++n)
        for (auto& p : front[n]) menus_[n].push_back({p.time, p.acc_sum / n, std::move(p.requests)});
}

const std::vector<MenuEntry>& Planner::menu(int n) const {
    if (n < 1 || n > max_n_)
        throw std::out_of_range("job size " + std::to_string(n) + " outside 1.." + std::to_string(max_n_));
    return menus_[n];
}

Plan Planner::plan(int n, double floor) const {
    const auto& m = menu(n);
    for (const auto& e : m)
        if (e.accuracy >= floor - kAccuracyEps) {
            Plan p = expand(n, e);
            p.feasible = true;
            return p;
        }
    Plan p = expand(n, m.back());
    p.feasible = false;
    return p;
}

Plan Planner::expand(int n, const MenuEntry& e) const {
    Plan plan;
    plan.job_size = n;
    plan.time_ms = e.time_ms;
    plan.accuracy = e.accuracy;
    for (size_t c = 0; c < e.requests.size(); ++c) {
        int left = e.requests[c];
        std::vector<std::pair<int, int>> counts;  // (batch, batches), batch descending
        for (int x = left; x > 0; x = std::max(0, x - cover_batch_[c][x])) {
            int b = cover_batch_[c][x];
            auto it = std::find_if(counts.begin(), counts.end(), [b](auto& q) { return q.first == b; });
            if (it == counts.end()) counts.emplace_back(b, 1);
            else ++it->second;
        }
        std::sort(counts.begin(), counts.end(), [](auto& a, auto& b) { return a.first > b.first; });
        for (auto [b, k] : counts) {
            int r = std::min(left, b * k);
            left -= r;
            plan.rows.push_back({profile_.configs[c].mask, b, k, r});
        }
    }
    return plan;
}

const Plan& StrategyMatrix::lookup(int n, double floor) const {
    auto s = std::lower_bound(job_sizes.begin(), job_sizes.end(), n);
    if (s == job_sizes.end()) throw std::out_of_range("job size " + std::to_string(n) + " above the largest bucket");
    // The smallest grid floor >= the requested one keeps the guarantee.
    auto f = std::lower_bound(floors.begin(), floors.end(), floor - kAccuracyEps);
    if (f == floors.end()) throw std::out_of_range("accuracy floor above the grid");
    return plans[s - job_sizes.begin()][f - floors.begin()];
}

StrategyMatrix strategy_matrix(const Planner& planner, const std::vector<int>& job_sizes,
                               const std::vector<double>& floors) {
    StrategyMatrix m{job_sizes, floors, {}};
    std::sort(m.job_sizes.begin(), m.job_sizes.end());
    std::sort(m.floors.begin(), m.floors.end());
    for (int n : m.job_sizes) {
        auto& row = m.plans.emplace_back();
        for (double a : m.floors) row.push_back(planner.plan(n, a));
    }
    return m;
}

}  // namespace sextant::modality
