#include "compression/simulated/scheme_timing.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

namespace compression::simulated {

namespace {

using netsim::switch_op;

PhaseTiming simulate_phase(const Phase& phase, const Fabric& fabric) {
    PhaseTiming t{phase.name, phase.path, phase.op, 0.0, phase.bytes_sent, phase.bytes_received, 0, 0, 0, 0};
    const std::uint32_t k = fabric.workers;
    switch (phase.path) {
    case Path::in_network: {
        auto r = netsim::simulate_switch_aggregation(fabric.switch_config(), phase.bytes_sent, phase.bytes_received,
                                                     switch_op(phase.op));
        t.seconds = r.seconds;
        t.wire_bytes = r.wire_bytes_up + r.wire_bytes_down;
        t.switch_memory_bytes = r.switch_memory_bytes;
        t.retransmissions = r.retransmissions;
        t.packets_lost = r.worker_packets_lost + r.result_packets_lost;
        break;
    }
    case Path::host_sum: {
        // Partial sums travel in the result's width (a THC-style sum is wider than its input).
        const std::uint64_t bytes = std::max(phase.bytes_sent, phase.bytes_received);
        netsim::CollectiveResult r;
        if (fabric.host_collective == HostCollective::ring) {
            r = netsim::ring_allreduce(fabric.host_fabric(), bytes, bytes % 4 == 0 ? 4 : 1);
        } else {
            r = netsim::host_aggregation(fabric.host_fabric(), std::vector<std::uint64_t>(k, phase.bytes_sent),
                                         std::vector<std::uint64_t>(k, phase.bytes_received), fabric.aggregator_setup());
        }
        t.seconds = r.seconds;
        t.wire_bytes = r.wire_bytes_sent;
        break;
    }
    case Path::allgather: {
        auto r = netsim::ring_allgather(fabric.host_fabric(), std::vector<std::uint64_t>(k, phase.bytes_sent));
        t.seconds = r.seconds;
        t.wire_bytes = r.wire_bytes_sent;
        break;
    }
    case Path::aggregator: {
        auto r = netsim::host_aggregation(fabric.host_fabric(), std::vector<std::uint64_t>(k, phase.bytes_sent),
                                          std::vector<std::uint64_t>(k, phase.bytes_received), fabric.aggregator_setup());
        t.seconds = r.seconds;
        t.wire_bytes = r.wire_bytes_sent;
        break;
    }
    }
    return t;
}

std::uint32_t bucket_count(std::uint64_t dense_bytes, double bucket_mb) {
    if (!(bucket_mb > 0) || !std::isfinite(bucket_mb)) {
        throw std::invalid_argument("bucket_mb must be a size > 0 MiB (got " + std::to_string(bucket_mb) + ")");
    }
    const double buckets = std::ceil(static_cast<double>(dense_bytes) / (bucket_mb * 1024.0 * 1024.0));
    return static_cast<std::uint32_t>(std::clamp(buckets, 1.0, 1e6));
}

}  // namespace

CommunicationTiming simulate_communication(const Traffic& traffic, const Fabric& fabric) {
    fabric.validate();
    if (traffic.workers != fabric.workers) {
        throw std::invalid_argument("the codec aggregated " + std::to_string(traffic.workers) +
                                    " workers but the fabric has workers = " + std::to_string(fabric.workers));
    }
    CommunicationTiming c;
    for (const Phase& p : traffic.phases) {
        PhaseTiming t = simulate_phase(p, fabric);
        c.seconds += t.seconds;
        c.switch_memory_bytes = std::max(c.switch_memory_bytes, t.switch_memory_bytes);
        c.retransmissions += t.retransmissions;
        c.packets_lost += t.packets_lost;
        c.phases.push_back(std::move(t));
    }
    c.throughput_gbps = c.seconds > 0 ? static_cast<double>(traffic.dense_bytes) * 8.0 / c.seconds / 1e9 : 0.0;
    return c;
}

SchemeTiming simulate_scheme(const Traffic& traffic, const Fabric& fabric, const Compute& compute,
                             const OverlapSettings& overlap) {
    const auto start = std::chrono::steady_clock::now();
    SchemeTiming s;
    s.compute = compute;
    s.communication = simulate_communication(traffic, fabric);
    const std::uint32_t buckets = bucket_count(traffic.dense_bytes, overlap.bucket_mb);
    s.bucket_communication =
        buckets == 1 ? s.communication : simulate_communication(traffic.scaled(1.0 / buckets), fabric);
    const double codec_s = overlap.count_codec_time ? traffic.codec_seconds : 0.0;
    s.iteration = iteration_time(compute, s.communication.seconds, codec_s, buckets, s.bucket_communication.seconds);

    const bool has_host_path = std::any_of(traffic.phases.begin(), traffic.phases.end(),
                                           [](const Phase& p) { return p.path != Path::in_network; });
    if (fabric.loss_rate > 0 && has_host_path) {
        s.notes.push_back("loss_rate applies to the switch protocol only; host transports are modelled lossless");
    }
    if (buckets > 1) {
        s.notes.push_back("overlap: each of the " + std::to_string(buckets) +
                          " buckets carries 1/buckets of every phase's bytes (meta rounds whole)");
    }
    s.simulation_wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return s;
}

}  // namespace compression::simulated
