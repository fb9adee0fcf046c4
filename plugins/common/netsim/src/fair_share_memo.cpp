#include "netsim/fair_share_memo.hpp"

#include <bit>
#include <cstdint>

namespace netsim {

template <class T>
size_t FairShareMemo::Hash::operator()(const std::vector<T>& v) const {
    std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ v.size();
    for (T x : v) {
        // splitmix64 finaliser per element: cheap, and well mixed for small integers.
        std::uint64_t z = h + 0x9e3779b97f4a7c15ULL + static_cast<std::uint64_t>(x);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        h = z ^ (z >> 31);
    }
    return static_cast<size_t>(h);
}

FairShareMemo::FairShareMemo(std::vector<double> capacity, size_t limit) : fair_(std::move(capacity)), limit_(limit) {}

int FairShareMemo::flow_id(const LinkUse& links, double cap) {
    key_.clear();
    key_.push_back(std::bit_cast<long long>(cap));
    for (auto [l, hops] : links) key_.push_back(l), key_.push_back(hops);
    return ids_.try_emplace(key_, static_cast<int>(ids_.size())).first->second;
}

const std::vector<double>* FairShareMemo::find(const std::vector<int>& ids) const {
    auto it = rates_.find(ids);
    return it == rates_.end() ? nullptr : &it->second;
}

const std::vector<double>& FairShareMemo::solve(const std::vector<int>& ids, const std::vector<FlowDemand>& flows) {
    if (const auto* known = find(ids)) return *known;
    if (rates_.size() >= limit_) rates_.clear();  // bounds memory; recent sets come back first
    std::vector<double> rates;
    fair_.solve(flows, rates);
    ++solved_;
    return rates_.emplace(ids, std::move(rates)).first->second;
}

}  // namespace netsim
