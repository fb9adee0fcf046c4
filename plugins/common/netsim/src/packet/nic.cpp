// RDMA NICs (rdma-hw.cc): queue pairs served round robin under their rate limiters and
// windows, per-packet ACKs, NACK on a sequence gap and go-back-N at the sender.
#include "fabric_state.hpp"

#include <algorithm>
#include <limits>

namespace netsim::packet {

namespace {
constexpr int kRtoTimer = -1;  // timer id of the retransmission timeout (CC timers are >= 0)
}

double Fabric::State::base_rtt(NodeId src, NodeId dst, FlowId f) const {
    const double mtu = cfg.payload_bytes + cfg.header_bytes;
    double rtt = 0;
    for (auto [from, to] : {std::pair{src, dst}, std::pair{dst, src}}) {
        double size = from == src ? mtu : cfg.ack_bytes;
        NodeId v = from;
        for (int hops = 0; v != to && hops < 64; ++hops) {
            std::uint32_t l = v == from ? hosts[v].port : egress_port(v, to, f);
            rtt += size / ports[l].bytes_per_s + ports[l].delay_s;
            v = ports[l].to;
        }
    }
    return rtt;
}

void Fabric::State::start_flow(FlowId id) {
    Flow& f = flows[id];
    if (f.packets == 0 || f.src == f.dst) {
        f.finished = true;
        --active_flows;
        records[id].finish_s = now;
        if (f.done) f.done(id, now);
        return;
    }
    FlowStart start;
    start.flow = id;
    start.line_bps = ports[hosts[f.src].port].bytes_per_s * 8;
    start.base_rtt_s = base_rtt(f.src, f.dst, id);
    start.mtu_bytes = cfg.payload_bytes + cfg.header_bytes;
    f.cc = make_flow_control(cfg.cc, start);
    f.window = f.cc->window_bytes();
    f.next_avail = now;
    f.in_round_robin = true;
    f.round_robin_slot = static_cast<std::uint32_t>(hosts[f.src].senders.size());
    hosts[f.src].senders.push_back({ready_at(f), id});
    hosts[f.src].settled = false;
    try_send(hosts[f.src].port);
}

double Fabric::State::ready_at(const Flow& f) const {
    constexpr double kNever = std::numeric_limits<double>::infinity();
    if (f.snd_nxt >= f.packets) return -kNever;
    const double mtu = cfg.payload_bytes + cfg.header_bytes;
    const bool window_open = f.window <= 0 || (f.snd_nxt - f.snd_una) * mtu < f.window;
    return window_open ? f.next_avail : kNever;
}

void Fabric::State::refresh_round_robin(FlowId id) {
    const Flow& f = flows[id];
    if (f.in_round_robin) hosts[f.src].senders[f.round_robin_slot].ready_at = ready_at(f);
}

// The queue pair at the host's round-robin cursor has sent everything: it leaves the round
// robin (until a go-back puts it back); the last entry takes its slot.
void Fabric::State::drop_next_sender(Host& h) {
    flows[h.senders[h.next].flow].in_round_robin = false;
    h.senders[h.next] = h.senders.back();
    h.senders.pop_back();
    if (h.next < h.senders.size()) flows[h.senders[h.next].flow].round_robin_slot = h.next;
}

bool Fabric::State::host_pick(NodeId node, std::uint32_t& pkt) {
    Host& h = hosts[node];
    constexpr double kNever = std::numeric_limits<double>::infinity();
    // Skip a pass that cannot differ from the last failed one: that pass removed nothing,
    // so it visited every queue pair once and came back to where it started; nothing
    // changed since, no queue pair is released yet, and the wake it would ask for is
    // already pending. (A pass that removes finished pairs can skip some: not settled.)
    if (h.settled && now < h.idle_until && (h.idle_until == kNever || (h.wake_pending && h.wake_at <= h.idle_until)))
        return false;
    double earliest = kNever;
    bool removed = false;
    if (cfg.reference_hot_path) {  // the benchmark's baseline: every queue pair's state read on each pass
        const double mtu = cfg.payload_bytes + cfg.header_bytes;
        for (std::size_t tried = 0; tried < h.senders.size();) {
            if (h.next >= h.senders.size()) h.next = 0;
            Flow& f = flows[h.senders[h.next].flow];
            if (f.snd_nxt >= f.packets) {
                drop_next_sender(h);
                removed = true;
                continue;
            }
            ++tried;
            if (!(f.window <= 0 || (f.snd_nxt - f.snd_una) * mtu < f.window)) {
                ++h.next;
                continue;
            }
            if (f.next_avail > now) {
                earliest = std::min(earliest, f.next_avail);
                ++h.next;
                continue;
            }
            return send_from(h, pkt);
        }
        wake_at_release(h, node, earliest, removed);
        return false;
    }
    for (std::size_t tried = 0; tried < h.senders.size();) {
        if (h.next >= h.senders.size()) h.next = 0;
        const RoundRobinEntry e = h.senders[h.next];
        if (e.ready_at == -kNever) {  // everything sent: leave the round robin until a go-back
            drop_next_sender(h);
            removed = true;
            continue;
        }
        ++tried;
        if (e.ready_at > now) {  // window closed (+inf) or paced
            earliest = std::min(earliest, e.ready_at);
            ++h.next;
            continue;
        }
        return send_from(h, pkt);
    }
    wake_at_release(h, node, earliest, removed);
    return false;
}

bool Fabric::State::send_from(Host& h, std::uint32_t& pkt) {
    const FlowId id = h.senders[h.next].flow;
    Flow& f = flows[id];
    pkt = new_packet();
    Packet& k = pool[pkt];
    k.flow = id;
    k.seq = f.snd_nxt++;
    k.wire = data_wire_bytes(cfg, f, k.seq);
    k.kind = PacketKind::Data;
    k.dst = f.dst;
    k.ecn = false;
    k.hop_count = 0;
    k.sent_s = now;
    f.next_avail = now + k.wire * 8 / f.cc->rate_bps();
    h.senders[h.next].ready_at = ready_at(f);
    ++records[id].packets_sent;
    ++totals.data_packets;
    if (!cfg.pfc && !f.rto_pending) {
        f.rto_pending = true;
        f.rto_una = f.snd_una;
        push_timer(cfg.retransmit_timeout_s, Event{EvKind::Timer, false, id, kRtoTimer});
    }
    ++h.next;
    h.settled = false;
    return true;
}

// A pass found nothing to send: remember that, and wake the host when its first queue
// pair is released.
void Fabric::State::wake_at_release(Host& h, NodeId node, double earliest, bool removed) {
    constexpr double kNever = std::numeric_limits<double>::infinity();
    h.settled = !removed;
    h.idle_until = earliest;
    if (earliest < kNever && (!h.wake_pending || earliest < h.wake_at)) {
        h.wake_pending = true;
        h.wake_at = earliest;
        push(earliest, Event{EvKind::Wake, false, node, 0});
    }
}

void Fabric::State::host_receive(std::uint32_t link, std::uint32_t pkt) {
    Packet& k = pool[pkt];
    if (k.kind != PacketKind::Data) {
        sender_ack(pkt);
        return;
    }
    (void)link;
    Flow& f = flows[k.flow];
    const FlowId id = k.flow;
    if (k.ecn) ++records[id].ecn_marked;
    if (k.seq == f.expected) {
        ++f.expected;
        f.delivered += k.wire - cfg.header_bytes;
        hosts[f.src].iteration_delivered += k.wire - cfg.header_bytes;
        k.kind = PacketKind::Ack;
    } else if (k.seq > f.expected && (now >= f.nack_timer || f.last_nack != f.expected)) {
        f.nack_timer = now + cfg.nack_interval_s;
        f.last_nack = f.expected;
        k.kind = PacketKind::Nack;
        k.seq = f.expected;
    } else {
        free_packet(pkt);  // duplicate, or a gap already NACKed
        return;
    }
    k.wire = cfg.ack_bytes;
    k.dst = f.src;
    std::uint32_t port = hosts[f.dst].port;
    ports[port].ctrl.push(pkt);
    try_send(port);
    if (k.kind == PacketKind::Ack && f.expected == f.packets && !f.finished) {
        f.finished = true;
        --active_flows;
        records[id].finish_s = now;
        if (f.done) f.done(id, now);  // may send() more flows: `f` stays valid (deque)
    }
}

void Fabric::State::sender_ack(std::uint32_t pkt) {
    const Packet& k = pool[pkt];
    Flow& f = flows[k.flow];
    const double mtu = cfg.payload_bytes + cfg.header_bytes;
    std::uint32_t old_una = f.snd_una;
    AckInfo a;
    a.now_s = now;
    a.ecn_echo = k.ecn;
    a.nack = k.kind == PacketKind::Nack;
    a.rtt_s = now - k.sent_s;
    a.seq = k.seq;
    a.hops = stamp_int ? int_hops[pkt].data() : nullptr;
    a.hop_count = k.hop_count;
    if (a.nack) {
        f.snd_una = std::max(f.snd_una, k.seq);
        if (k.seq < f.snd_nxt) go_back(k.flow, k.seq);
    } else {
        f.snd_una = std::max(f.snd_una, k.seq + 1);
    }
    f.snd_nxt = std::max(f.snd_nxt, f.snd_una);  // ACKs of the first try overtake a go-back
    a.snd_nxt = f.snd_nxt;
    a.acked_bytes = static_cast<std::uint32_t>((f.snd_una - old_una) * mtu);
    if (f.cc) {
        f.cc->on_ack(a, *this);
        f.window = f.cc->window_bytes();
    }
    refresh_round_robin(k.flow);
    hosts[f.src].settled = false;  // snd_una, snd_nxt or the window moved
    free_packet(pkt);
    try_send(hosts[f.src].port);
}

void Fabric::State::go_back(FlowId id, std::uint32_t seq) {
    Flow& f = flows[id];
    records[id].retransmitted += f.snd_nxt - seq;
    f.snd_nxt = seq;
    hosts[f.src].settled = false;
    if (!f.in_round_robin) {
        f.in_round_robin = true;
        f.round_robin_slot = static_cast<std::uint32_t>(hosts[f.src].senders.size());
        hosts[f.src].senders.push_back({0, id});
    }
    refresh_round_robin(id);
}

void Fabric::State::on_timer(FlowId id, int timer) {
    Flow& f = flows[id];
    if (f.snd_una >= f.packets) {
        f.rto_pending = false;
        return;  // acknowledged in full: its timers stop
    }
    if (timer == kRtoTimer) {
        f.rto_pending = false;
        if (f.snd_una == f.rto_una && f.snd_nxt > f.snd_una) go_back(id, f.snd_una);
        if (f.snd_nxt > f.snd_una || f.snd_nxt < f.packets) {
            f.rto_pending = true;
            f.rto_una = f.snd_una;
            push_timer(cfg.retransmit_timeout_s, Event{EvKind::Timer, false, id, kRtoTimer});
        }
    } else {
        f.cc->on_timer(timer, now, *this);
        if (f.cc->window_bytes() != f.window) hosts[f.src].settled = false;
        f.window = f.cc->window_bytes();
        refresh_round_robin(id);
    }
    try_send(hosts[f.src].port);
}

}  // namespace netsim::packet
