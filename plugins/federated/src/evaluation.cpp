#include "evaluation.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace federated {

void gather(const Population& population, const ImageData& data, std::uint32_t client, bool test, ClientExamples& out,
            std::size_t limit) {
    auto idx = test ? population.test_indices(client) : population.train_indices(client);
    if (idx.size() > limit) idx.resize(limit);
    const int g = population.group(client);
    const auto& xs = test ? data.test_x : data.train_x;
    const auto& ys = test ? data.test_y : data.train_y;
    out.x.resize(idx.size() * 784);
    out.y.resize(idx.size());
    for (std::size_t i = 0; i < idx.size(); ++i) {
        population.transform(g, xs.data() + std::size_t{idx[i]} * 784, out.x.data() + i * 784);
        out.y[i] = population.label_for(g, ys[idx[i]]);
    }
}

Evaluator::Evaluator(const Population& population, const ImageData& data, const Network& net,
                     const SimulationConfig& cfg)
    : population_(population), data_(data), net_(net), cfg_(cfg), rng_(stream(cfg.seed, Stream::eval)) {
    const std::size_t n = population.size();
    clients_.resize(n);
    std::iota(clients_.begin(), clients_.end(), 0u);
    if (cfg.eval_clients > 0 && cfg.eval_clients < n) {
        // The sample depends on the population seed only, so every algorithm sees the same clients.
        Rng pick = stream(cfg.population.seed, Stream::eval, 1);
        for (std::size_t i = 0; i < cfg.eval_clients; ++i) std::swap(clients_[i], clients_[i + below(pick, n - i)]);
        clients_.resize(cfg.eval_clients);
        std::sort(clients_.begin(), clients_.end());
    }
}

std::vector<int> Evaluator::choose_models(const std::vector<Cohort>& cohorts, const Auxo* auxo,
                                          std::vector<std::uint8_t>& has_cohort) {
    std::vector<int> model(clients_.size(), 0);
    has_cohort.assign(clients_.size(), 1);
    ClientExamples ex;
    std::vector<float> loss;
    for (std::size_t i = 0; i < clients_.size(); ++i) {
        const auto c = clients_[i];
        switch (cfg_.clustering) {
        case Clustering::none: model[i] = 0; continue;
        case Clustering::oracle: model[i] = population_.group(c); continue;
        case Clustering::auxo:
            model[i] = auxo->assigned(c);
            if (model[i] >= 0) continue;
            has_cohort[i] = 0;
            if (!cfg_.unseen_lowest_loss) {  // as coded: a random cohort
                model[i] = static_cast<int>(below(rng_, cohorts.size()));
                continue;
            }
            break;
        case Clustering::ifca: break;
        }
        // The model with the lowest loss on (up to 20 of) the client's training examples.
        gather(population_, data_, c, false, ex, 20);
        double best = 1e300;
        for (std::size_t k = 0; k < cohorts.size(); ++k) {
            net_.evaluate(cohorts[k].weights, ex.x, ex.y, &loss, nullptr);
            const double l = std::accumulate(loss.begin(), loss.end(), 0.0);
            if (l < best) best = l, model[i] = static_cast<int>(k);
        }
    }
    return model;
}

Evaluation Evaluator::evaluate(const std::vector<Cohort>& cohorts, const Auxo* auxo) {
    std::vector<std::uint8_t> has_cohort;
    const auto model = choose_models(cohorts, auxo, has_cohort);
    std::vector<double> acc(clients_.size(), 0.0);
    // Test examples in chunks of clients, one forward pass per (chunk, model): bounded memory.
    constexpr std::size_t kChunk = 256;
    ClientExamples ex, batch;
    std::vector<std::uint8_t> correct;
    for (std::size_t lo = 0; lo < clients_.size(); lo += kChunk) {
        const std::size_t hi = std::min(clients_.size(), lo + kChunk);
        for (std::size_t k = 0; k < cohorts.size(); ++k) {
            batch.x.clear(), batch.y.clear();
            std::vector<std::pair<std::size_t, std::size_t>> spans;  // client slot, examples
            for (std::size_t i = lo; i < hi; ++i) {
                if (model[i] != static_cast<int>(k)) continue;
                gather(population_, data_, clients_[i], true, ex);
                batch.x.insert(batch.x.end(), ex.x.begin(), ex.x.end());
                batch.y.insert(batch.y.end(), ex.y.begin(), ex.y.end());
                spans.emplace_back(i, ex.y.size());
            }
            if (spans.empty()) continue;
            net_.evaluate(cohorts[k].weights, batch.x, batch.y, nullptr, &correct);
            std::size_t at = 0;
            for (auto [i, m] : spans) {
                const auto ok = std::accumulate(correct.begin() + static_cast<std::ptrdiff_t>(at),
                                                correct.begin() + static_cast<std::ptrdiff_t>(at + m), 0.0);
                acc[i] = m ? ok / static_cast<double>(m) : 0.0;
                at += m;
            }
        }
    }

    Evaluation e;
    e.cohorts = cohorts.size();
    const double count = static_cast<double>(acc.size());
    e.mean_accuracy = std::accumulate(acc.begin(), acc.end(), 0.0) / count;
    for (double a : acc) e.accuracy_std += (a - e.mean_accuracy) * (a - e.mean_accuracy) / count;
    e.accuracy_std = std::sqrt(e.accuracy_std);
    auto sorted = acc;
    std::sort(sorted.begin(), sorted.end());
    const std::size_t worst = std::max<std::size_t>(1, sorted.size() / 10);
    e.worst10_accuracy = std::accumulate(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(worst), 0.0) /
                         static_cast<double>(worst);
    const std::size_t groups = population_.config().groups.size();
    std::vector<double> sum(groups, 0.0), num(groups, 0.0);
    std::vector<int> truth, found;
    for (std::size_t i = 0; i < clients_.size(); ++i) {
        const int g = population_.group(clients_[i]);
        sum[static_cast<std::size_t>(g)] += acc[i], num[static_cast<std::size_t>(g)] += 1;
        if (has_cohort[i]) truth.push_back(g), found.push_back(model[i]);
    }
    for (std::size_t g = 0; g < groups; ++g) e.group_accuracy.push_back(num[g] > 0 ? sum[g] / num[g] : 0.0);
    e.clients_with_cohort = truth.size();
    if (!truth.empty()) {
        e.ari = adjusted_rand_index(truth, found);
        std::map<int, std::map<int, std::size_t>> table;  // cohort -> group -> clients
        for (std::size_t i = 0; i < truth.size(); ++i) ++table[found[i]][truth[i]];
        std::size_t majority = 0;
        for (const auto& [k, row] : table) {
            std::size_t best = 0;
            for (const auto& [g, m] : row) best = std::max(best, m);
            majority += best;
        }
        e.purity = static_cast<double>(majority) / static_cast<double>(truth.size());
    }
    return e;
}

}  // namespace federated
