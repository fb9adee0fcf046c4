// In-network aggregation on a programmable switch, as the SwitchML protocol does it
// (Sapio et al., NSDI'21):
//  - K workers hang off one switch. The switch has a pool of `slots` aggregation slots,
//    each holding one packet's worth of 32-bit integers, and a shadow copy of the pool.
//  - A tensor is cut into chunks of one packet each. Chunk c uses slot c mod s of pool
//    (c / s) mod 2. A worker first sends chunks 0..s-1; afterwards it sends chunk c + s
//    only when the result for chunk c has come back: the stream is self-clocked.
//  - The switch adds (integer sum, wrapping at 32 bits), ORs (index bitmaps) or maxes
//    (scale exchange) a contribution into its slot and remembers which worker contributed.
//    When all K contributions are in, it multicasts the slot to every worker. A slot is
//    only ever restarted by a chunk of a later round, which no worker can send before all
//    workers received this one: slots are reused only after all contributions arrived.
//  - Loss: a worker that has no result for a chunk after `retransmit_timeout_s` sends the
//    contribution again. A switch that already counted that worker's contribution drops it
//    while the slot waits, or answers with the stored result (unicast) once complete; the
//    shadow pool keeps that result until the slot's next-but-one use.
//
// Two engines compute the same timings. `Events` runs every packet through a
// discrete-event loop (needed when packets are lost). `Recurrence` uses that without loss
// every port serves packets in chunk order, so each packet's times follow from a max-plus
// recurrence over chunks, with no event queue: exact, and fast enough for BERT-sized
// tensors in well under a second. Tests check that both agree.
#pragma once

#include "netsim/link.hpp"

#include <collective/reduce.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace netsim {

// What the switch's ALUs apply to a slot's 32-bit registers.
enum class AggregationOp {
    Sum,       // two's-complement add, wrapping at 32 bits (SwitchML's integer sums)
    Or,        // bitwise OR (index bitmaps, Bloom filters)
    MaxWord,   // unsigned 32-bit maximum (a shared scale)
    MaxBytes,  // maximum of each byte lane (float exponents, HyperLogLog registers)
};
const char* to_string(AggregationOp op);
// The same operator in the collective's terms (plugins/common/collective), and back: a
// switch runs only these four; anything else throws std::invalid_argument.
collective::Reduce reduce_of(AggregationOp op);
AggregationOp switch_op(collective::Reduce op);

struct SwitchAggregationConfig {
    enum class Engine { Auto, Events, Recurrence };

    std::uint32_t workers = 8;
    std::uint32_t slots = 256;        // per pool; the shadow pool doubles the memory
    PacketFormat packets;             // payload = 32-bit elements per packet x 4 bytes
    std::vector<LinkSpec> uplinks;    // worker -> switch: one per worker, or one for all
    std::vector<LinkSpec> downlinks;  // switch -> worker: likewise
    double switch_latency_s = 0.0;    // from a completing contribution to the multicast
    double retransmit_timeout_s = 10e-3;
    std::uint64_t seed = 1;          // packet loss draws
    bool record_slot_trace = false;  // keep one SlotUse per chunk (memory: 40 B each)
    Engine engine = Engine::Auto;    // Auto: Recurrence unless some link loses packets

    void validate() const;  // throws std::invalid_argument naming the field
    const LinkSpec& uplink(std::uint32_t worker) const { return uplinks.size() == 1 ? uplinks[0] : uplinks[worker]; }
    const LinkSpec& downlink(std::uint32_t worker) const {
        return downlinks.size() == 1 ? downlinks[0] : downlinks[worker];
    }
    bool lossless() const;
};

// One use of one slot: which chunk it aggregated and when.
struct SlotUse {
    std::uint32_t slot = 0;
    std::uint32_t pool = 0;
    std::uint64_t chunk = 0;
    double first_contribution_s = 0.0;
    double last_contribution_s = 0.0;
    double completed_s = -1.0;  // -1: never completed (a bug; the simulation would not end)
    std::uint32_t contributions = 0;
};

struct SwitchAggregationResult {
    double seconds = 0.0;  // from the first send until the last worker holds every result
    SwitchAggregationConfig::Engine engine = SwitchAggregationConfig::Engine::Recurrence;
    std::uint64_t chunks = 0;               // packets per worker without retransmissions
    std::uint64_t worker_packets_sent = 0;  // all workers, retransmissions included
    std::uint64_t worker_packets_lost = 0;  // dropped on uplinks
    std::uint64_t switch_packets_received = 0;
    std::uint64_t contributions_counted = 0;    // = workers x chunks once done
    std::uint64_t duplicate_contributions = 0;  // retransmissions the switch had already counted
    std::uint64_t result_packets_sent = 0;      // multicast copies and unicast replies
    std::uint64_t result_packets_lost = 0;
    std::uint64_t result_packets_delivered = 0;
    std::uint64_t results_accepted = 0;   // = workers x chunks once done
    std::uint64_t duplicate_results = 0;  // delivered to a worker that already had it
    std::uint64_t retransmissions = 0;
    std::uint64_t payload_bytes_sent = 0;      // all workers, first transmissions only
    std::uint64_t payload_bytes_accepted = 0;  // result payload accepted by all workers
    std::uint64_t wire_bytes_up = 0;           // all uplink packets incl. headers and drops
    std::uint64_t wire_bytes_down = 0;
    std::uint32_t slots_used = 0;             // min(slots, chunks)
    std::uint64_t switch_memory_bytes = 0;    // both pools: registers + worker bitmap + counter
    std::uint64_t slot_reuse_violations = 0;  // a contribution found its slot busy with another chunk
    std::uint64_t events = 0;                 // work of the engine (events, or packet updates)
    std::vector<SlotUse> slot_trace;          // when record_slot_trace
};

// Timing only: every worker contributes `bytes_up` bytes and receives `bytes_down` bytes
// of result (equal for SwitchML; a THC-style switch returns wider sums than it receives).
SwitchAggregationResult simulate_switch_aggregation(const SwitchAggregationConfig& config, std::uint64_t bytes_up,
                                                    std::uint64_t bytes_down, AggregationOp op);

// Real data through the switch's registers: worker w contributes words[w] (all the same
// length); received[w] is what worker w got back, element by element in chunk order.
// Needs a payload that is a whole number of 32-bit words.
SwitchAggregationResult aggregate_through_switch(const SwitchAggregationConfig& config,
                                                 const std::vector<std::vector<std::uint32_t>>& words, AggregationOp op,
                                                 std::vector<std::vector<std::uint32_t>>& received);

// Lower bound for one aggregation of `bytes` per worker with uniform links: the last
// packet cannot leave a worker before all bytes (with headers) were serialised, and must
// then cross the uplink, the switch and the downlink.
double switch_aggregation_bound_s(const SwitchAggregationConfig& config, std::uint64_t bytes);

}  // namespace netsim
