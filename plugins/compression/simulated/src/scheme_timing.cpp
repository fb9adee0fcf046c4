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
                                         std::vector<std::uint64_t>(k, phase.bytes_received),
                                         fabric.aggregator_setup());
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
        auto r =
            netsim::host_aggregation(fabric.host_fabric(), std::vector<std::uint64_t>(k, phase.bytes_sent),
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

CodecTime parse_codec_time(const std::string& text) {
    if (text == "accelerator") return CodecTime::accelerator;
    if (text == "cpu") return CodecTime::cpu;
    if (text == "none") return CodecTime::none;
    throw std::invalid_argument("codec_time must be 'accelerator', 'cpu' or 'none' (got '" + text + "')");
}

const char* to_string(CodecTime c) {
    switch (c) {
    case CodecTime::accelerator: return "accelerator";
    case CodecTime::cpu: return "cpu";
    case CodecTime::none: return "none";
    }
    return "?";
}

double codec_seconds(const Traffic& traffic, const OverlapSettings& overlap) {
    if (!traffic.has_codec) return 0.0;
    switch (overlap.codec_time) {
    case CodecTime::cpu: return traffic.codec_seconds;
    case CodecTime::none: return 0.0;
    case CodecTime::accelerator:
        if (!(overlap.accelerator_codec_gbps > 0) || !std::isfinite(overlap.accelerator_codec_gbps))
            throw std::invalid_argument("accelerator_codec_gbps must be a rate > 0 Gbps (got " +
                                        std::to_string(overlap.accelerator_codec_gbps) + ")");
        return 2.0 * static_cast<double>(traffic.dense_bytes) * 8.0 / (overlap.accelerator_codec_gbps * 1e9);
    }
    return 0.0;
}

CommunicationTiming simulate_communication(const Traffic& traffic, const Fabric& fabric) {
    fabric.validate();
    if (traffic.workers != fabric.workers) {
        throw std::invalid_argument("the codec aggregated " + std::to_string(traffic.workers) +
                                    " workers but the fabric has workers = " + std::to_string(fabric.workers));
    }
    // Phases that travel in the same pass on the same path become one stream of packets
    // (a switch applies each packet's own operator; the timing does not depend on it). On
    // different paths they are replayed one after the other: conservative, since both
    // would share the worker's link anyway.
    std::vector<Phase> passes;
    for (const Phase& p : traffic.phases) {
        if (p.pass == collective::Pass::same && !passes.empty() && passes.back().path == p.path) {
            Phase& q = passes.back();
            q.name += "+" + p.name;
            q.bytes_sent += p.bytes_sent;
            q.bytes_received += p.bytes_received;
        } else {
            passes.push_back(p);
        }
    }
    CommunicationTiming c;
    for (const Phase& p : passes) {
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
    const double codec_s = codec_seconds(traffic, overlap);
    s.iteration = iteration_time(compute, s.communication.seconds, codec_s, buckets, s.bucket_communication.seconds);
    const double aggregation_s = s.communication.seconds + codec_s;
    s.effective_gbps = aggregation_s > 0 ? static_cast<double>(traffic.dense_bytes) * 8.0 / aggregation_s / 1e9 : 0.0;

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
