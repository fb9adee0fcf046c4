// Output ports and switches: serialisation onto a link, output queues on a shared-buffer
// MMU with PFC per ingress link (switch-mmu.cc), ECN marking (at dequeue as switch-node.cc,
// or at enqueue as ns-3's RED) and INT at dequeue (switch-node.cc), ECMP by flow hash.
#include "fabric_state.hpp"

#include <algorithm>
#include <bit>

namespace netsim::packet {

namespace {

std::size_t histogram_bin(std::uint64_t q) {
    if (q < 16) return static_cast<std::size_t>(q);
    int e = std::bit_width(q) - 1;
    auto m = static_cast<std::size_t>((q >> (e - 4)) & 15);
    return static_cast<std::size_t>(e) * 16 + m;
}

}  // namespace

std::uint32_t Fabric::State::egress_port(NodeId node, NodeId dst, FlowId flow) const {
    const std::size_t r = node * host_count + host_index[dst];
    const std::uint32_t first = route[r], count = route[r + 1] - first;
    if (count == 1) return next_ports[first];
    std::uint64_t h = ecmp_mix(flow ^ ecmp_salt[node]);
    // A mask for the usual power-of-two fan-out (the same port: h % 2^k == h & (2^k - 1));
    // a 64-bit division per hop showed in the profile.
    if (cfg.reference_hot_path) return next_ports[first + h % count];
    return next_ports[first + ((count & (count - 1)) == 0 ? h & (count - 1) : h % count)];
}

void Fabric::State::note_queue(std::uint32_t port) {
    Port& p = ports[port];
    counters[port].queue_byte_seconds += static_cast<double>(p.data_bytes) * (now - p.queue_changed_s);
    p.queue_changed_s = now;
}

std::uint64_t Fabric::State::shared_used(std::uint32_t link) const {
    const Ingress& g = ingress[link];
    return g.bytes > cfg.pfc_reserve_bytes ? g.bytes - cfg.pfc_reserve_bytes : 0;
}

std::int64_t Fabric::State::pfc_threshold(NodeId sw, std::uint32_t link) const {
    const SwitchMmu& m = mmu[sw];
    std::int64_t free_shared = m.buffer - m.total_headroom - m.total_reserve - m.shared_used;
    return free_shared > 0 ? free_shared >> ingress[link].shift : 0;
}

void Fabric::State::try_send(std::uint32_t port) {
    Port& p = ports[port];
    if (p.busy) return;
    if (!p.ctrl.empty()) {
        transmit(port, p.ctrl.pop());
        return;
    }
    if (p.paused) return;
    if (p.at_host) {
        std::uint32_t pkt;
        if (host_pick(p.from, pkt)) transmit(port, pkt);
        return;
    }
    if (p.data.empty()) return;
    std::uint32_t pkt = p.data.pop();
    // Queued packets go cold in a deep queue (an all-to-all holds ~30 000 in flight):
    // fetch the next one while this one is on the wire.
    if (!p.data.empty()) __builtin_prefetch(&pool[p.data.front()]);
    dequeue_data(port, pkt);
    transmit(port, pkt);
}

void Fabric::State::transmit(std::uint32_t port, std::uint32_t pkt) {
    Port& p = ports[port];
    const std::uint32_t wire = pool[pkt].wire;
    p.busy = true;
    p.tx_bytes_total += wire;
    PortCounters& c = counters[port];
    c.tx_bytes += wire;
    ++c.tx_packets;
    ++totals.packet_hops;
    const double serialise_s = cfg.reference_hot_path ? wire / p.bytes_per_s
                               : wire == p.full_wire  ? p.full_serialise_s
                               : wire == p.ack_wire   ? p.ack_serialise_s
                                                      : wire / p.bytes_per_s;
    double done = now + serialise_s;
    push(done, Event{EvKind::TxDone, false, port, 0});
    const double arrive_s = done + p.delay_s;
    if (p.flight.empty()) push(arrive_s, Event{EvKind::Arrive, false, port, 0});
    p.flight.push(InFlight{arrive_s, pkt});
}

void Fabric::State::arrive(std::uint32_t link) {
    Port& p = ports[link];
    std::uint32_t pkt = p.flight.pop().pkt;
    if (!p.flight.empty()) {
        push(p.flight.front().arrive_s, Event{EvKind::Arrive, false, link, 0});
        __builtin_prefetch(&pool[p.flight.front().pkt]);
    }
    if (p.to_host) host_receive(link, pkt);
    else switch_receive(link, pkt);
}

void Fabric::State::tx_done(std::uint32_t port) {
    ports[port].busy = false;
    try_send(port);
}

// A data packet leaves a switch queue: release its buffer, maybe resume the upstream
// port, mark ECN on the queue it leaves behind, stamp INT.
void Fabric::State::dequeue_data(std::uint32_t port, std::uint32_t pkt) {
    Port& p = ports[port];
    Packet& k = pool[pkt];
    note_queue(port);
    p.data_bytes -= k.wire;
    SwitchMmu& m = mmu[p.from];
    m.occupancy -= k.wire;

    // RemoveFromIngressAdmission, then CheckShouldResume.
    Ingress& g = ingress[k.in_link];
    std::uint64_t from_headroom = std::min<std::uint64_t>(g.headroom_used, k.wire);
    std::uint64_t from_shared = std::min<std::uint64_t>(k.wire - from_headroom, shared_used(k.in_link));
    g.headroom_used -= from_headroom;
    g.bytes -= k.wire - from_headroom;
    m.shared_used -= static_cast<std::int64_t>(from_shared);
    if (g.pause_sent && g.headroom_used == 0) {
        std::uint64_t used = shared_used(k.in_link);
        if (used == 0 ||
            static_cast<std::int64_t>(used + cfg.pfc_resume_offset_bytes) <= pfc_threshold(p.from, k.in_link)) {
            g.pause_sent = false;
            ++totals.resume_frames;
            push(now + ports[k.in_link].delay_s, Event{EvKind::Pfc, false, k.in_link, 0});
        }
    }

    if (!cfg.ecn_at_enqueue) mark_ecn(port, k);
    if (stamp_int && k.hop_count < kMaxHops) {
        int_hops[pkt][k.hop_count++] =
            AckInfo::Hop{now, p.tx_bytes_total, static_cast<std::uint32_t>(p.data_bytes), p.bytes_per_s * 8};
    }
}

// RED on the port's queue now: the queue left behind at dequeue, or found at enqueue.
void Fabric::State::mark_ecn(std::uint32_t port, Packet& k) {
    if (!cfg.ecn || k.ecn) return;
    const Port& p = ports[port];
    auto q = static_cast<double>(p.data_bytes);
    bool mark = false;
    if (q > p.kmax) {
        mark = true;
    } else if (q > p.kmin) {
        double prob = cfg.pmax * (q - p.kmin) / (p.kmax - p.kmin);
        mark = static_cast<double>(marking() >> 11) * 0x1.0p-53 < prob;
    }
    if (mark) {
        k.ecn = true;
        ++counters[port].ecn_marks;
        ++totals.ecn_marks;
    }
}

void Fabric::State::switch_receive(std::uint32_t link, std::uint32_t pkt) {
    Packet& k = pool[pkt];
    const NodeId sw = ports[link].to;
    std::uint32_t out = egress_port(sw, k.dst, k.flow);
    Port& p = ports[out];
    if (k.kind != PacketKind::Data) {
        p.ctrl.push(pkt);
        try_send(out);
        return;
    }
    SwitchMmu& m = mmu[sw];
    Ingress& g = ingress[link];
    const std::uint64_t size = k.wire;
    const std::int64_t threshold = pfc_threshold(sw, link);
    const auto over_shared = static_cast<std::int64_t>(shared_used(link) + size) > threshold;
    bool admit = cfg.pfc ? !(size + g.headroom_used > g.headroom && over_shared)
                         : !(over_shared && g.bytes + size > cfg.pfc_reserve_bytes);
    if (!admit || static_cast<std::int64_t>(m.occupancy + size) > m.buffer) {
        ++counters[out].drops;
        ++totals.drops;
        free_packet(pkt);
        return;
    }
    // UpdateIngressAdmission.
    std::uint64_t new_bytes = g.bytes + size;
    if (new_bytes <= cfg.pfc_reserve_bytes) {
        g.bytes = new_bytes;
    } else if (cfg.pfc && static_cast<std::int64_t>(new_bytes - cfg.pfc_reserve_bytes) > threshold) {
        g.headroom_used += size;
    } else {
        g.bytes = new_bytes;
        m.shared_used += static_cast<std::int64_t>(std::min<std::uint64_t>(size, new_bytes - cfg.pfc_reserve_bytes));
    }
    m.occupancy += size;
    k.in_link = link;
    if (cfg.ecn_at_enqueue) mark_ecn(out, k);  // before it joins the queue it finds
    note_queue(out);
    p.data.push(pkt);
    p.data_bytes += size;
    PortCounters& c = counters[out];
    c.max_queue_bytes = std::max(c.max_queue_bytes, p.data_bytes);
    ++queue_histogram[histogram_bin(p.data_bytes - size)];
    ++queue_observations;
    // CheckShouldPause: headroom in use or shared use at the threshold.
    if (cfg.pfc && !g.pause_sent &&
        (g.headroom_used > 0 || static_cast<std::int64_t>(shared_used(link)) >= pfc_threshold(sw, link))) {
        g.pause_sent = true;
        ++totals.pause_frames;
        push(now + ports[link].delay_s, Event{EvKind::Pfc, true, link, 0});
    }
    try_send(out);
}

void Fabric::State::pfc_frame(std::uint32_t link, bool pause) {
    Port& p = ports[link];
    PortCounters& c = counters[link];
    if (pause && !p.paused) {
        p.paused = true;
        p.paused_since = now;
        ++c.pause_frames;
    } else if (!pause && p.paused) {
        p.paused = false;
        c.paused_s += now - p.paused_since;
        try_send(link);
    }
}

}  // namespace netsim::packet
