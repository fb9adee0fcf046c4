#include "scheduling/policies.hpp"

#include <algorithm>
#include <stdexcept>
#include <tuple>

namespace sextant::scheduling {

Policy parse_policy(const std::string& text) {
    if (text == "fifo") return Policy::Fifo;
    if (text == "srtf") return Policy::Srtf;
    if (text == "las" || text == "tiresias") return Policy::Las;
    if (text == "themis") return Policy::Themis;
    throw std::invalid_argument("scheduler: expected fifo, srtf, las or themis, got '" + text + "'");
}

const char* to_string(Policy p) {
    switch (p) {
    case Policy::Fifo: return "fifo";
    case Policy::Srtf: return "srtf";
    case Policy::Las: return "las";
    case Policy::Themis: return "themis";
    }
    return "?";
}

bool preemptive(Policy p) { return p != Policy::Fifo; }

std::vector<int> priority_order(Policy policy, const std::vector<JobView>& jobs, double now_s,
                                const PolicyConfig& config) {
    // Lower key = higher priority.
    auto key = [&](const JobView& j) -> double {
        switch (policy) {
        case Policy::Fifo: return 0.0;
        case Policy::Srtf: return j.remaining_s;
        case Policy::Las: return j.attained_gpu_s < config.las_threshold_gpu_s ? 0.0 : 1.0;
        case Policy::Themis: {
            double rho = (now_s - j.arrival_s + j.remaining_s) / std::max(j.total_s, 1e-9);
            return -rho;
        }
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
