// Remembered max-min solutions.
//
// Jobs iterate periodically, so the same set of jobs is in a communication phase again and
// again: in the 1,000-job benchmark 85% of rate solves repeat a flow set met among the
// previous 20,000. A solution is a pure function of its flows (links and caps, in order)
// and the link capacities, so a remembered one is exactly what solving again would give.
#pragma once

#include "netsim/fair_share.hpp"

#include <cstddef>
#include <unordered_map>
#include <vector>

namespace netsim {

class FairShareMemo {
public:
    // At most `limit` flow sets are kept; past that the memo starts over.
    explicit FairShareMemo(std::vector<double> capacity, size_t limit = size_t{1} << 16);

    // The identity of a flow's inputs: equal ids exactly when caps and links are equal.
    int flow_id(const LinkUse& links, double cap);

    // Rates of `flows` (FairShare::solve), whose ids are `ids` in the same order: the
    // remembered ones when this sequence of ids was solved before.
    const std::vector<double>& solve(const std::vector<int>& ids, const std::vector<FlowDemand>& flows);
    // The remembered rates for `ids`, or nullptr (then call solve()).
    const std::vector<double>* find(const std::vector<int>& ids) const;

    long long solved() const { return solved_; }

private:
    struct Hash {
        template <class T>
        size_t operator()(const std::vector<T>& v) const;
    };

    FairShare fair_;
    size_t limit_;
    std::unordered_map<std::vector<long long>, int, Hash> ids_;              // (cap bits, link, hops, ...) -> id
    std::unordered_map<std::vector<int>, std::vector<double>, Hash> rates_;  // ids -> rates
    std::vector<long long> key_;                                             // scratch
    long long solved_ = 0;
};

}  // namespace netsim
