#include "netsim/switch_aggregation.hpp"

#include "switch_chunks.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace netsim {

const char* to_string(AggregationOp op) {
    switch (op) {
    case AggregationOp::Sum: return "sum";
    case AggregationOp::Or: return "or";
    case AggregationOp::MaxWord: return "max-word";
    case AggregationOp::MaxBytes: return "max-bytes";
    }
    return "?";
}

collective::Reduce reduce_of(AggregationOp op) {
    switch (op) {
    case AggregationOp::Sum: return collective::Reduce::sum_int32;
    case AggregationOp::Or: return collective::Reduce::bit_or;
    case AggregationOp::MaxWord: return collective::Reduce::max_uint32;
    case AggregationOp::MaxBytes: return collective::Reduce::max_byte;
    }
    throw std::invalid_argument("unknown switch operator");
}

AggregationOp switch_op(collective::Reduce op) {
    switch (op) {
    case collective::Reduce::sum_int32: return AggregationOp::Sum;
    case collective::Reduce::bit_or: return AggregationOp::Or;
    case collective::Reduce::max_uint32: return AggregationOp::MaxWord;
    case collective::Reduce::max_byte: return AggregationOp::MaxBytes;
    default: break;
    }
    throw std::invalid_argument(std::string("reduce operator ") + collective::to_string(op) +
                                " cannot run on an integer switch; route it through hosts");
}

void SwitchAggregationConfig::validate() const {
    auto fail = [](const std::string& msg) { throw std::invalid_argument(msg); };
    if (workers == 0) fail("workers must be at least 1 (got 0)");
    if (slots == 0) fail("slots must be at least 1 (got 0)");
    packets.validate("packets");
    if (uplinks.size() != 1 && uplinks.size() != workers) {
        fail("uplinks must hold 1 link or one per worker (" + std::to_string(workers) + "); got " +
             std::to_string(uplinks.size()));
    }
    if (downlinks.size() != 1 && downlinks.size() != workers) {
        fail("downlinks must hold 1 link or one per worker (" + std::to_string(workers) + "); got " +
             std::to_string(downlinks.size()));
    }
    for (std::size_t i = 0; i < uplinks.size(); ++i) uplinks[i].validate("uplinks[" + std::to_string(i) + "]");
    for (std::size_t i = 0; i < downlinks.size(); ++i) downlinks[i].validate("downlinks[" + std::to_string(i) + "]");
    if (!(switch_latency_s >= 0.0) || !std::isfinite(switch_latency_s)) {
        fail("switch_latency_s must be a finite delay >= 0 s (got " + std::to_string(switch_latency_s) + ")");
    }
    if (!(retransmit_timeout_s > 0.0) || !std::isfinite(retransmit_timeout_s)) {
        fail("retransmit_timeout_s must be a finite time > 0 s (got " + std::to_string(retransmit_timeout_s) + ")");
    }
    if (engine == Engine::Recurrence && !lossless()) {
        fail("engine Recurrence models lossless links only; set every link's loss to 0 or use Events/Auto");
    }
}

bool SwitchAggregationConfig::lossless() const {
    auto no_loss = [](const LinkSpec& l) { return l.loss == 0.0; };
    return std::all_of(uplinks.begin(), uplinks.end(), no_loss) &&
           std::all_of(downlinks.begin(), downlinks.end(), no_loss);
}

namespace detail {

std::uint64_t switch_memory_bytes(const SwitchAggregationConfig& config, const SwitchChunks& chunks) {
    const std::uint64_t used = std::min<std::uint64_t>(config.slots, chunks.count);
    // Chunk 0 is a full packet upstream; results are split in proportion, so none is wider
    // than ceil(payload x down / up).
    const std::uint64_t up = chunks.up(0);
    const auto down = static_cast<std::uint64_t>(
        (static_cast<Uint128>(chunks.payload) * chunks.bytes_down + chunks.bytes_up - 1) / chunks.bytes_up);
    const std::uint64_t widest = std::max(up, std::min(down, chunks.bytes_down));
    const std::uint64_t bitmap = (config.workers + 7) / 8;
    return 2 * used * (widest + bitmap + 4);
}

namespace {

SwitchAggregationResult run(const SwitchAggregationConfig& config, const SwitchChunks& chunks, AggregationOp op,
                            SwitchData data) {
    SwitchAggregationResult r;
    if (chunks.count == 0) {
        r.engine =
            config.lossless() ? SwitchAggregationConfig::Engine::Recurrence : SwitchAggregationConfig::Engine::Events;
        return r;
    }
    const bool events = config.engine == SwitchAggregationConfig::Engine::Events ||
                        (config.engine == SwitchAggregationConfig::Engine::Auto && !config.lossless());
    r = events ? run_events(config, chunks, op, data) : run_recurrence(config, chunks, op, data);
    r.slots_used = static_cast<std::uint32_t>(std::min<std::uint64_t>(config.slots, chunks.count));
    r.switch_memory_bytes = switch_memory_bytes(config, chunks);
    return r;
}

}  // namespace
}  // namespace detail

SwitchAggregationResult simulate_switch_aggregation(const SwitchAggregationConfig& config, std::uint64_t bytes_up,
                                                    std::uint64_t bytes_down, AggregationOp op) {
    config.validate();
    if ((bytes_up == 0) != (bytes_down == 0)) {
        throw std::invalid_argument("bytes_up and bytes_down must both be 0 or both be > 0 (got " +
                                    std::to_string(bytes_up) + " and " + std::to_string(bytes_down) + ")");
    }
    detail::SwitchChunks chunks(bytes_up, bytes_down, config.packets.payload_bytes);
    return detail::run(config, chunks, op, {});
}

SwitchAggregationResult aggregate_through_switch(const SwitchAggregationConfig& config,
                                                 const std::vector<std::vector<std::uint32_t>>& words, AggregationOp op,
                                                 std::vector<std::vector<std::uint32_t>>& received) {
    config.validate();
    if (config.packets.payload_bytes % 4 != 0) {
        throw std::invalid_argument("packets.payload_bytes must be a multiple of 4 to carry 32-bit words (got " +
                                    std::to_string(config.packets.payload_bytes) + ")");
    }
    if (words.size() != config.workers) {
        throw std::invalid_argument("words must hold one array per worker: expected " + std::to_string(config.workers) +
                                    ", got " + std::to_string(words.size()));
    }
    const std::size_t n = words.front().size();
    for (std::size_t w = 0; w < words.size(); ++w) {
        if (words[w].size() != n) {
            throw std::invalid_argument("words[" + std::to_string(w) + "] has " + std::to_string(words[w].size()) +
                                        " elements; every worker must send " + std::to_string(n));
        }
    }
    received.assign(config.workers, std::vector<std::uint32_t>(n, 0));
    detail::SwitchChunks chunks(n * 4, n * 4, config.packets.payload_bytes);
    return detail::run(config, chunks, op, {&words, &received});
}

double switch_aggregation_bound_s(const SwitchAggregationConfig& config, std::uint64_t bytes) {
    config.validate();
    if (bytes == 0) return 0.0;
    const LinkSpec& up = config.uplink(0);
    const LinkSpec& down = config.downlink(0);
    return up.serialization_s(config.packets.wire_bytes(bytes)) + up.latency_s + config.switch_latency_s +
           down.serialization_s(config.packets.last_packet_wire_bytes(bytes)) + down.latency_s;
}

}  // namespace netsim
