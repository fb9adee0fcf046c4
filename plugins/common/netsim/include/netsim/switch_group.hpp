// K workers whose rounds go through the simulated switch's registers
// (aggregate_through_switch): a protocol written against collective::Group - the codec's
// LHC or dense-int - runs on the switch model unchanged, data and all. A round's reduce
// time is its simulated time on the fabric; encoding is wall time of this process.
#pragma once

#include "netsim/switch_aggregation.hpp"

#include <collective/group.hpp>

namespace netsim {

class SwitchGroup final : public collective::Group {
public:
    explicit SwitchGroup(SwitchAggregationConfig config);

    std::size_t size() const override { return config_.workers; }
    std::size_t members() const override { return config_.workers; }
    std::string member_name(std::size_t local) const override { return "worker " + std::to_string(local); }
    double now() const override;
    // Throws std::invalid_argument for an operator the switch cannot run (float sums).
    void round(const std::string& name, collective::Reduce op, collective::Words& result, const Encode& encode,
               collective::Pass pass) override;

    // The simulation of each round that carried data, in order.
    const std::vector<SwitchAggregationResult>& switched() const { return switched_; }

private:
    SwitchAggregationConfig config_;
    std::vector<collective::Words> sent_, received_;
    std::vector<SwitchAggregationResult> switched_;
};

}  // namespace netsim
