#include "scheduling/link_meter.hpp"

#include <algorithm>

namespace sextant::scheduling {

LinkMeter::LinkMeter(std::vector<double> capacity_gbps, double bin_s, TimelineSink sink)
    : capacity_(std::move(capacity_gbps)),
      carried_(capacity_.size(), 0.0),
      offered_(capacity_.size(), 0.0),
      totals_(capacity_.size()),
      is_busy_(capacity_.size(), 0),
      bin_s_(bin_s),
      sink_(std::move(sink)),
      bin_carried_(capacity_.size(), 0.0),
      bin_excess_(capacity_.size(), 0.0) {}

void LinkMeter::set(int link, double carried, double offered) {
    carried_[link] = carried;
    offered_[link] = offered;
    if (!is_busy_[link] && (carried > 0 || offered > 0)) is_busy_[link] = 1, busy_.push_back(link);
}

void LinkMeter::clear() {
    for (int l : busy_) carried_[l] = offered_[l] = 0, is_busy_[l] = 0;
    busy_.clear();
}

void LinkMeter::integrate(double dt) {
    if (dt <= 0) return;
    const bool binned = sink_ && bin_s_ > 0;
    for (int l : busy_) {
        double excess = std::max(0.0, offered_[l] - capacity_[l]);
        totals_[l].carried_gbit += carried_[l] * dt;
        totals_[l].excess_gbit += excess * dt;
        if (excess > 1e-9) totals_[l].congested_s += dt;
        if (binned) bin_carried_[l] += carried_[l] * dt, bin_excess_[l] += excess * dt;
    }
}

void LinkMeter::advance(double now_s) {
    if (sink_ && bin_s_ > 0) {
        while (now_s >= bin_start_ + bin_s_) {
            integrate(bin_start_ + bin_s_ - now_);
            now_ = bin_start_ + bin_s_;
            emit_bin();
        }
    }
    integrate(now_s - now_);
    now_ = std::max(now_, now_s);
}

void LinkMeter::emit_bin() {
    const double width = now_ - bin_start_;
    if (width > 0) {
        std::vector<double> util(capacity_.size()), excess(capacity_.size());
        for (size_t l = 0; l < capacity_.size(); ++l) {
            util[l] = bin_carried_[l] / (capacity_[l] * width);
            excess[l] = bin_excess_[l] / width;
        }
        sink_(bin_start_, now_, util, excess);
    }
    std::fill(bin_carried_.begin(), bin_carried_.end(), 0.0);
    std::fill(bin_excess_.begin(), bin_excess_.end(), 0.0);
    bin_start_ = now_;
}

void LinkMeter::flush() {
    if (sink_ && bin_s_ > 0 && now_ > bin_start_) emit_bin();
}

}  // namespace sextant::scheduling
