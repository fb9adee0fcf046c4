#include "netsim/switch_group.hpp"

#include <chrono>
#include <stdexcept>

namespace netsim {

SwitchGroup::SwitchGroup(SwitchAggregationConfig config) : config_(std::move(config)) {
    config_.validate();
    sent_.resize(config_.workers);
}

double SwitchGroup::now() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void SwitchGroup::round(const std::string& name, collective::Reduce op, collective::Words& result, const Encode& encode,
                        collective::Pass pass) {
    const AggregationOp on_switch = switch_op(op);
    const double t = now();
    for (std::size_t w = 0; w < sent_.size(); ++w) encode(w, sent_[w]);
    tally_.encode_s += now() - t;
    if (sent_[0].empty()) {
        result.clear();
    } else {
        switched_.push_back(aggregate_through_switch(config_, sent_, on_switch, received_));
        tally_.reduce_s += switched_.back().seconds;
        // Every worker decodes its own copy; they are equal because the switch multicasts one slot.
        for (std::size_t w = 1; w < received_.size(); ++w)
            if (received_[w] != received_[0])
                throw std::logic_error("round '" + name + "': worker " + std::to_string(w) +
                                       " received a different result than worker 0");
        result = received_[0];
    }
    tally_.rounds.push_back({name, op, collective::message_bytes(result), collective::message_bytes(result), pass});
}

}  // namespace netsim
