#include "netsim/flow_network.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace netsim {

namespace {

std::vector<double> bytes_per_second(const Topology& topology) {
    std::vector<double> capacity(topology.link_count());
    for (LinkId l = 0; l < topology.link_count(); ++l) capacity[l] = topology.link(l).spec.gbps * 1e9 / 8.0;
    return capacity;
}

}  // namespace

FlowNetwork::FlowNetwork(Simulator& sim, const Topology& topology, PacketFormat packets)
    : sim_(sim), topology_(topology), packets_(packets), fair_(bytes_per_second(topology)) {
    packets_.validate("packet format");
    totals_.link_wire_bytes.assign(topology.link_count(), 0.0);
    drained_at_ = sim.now();
}

double FlowNetwork::tail_latency_s(NodeId src, NodeId dst, std::uint64_t payload_bytes) const {
    const auto& path = topology_.route(src, dst);
    double tail = 0.0;
    std::uint64_t last = packets_.last_packet_wire_bytes(payload_bytes);
    for (std::size_t i = 0; i < path.size(); ++i) {
        const auto& link = topology_.link(path[i]);
        tail += link.spec.latency_s;
        if (i > 0) {
            tail += link.spec.serialization_s(last);
            tail += topology_.node(link.from).forwarding_latency_s;
        }
    }
    return tail;
}

void FlowNetwork::send(NodeId src, NodeId dst, std::uint64_t payload_bytes, Delivered delivered) {
    ++totals_.flows_started;
    totals_.payload_bytes_sent += payload_bytes;
    if (src == dst || payload_bytes == 0) {
        // A local copy or an empty message: nothing crosses the network.
        sim_.after(0.0, [this, payload_bytes, d = std::move(delivered)] {
            ++totals_.flows_delivered;
            totals_.payload_bytes_delivered += payload_bytes;
            if (d) d();
        });
        return;
    }
    drain_to(sim_.now());
    Flow f;
    f.path = topology_.route(src, dst);
    for (LinkId l : f.path) f.links.emplace_back(static_cast<int>(l), 1);
    std::sort(f.links.begin(), f.links.end());
    f.wire = static_cast<double>(packets_.wire_bytes(payload_bytes));
    f.remaining = f.wire;
    f.tail_s = tail_latency_s(src, dst, payload_bytes);
    f.payload = payload_bytes;
    f.delivered = std::move(delivered);
    totals_.wire_bytes_sent += packets_.wire_bytes(payload_bytes);
    for (LinkId l : f.path) totals_.link_wire_bytes[l] += f.wire;
    active_.push_back(std::move(f));
    on_change();
}

void FlowNetwork::drain_to(double t) {
    double dt = t - drained_at_;
    if (dt > 0) {
        for (auto& f : active_) f.remaining -= f.rate * dt;
    }
    drained_at_ = t;
}

// Several flows usually start at the same instant (every step of a collective); one
// reallocation after all of them is enough, so it runs as a zero-delay event.
void FlowNetwork::on_change() {
    ++generation_;
    if (change_pending_) return;
    change_pending_ = true;
    sim_.after(0.0, [this] {
        change_pending_ = false;
        drain_to(sim_.now());
        allocate_rates();
        schedule_next_finish();
    });
}

// Max-min fair rates of the flows now active; messages have no cap of their own.
void FlowNetwork::allocate_rates() {
    ++totals_.rate_allocations;
    demand_.clear();
    for (const Flow& f : active_) demand_.push_back({&f.links, kUncapped});
    fair_.solve(demand_, rates_);
    for (std::size_t i = 0; i < active_.size(); ++i) active_[i].rate = rates_[i];
}

void FlowNetwork::schedule_next_finish() {
    if (active_.empty()) return;
    double soonest = std::numeric_limits<double>::infinity();
    for (const auto& f : active_) {
        if (f.rate > 0) soonest = std::min(soonest, std::max(0.0, f.remaining) / f.rate);
    }
    if (!std::isfinite(soonest)) {
        throw std::logic_error("FlowNetwork: active flows but no capacity to carry them");
    }
    std::uint64_t gen = generation_;
    sim_.after(soonest, [this, gen] {
        if (gen != generation_) return;  // rates changed since; a newer event is pending
        finish_drained_flows();
    });
}

void FlowNetwork::finish_drained_flows() {
    drain_to(sim_.now());
    bool any = false;
    for (std::size_t i = 0; i < active_.size();) {
        // Rounding leaves a few ulps of a finished flow; anything below a millionth of a
        // byte, a 1e-12 share of the flow or one picosecond of sending has left the sender.
        const Flow& c = active_[i];
        if (c.remaining <= 1e-6 + 1e-12 * c.wire || c.remaining <= c.rate * 1e-12) {
            Flow f = std::move(active_[i]);
            active_[i] = std::move(active_.back());
            active_.pop_back();
            any = true;
            sim_.after(f.tail_s, [this, payload = f.payload, d = std::move(f.delivered)] {
                ++totals_.flows_delivered;
                totals_.payload_bytes_delivered += payload;
                if (d) d();
            });
        } else {
            ++i;
        }
    }
    if (any) {
        on_change();
    } else {
        schedule_next_finish();
    }
}

}  // namespace netsim
