// Message transfers between hosts as fluid flows with max-min fair sharing.
//
// Host-based collectives move megabytes per message; simulating each packet would cost
// millions of events without changing the answer. A flow is therefore a fluid: between
// two events every flow moves bytes at a constant rate, and rates are the max-min fair
// allocation of link capacity among the flows active at that moment (netsim/fair_share.hpp,
// the solver the scheduling simulator uses too). A flow's bytes are wire bytes: payload
// plus one header per packet of the PacketFormat. When the fluid is drained at the sender, the last packet still has to
// cross the path: the flow is delivered after the path's tail latency
//   sum(link latency) + sum(switch forwarding latency)
//   + sum over hops after the first of (last packet's wire size / that hop's rate),
// i.e. store-and-forward of the final packet. For one flow alone on a path of equal-rate
// links this is exactly the packet-level finishing time.
#pragma once

#include "netsim/fair_share.hpp"
#include "netsim/link.hpp"
#include "netsim/simulator.hpp"
#include "netsim/topology.hpp"

#include <cstdint>
#include <functional>
#include <vector>

namespace netsim {

class FlowNetwork {
public:
    using Delivered = std::function<void()>;

    FlowNetwork(Simulator& sim, const Topology& topology, PacketFormat packets);

    // Starts moving `payload_bytes` from src to dst at the simulator's current time;
    // `delivered` runs once the last byte has arrived. src == dst is a local copy:
    // delivered at once, nothing on the wire.
    void send(NodeId src, NodeId dst, std::uint64_t payload_bytes, Delivered delivered);

    struct Totals {
        std::uint64_t flows_started = 0;
        std::uint64_t flows_delivered = 0;
        std::uint64_t payload_bytes_sent = 0;
        std::uint64_t payload_bytes_delivered = 0;
        std::uint64_t wire_bytes_sent = 0;    // payload + headers, network flows only
        std::vector<double> link_wire_bytes;  // bytes carried per directed link
        std::uint64_t rate_allocations = 0;   // how often max-min was recomputed
    };
    const Totals& totals() const { return totals_; }

    double tail_latency_s(NodeId src, NodeId dst, std::uint64_t payload_bytes) const;

private:
    struct Flow {
        std::vector<LinkId> path;
        LinkUse links;           // the path, each link once, for the rate solver
        double remaining = 0.0;  // wire bytes still to leave the sender
        double wire = 0.0;
        double rate = 0.0;  // bytes per second
        double tail_s = 0.0;
        std::uint64_t payload = 0;
        Delivered delivered;
    };

    void drain_to(double t);
    void allocate_rates();
    void on_change();
    void schedule_next_finish();
    void finish_drained_flows();

    Simulator& sim_;
    const Topology& topology_;
    PacketFormat packets_;
    FairShare fair_;                  // bytes per second per directed link
    std::vector<FlowDemand> demand_;  // scratch of allocate_rates()
    std::vector<double> rates_;       // scratch of allocate_rates()
    std::vector<Flow> active_;
    double drained_at_ = 0.0;
    std::uint64_t generation_ = 0;  // invalidates finish events scheduled under old rates
    bool change_pending_ = false;
    Totals totals_;
};

}  // namespace netsim
