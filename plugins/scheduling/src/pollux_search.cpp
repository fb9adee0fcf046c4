#include "scheduling/pollux_search.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

namespace sextant::scheduling {

namespace {
constexpr double kFloor = 1e-3;  // Pollux's simulator: speedup + 0.001 in the power mean
constexpr double kBackToCurrent = 0.1;

// A state is a choice per job: 0 waits, i + 1 runs on sizes[i].
using State = std::vector<int>;

int gpus_of(const ElasticJob& job, int choice) { return choice == 0 ? 0 : job.choices->sizes[choice - 1]; }

int choice_of(const ElasticJob& job, int gpus) { return gpus == 0 ? 0 : job.choices->index_of(gpus) + 1; }
}  // namespace

PolluxObjective::PolluxObjective(const std::vector<ElasticJob>& jobs, int cluster_gpus, double restart_s, double p)
    : jobs_(jobs),
      p_(p),
      fair_(jobs.empty() ? cluster_gpus
                         : (cluster_gpus + static_cast<int>(jobs.size()) - 1) / static_cast<int>(jobs.size())) {
    auto term = [&](double s) { return p_ == 0 ? std::log(s + kFloor) : std::pow(s + kFloor, p_); };
    for (const ElasticJob& j : jobs) {
        const ElasticChoices& c = *j.choices;
        double base = 0;
        for (size_t i = 0; i < c.sizes.size(); ++i)
            if (c.sizes[i] <= fair_) base = std::max(base, c.speedup[i]);
        if (base == 0) base = c.speedup[0] * fair_ / c.sizes[0];  // a share below its smallest size
        base_.push_back(base);
        // Pollux's re-allocation factor, for a job that holds GPUs and would be moved.
        const double factor = std::max(j.age_s - j.restarts * restart_s, 0.0) / (j.age_s + std::max(restart_s, 1e-9));
        Terms t;
        t.kept.push_back(term(0));
        t.moved.push_back(term(0));
        for (double s : c.speedup) {
            t.kept.push_back(term(s / base));
            t.moved.push_back(term(s / base * factor));
        }
        terms_.push_back(std::move(t));
    }
}

double PolluxObjective::speedup(size_t job, int gpus) const {
    if (gpus == 0) return 0;
    return jobs_[job].choices->speedup[jobs_[job].choices->index_of(gpus)] / base_[job];
}

double PolluxObjective::fitness(const std::vector<int>& sizes) const {
    if (jobs_.empty()) return 0;
    double sum = 0;
    for (size_t k = 0; k < jobs_.size(); ++k) {
        const int choice = choice_of(jobs_[k], sizes[k]);
        const bool moved = jobs_[k].current > 0 && sizes[k] != jobs_[k].current;
        sum += moved ? terms_[k].moved[choice] : terms_[k].kept[choice];
    }
    const double mean = sum / static_cast<double>(jobs_.size());
    return p_ == 0 ? std::exp(mean) : std::pow(mean, 1 / p_);
}

PolluxSearch::PolluxSearch(const PolluxConfig& config, std::uint64_t seed) : config_(config), rng_(seed) {
    config_.validate();
}

std::map<int, int> PolluxSearch::allocate(const std::vector<ElasticJob>& jobs, int cluster_gpus, bool reallocate,
                                          double restart_s) {
    const size_t n = jobs.size();
    std::vector<bool> pinned(n);
    State current(n);
    int free = cluster_gpus;
    for (size_t k = 0; k < n; ++k) {
        current[k] = choice_of(jobs[k], jobs[k].current);
        pinned[k] = !reallocate && jobs[k].current > 0;
        if (pinned[k]) free -= jobs[k].current;
    }
    // Repair serves the jobs that have had least first (then by arrival, the given order).
    std::vector<size_t> order;
    for (size_t k = 0; k < n; ++k)
        if (!pinned[k]) order.push_back(k);
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return jobs[a].attained_gpu_s < jobs[b].attained_gpu_s; });

    const PolluxObjective objective(jobs, cluster_gpus, restart_s, config_.fairness_p);
    std::vector<int> sizes(n);
    auto score = [&](const State& s) {
        for (size_t k = 0; k < n; ++k) sizes[k] = gpus_of(jobs[k], s[k]);
        ++evaluated_;
        return objective.fitness(sizes);
    };
    auto repair = [&](State& s) {
        int left = free;
        for (size_t k = 0; k < n; ++k)
            if (pinned[k]) s[k] = current[k];
        for (size_t k : order) {
            while (s[k] > 0 && gpus_of(jobs[k], s[k]) > left) --s[k];  // sizes ascend
            left -= gpus_of(jobs[k], s[k]);
        }
    };
    const double p_random = order.empty() ? 0 : 1.0 / static_cast<double>(order.size());
    auto mutate = [&](State& s) {
        for (size_t k : order) {
            if (rng_.uniform() < kBackToCurrent) {
                s[k] = current[k];
            } else if (rng_.uniform() < p_random) {
                s[k] = static_cast<int>(rng_.below(jobs[k].choices->sizes.size() + 1));
            }
        }
        repair(s);
    };

    struct Scored {
        State state;
        double fitness;
    };
    std::vector<Scored> population;
    std::set<State> seen;
    auto add = [&](State s, std::vector<Scored>& to) {
        if (!seen.insert(s).second) return;
        const double f = score(s);
        to.push_back({std::move(s), f});
    };
    State start = current;
    repair(start);
    add(start, population);
    if (!order.empty()) {
        const std::map<int, int> greedy = pollux_allocation(jobs, cluster_gpus, reallocate);
        State g(n);
        for (size_t k = 0; k < n; ++k) g[k] = choice_of(jobs[k], greedy.at(jobs[k].id));
        repair(g);
        add(g, population);
        for (const std::map<int, int>& old : survivors_) {  // warm start: last search's survivors
            State s = current;
            for (size_t k : order) {
                const auto it = old.find(jobs[k].id);
                if (it != old.end() && (it->second == 0 || jobs[k].choices->index_of(it->second) >= 0))
                    s[k] = choice_of(jobs[k], it->second);
            }
            repair(s);
            add(s, population);
        }
        for (int tries = 0; static_cast<int>(population.size()) < config_.population && tries < config_.population;
             ++tries) {
            State s = start;
            mutate(s);
            add(s, population);
        }
    }
    auto keep_best = [&] {  // fittest first, ties in the order they came
        std::stable_sort(population.begin(), population.end(),
                         [](const Scored& a, const Scored& b) { return a.fitness > b.fitness; });
        if (static_cast<int>(population.size()) > config_.population) population.resize(config_.population);
    };
    keep_best();

    for (int g = 0; g < config_.generations && !order.empty() && population.size() > 1; ++g) {
        auto tournament = [&]() -> const State& {
            const size_t a = rng_.below(population.size()), b = rng_.below(population.size());
            return population[std::min(a, b)].state;  // sorted: the lower index is the fitter
        };
        std::vector<Scored> children;
        for (int pair = 0; pair < config_.population && static_cast<int>(children.size()) < config_.population;
             ++pair) {  // bounded: a small problem runs out of new states
            const State &a = tournament(), &b = tournament();
            const size_t cut = rng_.below(n + 1);
            State x(a.begin(), a.begin() + cut), y(b.begin(), b.begin() + cut);
            x.insert(x.end(), b.begin() + cut, b.end());
            y.insert(y.end(), a.begin() + cut, a.end());
            mutate(x);
            mutate(y);
            add(std::move(x), children);
            add(std::move(y), children);
        }
        population.insert(population.end(), std::make_move_iterator(children.begin()),
                          std::make_move_iterator(children.end()));
        keep_best();
    }

    survivors_.clear();
    for (const Scored& s : population) {
        std::map<int, int> by_id;
        for (size_t k = 0; k < n; ++k) by_id[jobs[k].id] = gpus_of(jobs[k], s.state[k]);
        survivors_.push_back(std::move(by_id));
    }
    std::map<int, int> alloc;
    for (size_t k = 0; k < n; ++k) alloc[jobs[k].id] = gpus_of(jobs[k], population.front().state[k]);
    return alloc;
}

}  // namespace sextant::scheduling
