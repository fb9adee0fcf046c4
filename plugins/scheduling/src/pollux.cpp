#include "scheduling/pollux.hpp"

#include "scheduling/job.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace sextant::scheduling {

PolluxSearchKind parse_pollux_search(const std::string& text) {
    if (text == "genetic") return PolluxSearchKind::Genetic;
    if (text == "greedy") return PolluxSearchKind::Greedy;
    throw std::invalid_argument("pollux_search: expected genetic or greedy, got '" + text + "'");
}

void PolluxConfig::validate() const {
    if (!(noise_scale > 0)) throw std::invalid_argument("pollux: pollux_noise_scale must be positive");
    if (!(fairness_p <= 1) || !std::isfinite(fairness_p))
        throw std::invalid_argument("pollux: pollux_fairness_p must be a number <= 1");
    if (population < 2) throw std::invalid_argument("pollux: pollux_population must be at least 2");
    if (!(noise_growth > 0) || !std::isfinite(noise_growth))
        throw std::invalid_argument("pollux: pollux_noise_growth must be positive");
    if (generations < 0) throw std::invalid_argument("pollux: pollux_generations must be 0 or more");
}

double noise_scale_at(const PolluxConfig& config, double fraction) {
    return config.noise_scale * std::pow(config.noise_growth, std::clamp(fraction, 0.0, 1.0));
}

int ElasticChoices::index_of(int gpus) const {
    const auto it = std::find(sizes.begin(), sizes.end(), gpus);
    return it == sizes.end() ? -1 : static_cast<int>(it - sizes.begin());
}

double ElasticChoices::progress_at(int gpus) const {
    const int i = index_of(gpus);
    if (i < 0) throw std::invalid_argument("pollux: no allocation of " + std::to_string(gpus) + " GPUs");
    return progress_per_iteration[i];
}

ElasticChoices elastic_choices(const ModelProfile& model, int requested, int gpus_per_server, double nic_gbps,
                               int cluster_gpus, const PolluxConfig& config) {
    config.validate();
    ElasticChoices c;
    const bool elastic = model.parallelism == "data";
    if (elastic) {
        for (int a = 1; a <= std::min(2 * requested, cluster_gpus); a *= 2) c.sizes.push_back(a);
        if (requested <= cluster_gpus) c.sizes.push_back(requested);
        std::sort(c.sizes.begin(), c.sizes.end());
        c.sizes.erase(std::unique(c.sizes.begin(), c.sizes.end()), c.sizes.end());
    } else {
        c.sizes = {requested};
    }
    auto iteration_s = [&](int gpus) { return consolidated_iteration_seconds(model, gpus, gpus_per_server, nic_gbps); };
    const double asked = requested / iteration_s(requested);  // samples / s / batch, at the request
    for (int a : c.sizes) {
        const double batch = static_cast<double>(a) / requested;  // M / M0
        const double efficiency = (config.noise_scale + 1) / (config.noise_scale + batch);
        c.progress_per_iteration.push_back(batch * efficiency);
        c.speedup.push_back(a / iteration_s(a) * efficiency / asked);
    }
    return c;
}

std::map<int, int> pollux_allocation(const std::vector<ElasticJob>& jobs, int cluster_gpus, bool reallocate) {
    std::map<int, int> alloc;
    std::vector<bool> may_change(jobs.size());
    int free = cluster_gpus;
    for (size_t k = 0; k < jobs.size(); ++k) {
        const bool keeps = !reallocate && jobs[k].current > 0;
        alloc[jobs[k].id] = keeps ? jobs[k].current : 0;
        may_change[k] = !keeps;
        free -= alloc[jobs[k].id];
    }
    auto speedup = [](const ElasticChoices& c, int gpus) {  // 0 GPUs: no progress
        const int i = c.index_of(gpus);
        return i < 0 ? 0.0 : c.speedup[i];
    };
    while (true) {
        int best = -1, best_size = 0;
        double best_gain = 0;
        for (size_t k = 0; k < jobs.size(); ++k) {
            if (!may_change[k]) continue;
            const ElasticChoices& c = *jobs[k].choices;
            const int now = alloc[jobs[k].id];
            auto next = std::upper_bound(c.sizes.begin(), c.sizes.end(), now);
            if (next == c.sizes.end() || *next - now > free) continue;
            // A job that already holds these GPUs wins a tie: it need not restart.
            const double gain =
                (speedup(c, *next) - speedup(c, now)) / (*next - now) + (jobs[k].current >= *next ? 1e-9 : 0.0);
            if (gain > best_gain) best = static_cast<int>(k), best_size = *next, best_gain = gain;
        }
        if (best < 0) break;
        free -= best_size - alloc[jobs[best].id];
        alloc[jobs[best].id] = best_size;
    }
    return alloc;
}

}  // namespace sextant::scheduling
