// Lossless SwitchML timing by recurrence. Without loss every FIFO sees packets in chunk
// order: a worker enqueues chunk c when the result of chunk c - s arrives, and those
// arrivals increase with c; the switch completes chunk c at the latest of its K arrivals,
// which increases with c too; each egress port therefore emits results in chunk order.
// So, with tx = serialisation time and lat = link latency, for chunk c and worker w:
//   sent_w(c)     = max(result_w(c - s) [0 for c < s], sent_w(c - 1)) + tx_up_w(c)
//   arrive_w(c)   = sent_w(c) + lat_up_w
//   complete(c)   = max_w arrive_w(c)
//   out_w(c)      = max(complete(c) + switch_latency, out_w(c - 1)) + tx_down_w(c)
//   result_w(c)   = out_w(c) + lat_down_w
// which is exactly what the event engine computes packet by packet.
#include "slot_pool.hpp"
#include "switch_chunks.hpp"

#include <algorithm>
#include <vector>

namespace netsim::detail {

SwitchAggregationResult run_recurrence(const SwitchAggregationConfig& config, const SwitchChunks& chunks,
                                       AggregationOp op, SwitchData data) {
    const std::uint32_t k = config.workers;
    const std::uint32_t s = config.slots;
    const std::uint64_t n = chunks.count;
    const std::uint32_t header = config.packets.header_bytes;
    const bool with_data = data.words != nullptr;
    const std::uint32_t words_per_slot = with_data ? config.packets.payload_bytes / 4 : 0;

    SlotPool pool(s, k, words_per_slot, op, config.record_slot_trace);
    std::vector<double> sent(k, 0.0), out(k, 0.0);
    std::vector<double> result_ring(static_cast<std::size_t>(k) * s, 0.0);  // result_w(c) at [c % s][w]
    std::vector<double> up_rate_inv(k), down_rate_inv(k), lat_up(k), lat_down(k);
    for (std::uint32_t w = 0; w < k; ++w) {
        up_rate_inv[w] = 8.0 / (config.uplink(w).gbps * 1e9);
        down_rate_inv[w] = 8.0 / (config.downlink(w).gbps * 1e9);
        lat_up[w] = config.uplink(w).latency_s;
        lat_down[w] = config.downlink(w).latency_s;
    }

    SwitchAggregationResult r;
    for (std::uint64_t c = 0; c < n; ++c) {
        const std::uint64_t up = chunks.up(c);
        const std::uint64_t down = chunks.down(c);
        const double up_wire = static_cast<double>(up + header);
        const double down_wire = static_cast<double>(down + header);
        double* ring = &result_ring[(c % s) * k];
        double complete = 0.0;
        for (std::uint32_t w = 0; w < k; ++w) {
            double enqueued = c < s ? 0.0 : ring[w];
            sent[w] = std::max(enqueued, sent[w]) + up_wire * up_rate_inv[w];
            double arrive = sent[w] + lat_up[w];
            complete = std::max(complete, arrive);
            const std::uint32_t* words = with_data ? (*data.words)[w].data() + c * words_per_slot : nullptr;
            pool.contribute(w, c, words, static_cast<std::uint32_t>(up / 4), arrive);
        }
        const double leave = complete + config.switch_latency_s;
        for (std::uint32_t w = 0; w < k; ++w) {
            out[w] = std::max(leave, out[w]) + down_wire * down_rate_inv[w];
            ring[w] = out[w] + lat_down[w];
        }
        if (with_data) {
            if (!pool.holds_result(c)) ++r.slot_reuse_violations;
            const std::uint32_t* value = pool.result(c);
            for (std::uint32_t w = 0; w < k; ++w) {
                std::copy(value, value + up / 4,
                          (*data.received)[w].begin() + static_cast<std::ptrdiff_t>(c * words_per_slot));
            }
        }
        r.wire_bytes_up += (up + header) * k;
        r.wire_bytes_down += (down + header) * k;
        r.payload_bytes_sent += up * k;
        r.payload_bytes_accepted += down * k;
    }

    // result_w(c) grows with c, so the last chunk's results are the last events.
    double finish = 0.0;
    if (n > 0) {
        const double* ring = &result_ring[((n - 1) % s) * k];
        finish = *std::max_element(ring, ring + k);
    }
    r.seconds = finish;
    r.engine = SwitchAggregationConfig::Engine::Recurrence;
    r.chunks = n;
    r.worker_packets_sent = r.switch_packets_received = r.contributions_counted = n * k;
    r.result_packets_sent = r.result_packets_delivered = r.results_accepted = n * k;
    r.slot_reuse_violations += pool.violations();
    r.events = n * k;
    r.slot_trace = pool.take_trace();
    return r;
}

}  // namespace netsim::detail
