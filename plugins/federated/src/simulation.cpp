#include "federated/simulation.hpp"

#include "evaluation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace federated {

Clustering clustering_kind(const std::string& name) {
    if (name == "none") return Clustering::none;
    if (name == "auxo") return Clustering::auxo;
    if (name == "oracle") return Clustering::oracle;
    if (name == "ifca") return Clustering::ifca;
    throw std::invalid_argument("clustering: expected none, auxo, oracle or ifca, got '" + name + "'");
}

const char* to_string(Clustering c) {
    switch (c) {
    case Clustering::none: return "none";
    case Clustering::auxo: return "auxo";
    case Clustering::oracle: return "oracle";
    case Clustering::ifca: return "ifca";
    }
    return "?";
}

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Sums client updates for one model; memory is one model, whatever the participants.
struct UpdateSum {
    std::vector<float> sum;
    std::size_t count = 0;
    void add(std::span<const float> start, std::span<const float> trained) {
        if (sum.empty()) sum.assign(start.size(), 0.0f);
        for (std::size_t i = 0; i < sum.size(); ++i) sum[i] += trained[i] - start[i];
        ++count;
    }
    void apply_to(Cohort& cohort) {
        if (count == 0) return;
        for (auto& x : sum) x /= static_cast<float>(count);
        cohort.optimiser.apply(cohort.weights, sum);
        sum.clear();
        count = 0;
    }
};

}  // namespace

SimulationResult simulate(const SimulationConfig& cfg, const ImageData& data, const SimulationHooks& hooks) {
    const auto start = Clock::now();
    if (data.train_x.size() != data.train_y.size() * 784 || data.test_x.size() != data.test_y.size() * 784)
        throw std::invalid_argument("simulate: images must be 784 floats each, one label per image");
    if (cfg.participants == 0 || cfg.rounds == 0)
        throw std::invalid_argument("simulate: participants and rounds must be >= 1");
    auto log = [&](const std::string& m) {
        if (hooks.log) hooks.log(m);
    };

    const Population population(cfg.population, data.train_y, data.test_y);
    const Traces traces = cfg.trace_file.empty() ? Traces::synthesise(population, cfg.traces)
                                                 : Traces::read_csv(cfg.trace_file, population.size());
    const Network net(cfg.model);
    const std::size_t n = population.size();
    RoundTiming timing = cfg.timing;
    timing.samples = static_cast<std::size_t>(cfg.local.steps * cfg.local.batch);
    timing.model_bytes = 4.0 * static_cast<double>(net.size());
    LocalTraining local = cfg.local;
    local.prox_mu = cfg.aggregator == Aggregator::fedprox ? cfg.prox_mu : 0.0;
    log("population " + std::to_string(n) + " clients, " + std::to_string(net.size()) + " weights, " +
        std::to_string(static_cast<int>(100 * traces.mean_available_fraction())) + "% online on average");

    // Models: one, one per true group (oracle), K differently initialised (IFCA); Auxo grows.
    std::vector<Cohort> cohorts;
    const std::size_t groups = cfg.population.groups.size();
    const std::size_t initial = cfg.clustering == Clustering::oracle ? groups
                                : cfg.clustering == Clustering::ifca
                                    ? static_cast<std::size_t>(std::max(1, cfg.ifca_models))
                                    : 1;
    for (std::size_t k = 0; k < initial; ++k)
        cohorts.push_back({net.initial(cfg.clustering == Clustering::ifca ? cfg.seed + k : cfg.seed),
                           ServerOptimizer(cfg.aggregator, cfg.yogi), 0.0});
    AuxoSettings auxo_settings = cfg.auxo;
    // FedScale's train_ratio: participants per round over the population (client_manager.py).
    auxo_settings.train_ratio =
        static_cast<double>(cfg.participants) / static_cast<double>(std::max<std::size_t>(1, n));
    Auxo auxo(cfg.clustering == Clustering::auxo ? n : 0, auxo_settings, cfg.seed);
    const std::size_t dim =
        std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(net.size() * cfg.auxo.signal_fraction)));
    const std::size_t tail = net.size() - dim;

    std::vector<std::uint32_t> everyone(n);
    std::iota(everyone.begin(), everyone.end(), 0u);
    std::vector<std::vector<std::uint32_t>> by_group(groups);
    for (std::uint32_t c = 0; c < n; ++c) by_group[static_cast<std::size_t>(population.group(c))].push_back(c);

    Evaluator evaluator(population, data, net, cfg);
    Rng round_rng = stream(cfg.seed, Stream::rounds), train_rng = stream(cfg.seed, Stream::training);
    Rng sides_rng = stream(cfg.seed, Stream::sides);  // chance gaps only; no effect on training
    SimulationResult result;
    result.model_parameters = net.size();
    std::vector<float> weights;
    ClientExamples ex;

    auto train_client = [&](std::uint32_t c, const std::vector<float>& from) {
        gather(population, data, c, false, ex);
        weights = from;
        const auto t0 = Clock::now();
        net.train(weights, ex.x, ex.y, local, train_rng);
        result.training_wall_s += since(t0);
        ++result.client_trainings;
    };

    for (int r = 1; r <= static_cast<int>(cfg.rounds); ++r) {
        if (hooks.cancelled && hooks.cancelled()) {
            result.cancelled = true;
            break;
        }
        const auto round_start = Clock::now();
        local.lr =
            std::max(cfg.lr_min, cfg.local.lr * std::pow(cfg.lr_decay, (r - 1) / std::max(1, cfg.lr_decay_every)));
        RoundRecord rec;
        rec.round = r;

        if (cfg.clustering == Clustering::ifca) {
            // One sample from everyone; each participant trains the model that fits it best.
            const RoundPlan plan =
                plan_round(traces, everyone, cohorts[0].clock_s, cfg.participants, timing, round_rng);
            std::vector<UpdateSum> sums(cohorts.size());
            std::vector<float> loss;
            for (auto c : plan.participants) {
                gather(population, data, c, false, ex);
                std::size_t best = 0;
                double best_loss = 1e300;
                for (std::size_t k = 0; k < cohorts.size(); ++k) {
                    net.evaluate(cohorts[k].weights, ex.x, ex.y, &loss, nullptr);
                    const double l = std::accumulate(loss.begin(), loss.end(), 0.0);
                    if (l < best_loss) best_loss = l, best = k;
                }
                train_client(c, cohorts[best].weights);
                sums[best].add(cohorts[best].weights, weights);
            }
            for (std::size_t k = 0; k < cohorts.size(); ++k) sums[k].apply_to(cohorts[k]);
            for (auto& m : cohorts) m.clock_s += plan.duration_s;
            rec.participants = plan.participants.size();
            rec.dropped = plan.dropped_offline + plan.dropped_deadline;
        } else {
            std::vector<std::vector<std::uint32_t>> candidates;
            if (cfg.clustering == Clustering::auxo) {
                candidates.assign(cohorts.size(), {});
                for (std::uint32_t c = 0; c < n; ++c) candidates[static_cast<std::size_t>(auxo.choose(c))].push_back(c);
            }
            const std::size_t active = cohorts.size();  // a cohort split this round trains from the next
            for (std::size_t k = 0; k < active; ++k) {
                const auto& pool = cfg.clustering == Clustering::auxo     ? candidates[k]
                                   : cfg.clustering == Clustering::oracle ? by_group[k]
                                                                          : everyone;
                // Participants are split equally across cohorts (Auxo's plan as coded).
                const std::size_t share = cfg.participants / active + (k < cfg.participants % active ? 1 : 0);
                const RoundPlan plan = plan_round(traces, pool, cohorts[k].clock_s, share, timing, round_rng);
                cohorts[k].clock_s += plan.duration_s;
                rec.participants += plan.participants.size();
                rec.dropped += plan.dropped_offline + plan.dropped_deadline;
                UpdateSum sum;
                std::vector<float> signals;
                for (auto c : plan.participants) {
                    train_client(c, cohorts[k].weights);
                    sum.add(cohorts[k].weights, weights);
                    if (cfg.clustering == Clustering::auxo)
                        for (std::size_t t = tail; t < net.size(); ++t)
                            signals.push_back(cohorts[k].weights[t] - weights[t]);
                }
                sum.apply_to(cohorts[k]);
                if (cfg.clustering == Clustering::auxo && !plan.participants.empty()) {
                    const std::size_t tests = auxo.split_tests().size();
                    const int j = auxo.observe(static_cast<int>(k), r, plan.participants, signals, dim);
                    if (auxo.split_tests().size() > tests) {
                        const SplitTest& t = auxo.split_tests().back();
                        rec.split_separations.push_back(t.separation);
                        ProposedSplit p{t.cohort, t.separation, t.groups, t.by_groups.at(0), t.split, {}, {}};
                        for (int s = 0; s < 2; ++s) p.sides[s] = makeup_of(population, t.sides[s]);
                        p.gap = sides_gap(population, t.sides[0], t.sides[1], sides_rng);
                        log("round " + std::to_string(r) + ": cohort " + std::to_string(k) + " separation " +
                            std::to_string(t.separation) + " (" + std::to_string(t.groups) + " groups; sides " +
                            std::to_string(t.by_groups.at(0)) + ")" + (t.split ? ": split" : ": not split") +
                            "; sides' group gap " + std::to_string(p.gap.group) + " (chance " +
                            std::to_string(p.gap.group_chance) + "), label gap " + std::to_string(p.gap.label) +
                            " (chance " + std::to_string(p.gap.label_chance) + ")");
                        rec.proposed_splits.push_back(std::move(p));
                    }
                    if (j >= 0) {
                        cohorts.push_back(cohorts[k]);  // model, optimiser state and clock
                        log("round " + std::to_string(r) + ": cohort " + std::to_string(k) + " split into " +
                            std::to_string(k) + " and " + std::to_string(j));
                    }
                }
            }
        }
        rec.cohorts = cohorts.size();
        for (const auto& m : cohorts) rec.virtual_s = std::max(rec.virtual_s, m.clock_s);
        rec.wall_s = since(round_start);
        result.rounds.push_back(rec);
        if (hooks.round_done) hooks.round_done(rec);

        if (r % std::max(1, cfg.eval_every) == 0 || r == static_cast<int>(cfg.rounds)) {
            Evaluation e = evaluator.evaluate(cohorts, cfg.clustering == Clustering::auxo ? &auxo : nullptr);
            e.round = r;
            e.virtual_s = rec.virtual_s;
            if (result.time_to_target_s < 0 && e.mean_accuracy >= cfg.target_accuracy)
                result.time_to_target_s = e.virtual_s;
            result.evaluations.push_back(e);
            if (hooks.evaluated) hooks.evaluated(e);
        }
    }
    result.wall_s = since(start);
    return result;
}

}  // namespace federated
