// A scheme's traffic replayed on the simulated fabric: aggregation time per phase and in
// total, throughput, switch memory, and the per-iteration time with and without overlap.
#pragma once

#include "compression/simulated/compute.hpp"
#include "compression/simulated/fabric.hpp"
#include "compression/simulated/traffic.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace compression::simulated {

struct PhaseTiming {
    std::string name;
    Path path = Path::in_network;
    Reduce op = Reduce::sum_int32;
    double seconds = 0.0;
    std::uint64_t bytes_sent = 0;      // per worker
    std::uint64_t bytes_received = 0;  // per worker
    std::uint64_t wire_bytes = 0;      // all links, headers included
    std::uint64_t switch_memory_bytes = 0;
    std::uint64_t retransmissions = 0;
    std::uint64_t packets_lost = 0;
};

struct CommunicationTiming {
    // One entry per pass: phases that travel in the same pass (Pass::same, same path)
    // are one stream of packets, named "index+sketch", with one latency.
    double seconds = 0.0;  // all passes, one after the other
    std::vector<PhaseTiming> phases;
    std::uint64_t switch_memory_bytes = 0;  // the largest any phase held
    double throughput_gbps = 0.0;           // dense gradient bits per worker / seconds
    std::uint64_t retransmissions = 0;
    std::uint64_t packets_lost = 0;
};

// Replays every phase of `traffic` on `fabric`. Throws std::invalid_argument when the
// fabric is invalid or the traffic's worker count differs from the fabric's.
CommunicationTiming simulate_communication(const Traffic& traffic, const Fabric& fabric);

// Where a scheme's encode and decode time comes from.
enum class CodecTime {
    accelerator,  // encode and decode each stream the dense gradient at accelerator_codec_gbps
    cpu,          // as the codec measured it on this machine's CPU (one core, thread CPU time)
    none,         // not counted
};
CodecTime parse_codec_time(const std::string& text);  // "accelerator" | "cpu" | "none"
const char* to_string(CodecTime c);

struct OverlapSettings {
    double bucket_mb = 25.0;  // gradient bucket size in MiB (PyTorch DDP default)
    CodecTime codec_time = CodecTime::accelerator;
    double accelerator_codec_gbps = 2400.0;  // dense gradient bits per second, each of encode and decode
};

// One worker's encode + decode time for the whole gradient of `traffic`, as `overlap`
// counts it (0 for a scheme without a codec: dense float32).
double codec_seconds(const Traffic& traffic, const OverlapSettings& overlap);

struct SchemeTiming {
    CommunicationTiming communication;         // whole gradient at once
    CommunicationTiming bucket_communication;  // one bucket of the overlapped iteration
    IterationTime iteration;
    double effective_gbps = 0.0;  // dense gradient bits per worker / (aggregation + codec)
    Compute compute;
    std::vector<std::string> notes;  // modelling caveats that apply to this run
    double simulation_wall_s = 0.0;  // cost of the simulation itself
};

SchemeTiming simulate_scheme(const Traffic& traffic, const Fabric& fabric, const Compute& compute,
                             const OverlapSettings& overlap);

}  // namespace compression::simulated
