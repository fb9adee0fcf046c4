#include "fabric_dumbbell.hpp"

#include "netsim/packet/fabric.hpp"
#include "netsim/packet/topologies.hpp"

#include <functional>

namespace sextant::congestion {

namespace np = netsim::packet;

DumbbellTrace run_fabric_dumbbell(const DumbbellScenario& s, bool ecn_at_enqueue) {
    np::ShapeLinks links;
    links.host_gbps = s.gbps;
    links.latency_s = s.link_delay_us * 1e-6;
    // N senders and the receiver on one switch: its port to the receiver is the bottleneck.
    np::Network net = np::make_single_switch(s.senders + 1, links);
    const netsim::NodeId receiver = net.hosts[s.senders];

    np::FabricConfig cfg;
    cfg.payload_bytes = s.payload_bytes;
    cfg.pfc = false;
    cfg.ecn = true;
    cfg.kmin_kb_per_25g = cfg.kmax_kb_per_25g = s.k_bytes / 1000 * 25 / s.gbps;  // step at K on a gbps port
    cfg.pmax = 1;
    cfg.ecn_at_enqueue = ecn_at_enqueue;
    cfg.buffer_mb = s.buffer_mb;
    cfg.sample_interval_s = s.sample_us * 1e-6;
    cfg.cc.scheme = np::CcScheme::Dctcp;
    cfg.cc.dctcp.window_mode = true;
    cfg.cc.dctcp.init_window_packets = s.init_cwnd_packets;
    cfg.cc.dctcp.g = s.g;
    cfg.validate();

    np::Fabric fabric(net.topology, cfg);
    std::uint32_t finished = 0;
    for (std::uint32_t i = 0; i < s.senders; ++i)
        fabric.send(net.hosts[i], receiver, s.flow_bytes(), [&](np::FlowId, double) { ++finished; });
    // Windows at the fabric's own sample times (k * interval); reading them changes nothing.
    std::vector<double> windows;
    std::function<void()> sample_windows = [&] {
        double sum = 0;
        std::uint32_t active = 0;
        for (np::FlowId f = 0; f < s.senders; ++f) {
            if (fabric.flows()[f].finish_s >= 0) continue;
            sum += fabric.flow_window_bytes(f) / (cfg.payload_bytes + cfg.header_bytes);
            ++active;
        }
        windows.push_back(active ? sum / active : 0);
        if (finished < s.senders) fabric.at(fabric.now() + cfg.sample_interval_s, sample_windows);
    };
    fabric.at(cfg.sample_interval_s, sample_windows);
    fabric.run();

    netsim::LinkId bottleneck = 0;
    for (netsim::LinkId l = 0; l < net.topology.link_count(); ++l)
        if (net.topology.link(l).to == receiver) bottleneck = l;

    DumbbellTrace t;
    t.simulator = "fabric";
    t.wire_bytes_per_packet = cfg.payload_bytes + cfg.header_bytes;
    t.notes.push_back(
        "window-mode DCTCP (slow start, +1 MSS per window, cut by alpha/2 once per window), ACK per "
        "packet of " +
        std::to_string(cfg.ack_bytes) + " B, PFC off, " +
        (ecn_at_enqueue ? "marking at enqueue when the queue found > K"
                        : "marking at dequeue when the queue left behind > K"));
    std::vector<double> cum(s.senders, 0);
    for (const np::Sample& smp : fabric.samples()) {
        for (std::uint32_t f = 0; f < s.senders; ++f) cum[f] += smp.flow_gbps[f] * 1e9 / 8 * s.sample_us * 1e-6;
        t.sample_s.push_back(smp.t_s);
        t.delivered.push_back(cum);
        t.queue_bytes.push_back(smp.queue_bytes[bottleneck]);
        t.window_packets.push_back(t.sample_s.size() <= windows.size() ? windows[t.sample_s.size() - 1] : 0);
    }
    for (const np::FlowRecord& f : fabric.flows()) {
        t.fct_s.push_back(f.finish_s < 0 ? -1 : f.fct_s());
        t.retransmissions += f.retransmitted;
    }
    const np::PortCounters& port = fabric.ports()[bottleneck];
    t.bottleneck_packets = port.tx_packets;
    t.marks = port.ecn_marks;
    t.drops = port.drops;
    return t;
}

}  // namespace sextant::congestion
