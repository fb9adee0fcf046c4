#include "netsim/fair_share.hpp"

#include <algorithm>
#include <limits>

namespace netsim {

namespace {
constexpr double kEps = 1e-9;
}

FairShare::FairShare(std::vector<double> capacity)
    : capacity_(std::move(capacity)),
      residual_(capacity_.size()),
      weight_(capacity_.size()),
      full_(capacity_.size(), 0),
      seen_(capacity_.size(), 0) {
    for (double c : capacity_) full_at_.push_back(kEps * std::max(1.0, c));
}

// Progressive filling: all unfrozen flows rise together by the largest step no link or
// cap forbids; flows at their cap or on a full link freeze.
//
// Unfrozen flows all hold the same rate (the sum of the steps so far), so a round needs
// one division per link in use rather than per (flow, link), and touches only unfrozen
// flows and their links: no O(L) term, so a small part of a large fabric costs only its
// own size. Link residuals are reduced flow by flow, in flow order, so every number is
// what the textbook per-flow loop computes.
void FairShare::solve(const std::vector<FlowDemand>& flows, std::vector<double>& rates) {
    const size_t n = flows.size();
    rates.assign(n, 0.0);
    live_.clear();
    live_links_.clear();
    if (++stamp_ == 0) std::fill(seen_.begin(), seen_.end(), 0), stamp_ = 1;
    for (size_t f = 0; f < n; ++f) {
        if (flows[f].cap <= 0 || flows[f].links->empty()) continue;  // nothing to send over the network
        live_.push_back(static_cast<int>(f));
        for (auto [l, hops] : *flows[f].links) {
            if (seen_[l] != stamp_)
                seen_[l] = stamp_, weight_[l] = 0, residual_[l] = capacity_[l], live_links_.push_back(l);
            weight_[l] += hops;
        }
    }
    double level = 0;  // the rate every unfrozen flow holds
    while (!live_.empty()) {
        // The largest common increase before some link fills up or some flow hits its cap.
        double step = std::numeric_limits<double>::infinity();
        for (int f : live_) step = std::min(step, flows[f].cap - level);
        for (int l : live_links_) step = std::min(step, residual_[l] / weight_[l]);
        step = std::max(step, 0.0);
        level += step;
        for (int f : live_)
            for (auto [l, hops] : *flows[f].links) residual_[l] -= step * hops;
        for (int l : live_links_) full_[l] = residual_[l] <= full_at_[l];
        // Freeze flows that reached their cap or cross a full link.
        frozen_.clear();
        size_t kept = 0;
        for (int f : live_) {
            bool done = flows[f].cap != kUncapped && level >= flows[f].cap - kEps * std::max(1.0, flows[f].cap);
            for (auto [l, hops] : *flows[f].links) done = done || full_[l];
            if (done) rates[f] = level, frozen_.push_back(f);
            else live_[kept++] = f;
        }
        live_.resize(kept);
        if (kept == 0) break;  // all frozen: the weights are not needed any more
        // Frozen flows' links lose their weight; links left without any leave the rounds.
        bool emptied = false;
        for (int f : frozen_)
            for (auto [l, hops] : *flows[f].links) emptied = (weight_[l] -= hops) == 0 || emptied;
        if (emptied)
            live_links_.erase(
                std::remove_if(live_links_.begin(), live_links_.end(), [&](int l) { return weight_[l] == 0; }),
                live_links_.end());
    }
    // Residuals, weights and flags are scratch; they are reset for the links in use on the next call.
}

}  // namespace netsim
