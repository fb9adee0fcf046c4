#include "scheduling/network.hpp"

#include <algorithm>
#include <limits>

namespace sextant::scheduling {

FairShare::FairShare(std::vector<double> capacity_gbps)
    : capacity_(std::move(capacity_gbps)), residual_(capacity_.size()), weight_(capacity_.size()) {}

void FairShare::solve(const std::vector<FlowDemand>& flows, std::vector<double>& rates) {
    const size_t n = flows.size();
    rates.assign(n, 0.0);
    frozen_.assign(n, 0);
    std::fill(weight_.begin(), weight_.end(), 0.0);
    size_t active = 0;
    for (size_t f = 0; f < n; ++f) {
        if (flows[f].cap_gbps <= 0 || flows[f].links->empty()) {
            frozen_[f] = 1;  // nothing to send over the network
            continue;
        }
        ++active;
        for (auto [l, hops] : *flows[f].links) {
            weight_[l] += hops;
            residual_[l] = capacity_[l];
        }
    }
    constexpr double kEps = 1e-9;
    while (active > 0) {
        // The largest common increase before some link fills up or some flow hits its cap.
        double step = std::numeric_limits<double>::infinity();
        for (size_t f = 0; f < n; ++f)
            if (!frozen_[f]) {
                step = std::min(step, flows[f].cap_gbps - rates[f]);
                for (auto [l, hops] : *flows[f].links) step = std::min(step, residual_[l] / weight_[l]);
            }
        step = std::max(step, 0.0);
        for (size_t f = 0; f < n; ++f)
            if (!frozen_[f]) rates[f] += step;
        for (size_t f = 0; f < n; ++f)
            if (!frozen_[f])
                for (auto [l, hops] : *flows[f].links) residual_[l] -= step * hops;
        // Freeze flows that reached their cap or cross a full link; their links lose weight.
        for (size_t f = 0; f < n; ++f) {
            if (frozen_[f]) continue;
            bool done = rates[f] >= flows[f].cap_gbps - kEps * std::max(1.0, flows[f].cap_gbps);
            for (auto [l, hops] : *flows[f].links)
                if (residual_[l] <= kEps * std::max(1.0, capacity_[l])) done = true;
            if (done) {
                frozen_[f] = 1;
                --active;
                for (auto [l, hops] : *flows[f].links) weight_[l] -= hops;
            }
        }
    }
    // Link residuals are scratch; they are reset for the links in use on the next call.
}

}  // namespace sextant::scheduling
