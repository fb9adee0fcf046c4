#include "scheduling/policies.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <tuple>

namespace sextant::scheduling {

Policy parse_policy(const std::string& text) {
    if (text == "fifo") return Policy::Fifo;
    if (text == "srtf") return Policy::Srtf;
    if (text == "las" || text == "tiresias") return Policy::Las;
    if (text == "themis") return Policy::Themis;
    if (text == "themis-ftf") return Policy::ThemisAuction;
    if (text == "pollux") return Policy::Pollux;
    throw std::invalid_argument("scheduler: expected fifo, srtf, las, themis, themis-ftf or pollux, got '" + text +
                                "'");
}

const char* to_string(Policy p) {
    switch (p) {
    case Policy::Fifo: return "fifo";
    case Policy::Srtf: return "srtf";
    case Policy::Las: return "las";
    case Policy::Themis: return "themis";
    case Policy::ThemisAuction: return "themis-ftf";
    case Policy::Pollux: return "pollux";
    }
    return "?";
}

bool preemptive(Policy p) { return p != Policy::Fifo; }

namespace {
double rho(const JobView& j, double now_s) { return (now_s - j.arrival_s + j.remaining_s) / std::max(j.total_s, 1e-9); }

// Themis's round: offer to the least fairly treated 1 - f, winners by bid per GPU.
std::vector<int> themis_auction(const std::vector<JobView>& jobs, double now_s, const PolicyConfig& config) {
    std::vector<std::tuple<double, double, int, size_t>> by_rho;  // -rho, arrival, id, index
    for (size_t i = 0; i < jobs.size(); ++i)
        by_rho.emplace_back(-rho(jobs[i], now_s), jobs[i].arrival_s, jobs[i].id, i);
    std::sort(by_rho.begin(), by_rho.end());
    const size_t offered =
        jobs.empty()
            ? 0
            : std::max<size_t>(1, static_cast<size_t>(std::ceil(
                                      (1 - config.themis_fairness) * static_cast<double>(jobs.size()) - 1e-9)));
    std::vector<std::tuple<double, double, int>> winners;  // -bid per GPU, arrival, id
    for (size_t k = 0; k < offered; ++k) {
        const JobView& j = jobs[std::get<3>(by_rho[k])];
        winners.emplace_back(-config.round_s / std::max(j.total_s, 1e-9) / j.gpus, j.arrival_s, j.id);
    }
    std::sort(winners.begin(), winners.end());
    std::vector<int> ids;
    for (const auto& w : winners) ids.push_back(std::get<2>(w));
    for (size_t k = offered; k < by_rho.size(); ++k) ids.push_back(std::get<2>(by_rho[k]));
    return ids;
}
}  // namespace

std::vector<int> priority_order(Policy policy, const std::vector<JobView>& jobs, double now_s,
                                const PolicyConfig& config) {
    if (policy == Policy::ThemisAuction) return themis_auction(jobs, now_s, config);
    // Lower key = higher priority.
    auto key = [&](const JobView& j) -> double {
        switch (policy) {
        case Policy::Fifo: return 0.0;
        case Policy::Srtf: return j.remaining_s;
        case Policy::Las: return j.attained_gpu_s < config.las_threshold_gpu_s ? 0.0 : 1.0;
        case Policy::Themis: return -rho(j, now_s);
        case Policy::ThemisAuction: return 0.0;  // handled above
        case Policy::Pollux: return 0.0;         // arrival order (the simulator allocates by goodput)
        }
        return 0.0;
    };
    std::vector<std::tuple<double, double, int>> order;
    order.reserve(jobs.size());
    for (const JobView& j : jobs) order.emplace_back(key(j), j.arrival_s, j.id);
    std::sort(order.begin(), order.end());
    std::vector<int> ids;
    ids.reserve(order.size());
    for (const auto& o : order) ids.push_back(std::get<2>(o));
    return ids;
}

}  // namespace sextant::scheduling
