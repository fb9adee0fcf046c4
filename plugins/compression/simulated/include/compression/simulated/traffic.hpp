// What a compression scheme puts on the network in one aggregation, in the form the
// simulated fabric replays: an ordered list of phases (the codec's "rounds"), each with
// its reduce operator, its bytes per worker, and the path it takes.
#pragma once

#include "compression/scheme.hpp"
#include "compression/wire.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace compression::simulated {

enum class Path {
    in_network,  // summed / ORed / maxed by the programmable switch (SwitchML protocol)
    host_sum,    // element-wise reduce on hosts: ring allreduce or parameter server
    allgather,   // ring allgather of each worker's block (top-k pairs)
    aggregator,  // sharded aggregator hosts merge sparse messages (OmniReduce)
};
const char* to_string(Path path);

struct Phase {
    std::string name;  // the codec's round name: meta, index, sketch, values, ...
    Reduce op = Reduce::sum_int32;
    Path path = Path::in_network;
    std::uint64_t bytes_sent = 0;      // per worker, upstream
    std::uint64_t bytes_received = 0;  // per worker, downstream
    // Pass::same: built without the previous phase's result, so it travels in the same
    // pass (the one-pass LHC's sketch beside its index).
    collective::Pass pass = collective::Pass::next;
};

struct Traffic {
    std::string scheme;
    std::uint32_t workers = 0;
    std::uint64_t dense_bytes = 0;  // the float32 gradient one worker holds: 4 x values
    std::vector<Phase> phases;      // run one after the other: each needs the previous result
    double codec_seconds = 0.0;     // one worker's encode + decode time, when measured
    bool has_codec = true;          // false for dense float32: nothing to encode or decode

    // This traffic for a tensor `factor` times as large: every phase's bytes scale, except
    // "meta" rounds, which exchange a fixed number of registers whatever the tensor size.
    Traffic scaled(double factor) const;

    // The codec reports one set of rounds per tensor. Frameworks fuse tensors into one
    // buffer before aggregating (Horovod tensor fusion, DDP buckets); fused() does the
    // same: rounds of the same name, operator, path and pass become one phase
    // (first-appearance order), their bytes summed.
    Traffic fused() const;

    // Appends another tensor's traffic (same scheme and workers): phases concatenated,
    // dense bytes and codec time added. Throws std::invalid_argument on a mismatch.
    Traffic& operator+=(const Traffic& other);
};

// Which path a round takes. `in_network`: rounds whose operator an integer switch can
// apply go through the switch; otherwise they are summed on hosts like float rounds.
Path path_for(Reduce op, bool in_network);

// The codec's report of one aggregation as traffic (bytes are per worker, as the codec
// reports them; OmniReduce reports its largest sender).
Traffic traffic_from_report(const std::string& scheme, const Report& report, bool in_network);

// SwitchML-style dense fixed point (the baseline the paper compares with), built directly
// for `values` float32 per worker: a 4-byte max exchange for the shared scale, then the
// int32 values summed in the switch. Same rounds as the codec's dense-int scheme.
Traffic dense_in_network_traffic(std::uint64_t values, std::uint32_t workers);

}  // namespace compression::simulated
