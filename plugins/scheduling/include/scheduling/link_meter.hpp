// Per-link accounting over simulated time: carried traffic, and the congestion measure.
//
// Congestion measure (a stand-in for ECN marks): a link is congested while the jobs
// communicating across it together offer more than its capacity, counting each job at its
// full sending rate (NIC or model cap). The excess, integrated over time, is the volume
// that would have queued and been marked: "excess Gbit". Congested seconds count how long
// that lasts. The fluid model has no queues, so this is not a packet count; ratios between
// runs are what it is meant for.
#pragma once

#include <functional>
#include <vector>

namespace sextant::scheduling {

struct LinkTotals {
    double carried_gbit = 0.0;
    double excess_gbit = 0.0;
    double congested_s = 0.0;
};

// One timeline bin: mean utilisation (carried / capacity) and mean excess Gbps per link.
using TimelineSink = std::function<void(double start_s, double end_s, const std::vector<double>& utilisation,
                                        const std::vector<double>& excess_gbps)>;

// Each link's rates are held until they change; only then (and at timeline bin ends) is
// the interval since the last change integrated, so an event costs nothing for links whose
// load it leaves as it was.
class LinkMeter {
public:
    LinkMeter(std::vector<double> capacity_gbps, double bin_s, TimelineSink sink);

    // Current rates of one link from the current time on (0, 0: idle).
    void set(int link, double carried_gbps, double offered_gbps);
    // Moves the clock to `now_s`, emitting the timeline bins that end on the way.
    void advance(double now_s);
    void flush();  // integrates every link up to now and emits the partial last bin
    // Traffic carried in the current bin outside set()'s held rates: a coasting job's
    // transfers (simulation_coast.cpp), which are never constraints (their links cannot
    // fill), so they add carried volume and no excess.
    void add_carried(int link, double gbit);
    // Where the current timeline bin ends (infinity without a timeline): volume added with
    // add_carried() must belong to the bin that ends there.
    double bin_end() const;

    const std::vector<LinkTotals>& totals() const { return totals_; }  // complete after flush()
    double capacity(int link) const { return capacity_[link]; }

private:
    bool binned() const;
    void integrate(int link, double until);  // its held rates from since_[link] to `until`
    void emit_bin();

    std::vector<double> capacity_;
    std::vector<double> carried_, offered_;
    std::vector<double> since_;  // per link: integrated up to here
    std::vector<LinkTotals> totals_;
    std::vector<int> busy_;     // links with traffic now
    std::vector<int> busy_at_;  // index in busy_, -1 when idle
    double now_ = 0.0;
    double bin_s_;
    double bin_start_ = 0.0;
    TimelineSink sink_;
    std::vector<double> bin_carried_, bin_excess_;
};

}  // namespace sextant::scheduling
