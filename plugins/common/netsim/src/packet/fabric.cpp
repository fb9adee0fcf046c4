// Fabric set-up (ports, ECMP tables, MMU sizes), the event loop and the public API.
#include "fabric_state.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <stdexcept>
#include <string>

namespace netsim::packet {

namespace {

void require(bool ok, const std::string& what) {
    if (!ok) throw std::invalid_argument(what);
}

}  // namespace

void FabricConfig::validate() const {
    require(payload_bytes >= 1, "payload_bytes must be >= 1");
    require(header_bytes + payload_bytes <= 9216, "payload_bytes + header_bytes must fit a 9216 B jumbo frame");
    require(ack_bytes >= 1, "ack_bytes must be >= 1");
    require(kmin_kb_per_25g >= 0 && kmax_kb_per_25g >= kmin_kb_per_25g,
            "ECN thresholds: need 0 <= kmin_kb_per_25g <= kmax_kb_per_25g");
    require(pmax >= 0 && pmax <= 1, "pmax must be in [0, 1]");
    require(buffer_mb > 0, "buffer_mb must be > 0");
    require(headroom_rtts >= 0, "headroom_rtts must be >= 0");
    require(pfc_shift >= 0 && pfc_shift < 16, "pfc_shift must be in [0, 15]");
    require(nack_interval_s >= 0, "nack_interval_s must be >= 0");
    require(retransmit_timeout_s > 0, "retransmit_timeout_s must be > 0");
    require(sample_interval_s >= 0, "sample_interval_s must be >= 0");
    cc.validate();
}

std::uint64_t FabricConfig::pfc_headroom_bytes(const LinkSpec& link) const {
    return static_cast<std::uint64_t>(headroom_rtts * (link.gbps * 1e9 / 8) * link.latency_s);
}

std::optional<BufferShortfall> buffer_shortfall(const Topology& topo, const FabricConfig& cfg) {
    std::vector<std::int64_t> need(topo.node_count(), 0);
    for (LinkId l = 0; l < topo.link_count(); ++l) {
        const auto& dl = topo.link(l);
        if (topo.node(dl.to).kind != NodeKind::Switch) continue;
        need[dl.to] += static_cast<std::int64_t>(cfg.pfc_headroom_bytes(dl.spec)) + cfg.pfc_reserve_bytes;
    }
    const auto buffer = static_cast<std::int64_t>(cfg.buffer_mb * 1024 * 1024);
    for (NodeId v = 0; v < topo.node_count(); ++v)
        if (topo.node(v).kind == NodeKind::Switch && need[v] >= buffer)
            return BufferShortfall{topo.node(v).name, buffer, need[v]};
    return std::nullopt;
}

std::uint32_t data_wire_bytes(const FabricConfig& cfg, const Flow& f, std::uint32_t seq) {
    std::uint32_t payload = seq + 1 == f.packets ? f.last_payload : cfg.payload_bytes;
    return payload + cfg.header_bytes;
}

Fabric::State::State(const Topology& t, FabricConfig c) : topo(t), cfg(std::move(c)), marking(cfg.marking_seed) {
    cfg.validate();
    const std::size_t n = topo.node_count(), links = topo.link_count();
    ports.resize(links);
    counters.resize(links);
    ingress.resize(links);
    mmu.resize(n);
    hosts.resize(n);
    host_index.assign(n, kNone);
    for (NodeId v = 0; v < n; ++v)
        if (topo.node(v).kind == NodeKind::Host) host_index[v] = static_cast<std::uint32_t>(host_count++);

    // The NIC rate: PFC's threshold shift drops by one per doubling of a port over it.
    double nic_gbps = 1e300;
    std::vector<std::vector<std::uint32_t>> out(n), in(n);
    for (LinkId l = 0; l < links; ++l) {
        const auto& dl = topo.link(l);
        out[dl.from].push_back(l);
        in[dl.to].push_back(l);
        if (topo.node(dl.from).kind == NodeKind::Host) nic_gbps = std::min(nic_gbps, dl.spec.gbps);
    }
    for (LinkId l = 0; l < links; ++l) {
        const auto& dl = topo.link(l);
        Port& p = ports[l];
        p.from = dl.from;
        p.to = dl.to;
        p.bytes_per_s = dl.spec.gbps * 1e9 / 8;
        p.delay_s = dl.spec.latency_s + topo.node(dl.to).forwarding_latency_s;
        p.at_host = topo.node(dl.from).kind == NodeKind::Host;
        p.to_host = topo.node(dl.to).kind == NodeKind::Host;
        p.kmin = cfg.kmin_kb_per_25g * 1000 * dl.spec.gbps / 25;
        p.kmax = cfg.kmax_kb_per_25g * 1000 * dl.spec.gbps / 25;
        p.full_wire = cfg.payload_bytes + cfg.header_bytes;
        p.ack_wire = cfg.ack_bytes;
        p.full_serialise_s = p.full_wire / p.bytes_per_s;
        p.ack_serialise_s = p.ack_wire / p.bytes_per_s;
        if (p.at_host) {
            if (hosts[dl.from].port != kNone)
                throw std::invalid_argument("host '" + topo.node(dl.from).name +
                                            "' has more than one link; the packet fabric models one NIC port per host");
            hosts[dl.from].port = l;
        }
        if (topo.node(dl.to).kind == NodeKind::Switch) {
            Ingress& g = ingress[l];
            g.headroom = cfg.pfc_headroom_bytes(dl.spec);
            int shift = cfg.pfc_shift;
            for (double r = dl.spec.gbps; r >= 2 * nic_gbps - 1e-9 && shift > 0; r /= 2) --shift;
            g.shift = shift;
        }
    }
    if (const auto short_of = buffer_shortfall(topo, cfg))
        throw std::invalid_argument("switch '" + short_of->switch_name + "': buffer_mb " +
                                    std::to_string(cfg.buffer_mb) + " is smaller than its PFC headroom and reserve");
    for (NodeId v = 0; v < n; ++v) {
        if (topo.node(v).kind != NodeKind::Switch) continue;
        SwitchMmu& m = mmu[v];
        m.buffer = static_cast<std::int64_t>(cfg.buffer_mb * 1024 * 1024);
        for (std::uint32_t l : in[v]) {
            m.total_headroom += static_cast<std::int64_t>(ingress[l].headroom);
            m.total_reserve += cfg.pfc_reserve_bytes;
        }
    }
    // ECMP tables: hop distance of every node to every host (links are full duplex, so a
    // BFS along incoming links from the host), then every egress port one hop closer.
    std::vector<std::vector<std::uint32_t>> choices_of(n * host_count);
    std::vector<std::uint32_t> dist(n);
    for (NodeId h = 0; h < n; ++h) {
        if (host_index[h] == kNone) continue;
        std::fill(dist.begin(), dist.end(), kNone);
        dist[h] = 0;
        std::deque<NodeId> frontier{h};
        while (!frontier.empty()) {
            NodeId v = frontier.front();
            frontier.pop_front();
            if (v != h && topo.node(v).kind == NodeKind::Host) continue;  // hosts never forward
            for (std::uint32_t l : in[v]) {
                NodeId u = topo.link(l).from;
                if (dist[u] != kNone) continue;
                dist[u] = dist[v] + 1;
                frontier.push_back(u);
            }
        }
        for (NodeId v = 0; v < n; ++v) {
            if (dist[v] == kNone || v == h) continue;
            auto& choices = choices_of[v * host_count + host_index[h]];
            for (std::uint32_t l : out[v]) {
                NodeId w = topo.link(l).to;
                if (dist[w] + 1 == dist[v] && (w == h || topo.node(w).kind == NodeKind::Switch)) choices.push_back(l);
            }
        }
    }
    // Flattened: one array of ports, one offset per (node, host).
    route.reserve(choices_of.size() + 1);
    for (const auto& choices : choices_of) {
        route.push_back(static_cast<std::uint32_t>(next_ports.size()));
        next_ports.insert(next_ports.end(), choices.begin(), choices.end());
    }
    route.push_back(static_cast<std::uint32_t>(next_ports.size()));
    ecmp_salt.resize(n);
    for (NodeId v = 0; v < n; ++v) ecmp_salt[v] = ecmp_mix(cfg.ecmp_seed ^ (static_cast<std::uint64_t>(v) << 32));
    stamp_int = cfg.cc.scheme == CcScheme::Hpcc;
    queue.replace_top_on_push(!cfg.reference_hot_path);
    queue_histogram.assign(64 * 16, 0);
}

std::uint32_t Fabric::State::new_packet() {
    ++in_flight;
    totals.peak_packets_in_flight = std::max(totals.peak_packets_in_flight, in_flight);
    if (!free_packets.empty()) {
        std::uint32_t p = free_packets.back();
        free_packets.pop_back();
        return p;
    }
    pool.emplace_back();
    if (stamp_int) int_hops.emplace_back();
    return static_cast<std::uint32_t>(pool.size() - 1);
}

void Fabric::State::free_packet(std::uint32_t p) {
    --in_flight;
    free_packets.push_back(p);
}

void Fabric::State::dispatch(const Event& e) {
    switch (e.kind) {
    case EvKind::TxDone: tx_done(e.a); break;
    case EvKind::Arrive: arrive(e.a); break;
    case EvKind::Wake:
        hosts[e.a].wake_pending = false;
        try_send(hosts[e.a].port);
        break;
    case EvKind::Timer: on_timer(e.a, e.b); break;
    case EvKind::Pfc: pfc_frame(e.a, e.flag); break;
    case EvKind::Start: start_flow(e.a); break;
    case EvKind::Sample: take_sample(); break;
    case EvKind::Action: {
        auto action = std::move(actions[e.a]);
        free_actions.push_back(e.a);
        action();
        break;
    }
    }
}

void Fabric::State::take_sample() {
    const double dt = cfg.sample_interval_s;
    Sample s;
    s.t_s = now;
    s.flow_gbps.resize(flows.size());
    for (std::size_t i = 0; i < flows.size(); ++i) {
        Flow& f = flows[i];
        s.flow_gbps[i] = static_cast<double>(f.delivered - f.delivered_sampled) * 8 / dt / 1e9;
        f.delivered_sampled = f.delivered;
    }
    s.queue_bytes.resize(ports.size());
    for (std::size_t l = 0; l < ports.size(); ++l) s.queue_bytes[l] = static_cast<std::uint32_t>(ports[l].data_bytes);
    samples.push_back(std::move(s));
    if (active_flows > 0) push(now + dt, Event{EvKind::Sample, false, 0, 0});
    else sampling = false;
}

Fabric::Fabric(const Topology& topology, FabricConfig config)
    : s_(std::make_unique<State>(topology, std::move(config))) {}
Fabric::~Fabric() = default;

double Fabric::now() const { return s_->now; }
const Topology& Fabric::topology() const { return s_->topo; }
const FabricConfig& Fabric::config() const { return s_->cfg; }
const std::vector<FlowRecord>& Fabric::flows() const { return s_->records; }
const std::vector<PortCounters>& Fabric::ports() const { return s_->counters; }
const FabricTotals& Fabric::totals() const { return s_->totals; }
const std::vector<Sample>& Fabric::samples() const { return s_->samples; }
std::size_t Fabric::packets_in_flight() const { return s_->in_flight; }

void Fabric::begin_iteration(NodeId host) {
    if (host >= s_->hosts.size() || s_->host_index[host] == kNone)
        throw std::out_of_range("begin_iteration: node " + std::to_string(host) + " is not a host");
    Host& h = s_->hosts[host];
    h.iteration_bytes = h.iteration_delivered;
    h.iteration_delivered = 0;
}

double Fabric::State::iteration_progress(std::uint32_t flow) const {
    const Host& h = hosts[flows[flow].src];
    if (h.iteration_bytes == 0) return -1;
    return static_cast<double>(h.iteration_delivered) / static_cast<double>(h.iteration_bytes);
}

double Fabric::flow_rate_bps(FlowId flow) const {
    if (flow >= s_->flows.size()) throw std::out_of_range("flow " + std::to_string(flow) + " does not exist");
    const Flow& f = s_->flows[flow];
    return f.cc ? f.cc->rate_bps() : 0.0;
}

double Fabric::flow_window_bytes(FlowId flow) const {
    if (flow >= s_->flows.size()) throw std::out_of_range("flow " + std::to_string(flow) + " does not exist");
    const Flow& f = s_->flows[flow];
    return f.cc ? f.cc->window_bytes() : 0.0;
}

FlowId Fabric::send(NodeId src, NodeId dst, std::uint64_t payload_bytes, Done done, double at_s) {
    State& s = *s_;
    for (NodeId v : {src, dst})
        if (v >= s.topo.node_count() || s.host_index[v] == kNone)
            throw std::invalid_argument("send: node " + std::to_string(v) + " is not a host");
    std::uint64_t packets = (payload_bytes + s.cfg.payload_bytes - 1) / s.cfg.payload_bytes;
    if (packets >= kNone)
        throw std::invalid_argument("send: message of " + std::to_string(payload_bytes) + " B has too many packets");
    auto id = static_cast<FlowId>(s.flows.size());
    Flow& f = s.flows.emplace_back();
    f.src = src;
    f.dst = dst;
    f.packets = static_cast<std::uint32_t>(packets);
    f.last_payload = packets == 0 ? 0 : static_cast<std::uint32_t>(payload_bytes - (packets - 1) * s.cfg.payload_bytes);
    f.done = std::move(done);
    FlowRecord r;
    r.src = src;
    r.dst = dst;
    r.payload_bytes = payload_bytes;
    r.start_s = std::max(s.now, at_s);
    s.records.push_back(r);
    ++s.active_flows;
    s.push(r.start_s, Event{EvKind::Start, false, id, 0});
    if (s.cfg.sample_interval_s > 0 && !s.sampling) {
        s.sampling = true;
        s.push(s.now + s.cfg.sample_interval_s, Event{EvKind::Sample, false, 0, 0});
    }
    return id;
}

void Fabric::at(double t_s, std::function<void()> action) {
    State& s = *s_;
    std::uint32_t slot;
    if (!s.free_actions.empty()) {
        slot = s.free_actions.back();
        s.free_actions.pop_back();
        s.actions[slot] = std::move(action);
    } else {
        slot = static_cast<std::uint32_t>(s.actions.size());
        s.actions.push_back(std::move(action));
    }
    s.push(std::max(s.now, t_s), Event{EvKind::Action, false, slot, 0});
}

template <class Queue>
void Fabric::State::run_events(Queue& q, double until_s) {
    while (!q.empty() && q.next_time() <= until_s) {
        auto e = q.pop();
        now = e.time;
        dispatch(e.event);
        ++totals.events;
    }
    totals.peak_events_pending = q.peak();
}

double Fabric::run(double until_s) {
    State& s = *s_;
    if (s.cfg.reference_event_queue) s.run_events(s.reference_queue, until_s);
    else s.run_events(s.queue, until_s);
    // Close the open intervals of the time integrals.
    for (std::uint32_t l = 0; l < s.ports.size(); ++l) {
        s.note_queue(l);
        Port& p = s.ports[l];
        if (p.paused) {
            s.counters[l].paused_s += s.now - p.paused_since;
            p.paused_since = s.now;
        }
    }
    return s.now;
}

double Fabric::queue_percentile_bytes(double q) const {
    const State& s = *s_;
    if (s.queue_observations == 0) return 0;
    auto target = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(s.queue_observations)));
    std::uint64_t seen = 0;
    for (std::size_t b = 0; b < s.queue_histogram.size(); ++b) {
        seen += s.queue_histogram[b];
        if (seen >= target && s.queue_histogram[b] > 0) {
            if (b < 16) return static_cast<double>(b);
            // bin b covers [2^e (1 + m/16), 2^e (1 + (m+1)/16)); report its middle.
            int e = static_cast<int>(b / 16), m = static_cast<int>(b % 16);
            return std::ldexp(1.0 + (m + 0.5) / 16.0, e);
        }
    }
    return 0;
}

}  // namespace netsim::packet
