// What travels on the wire: one collective step ("round") at a time. Every worker sends
// a message, the network reduces the messages element-wise, every worker receives the
// result. The reduce operators are those a switch or an allreduce can apply.
#pragma once

#include <collective/group.hpp>
#include <collective/reduce.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace compression {

using Message = std::vector<std::uint32_t>;  // 32-bit words, as a switch's registers hold them

// The operators and the element-wise reduce are the shared ones (plugins/common/collective).
using collective::Reduce;
using collective::to_string;

// True when an integer programmable switch (Tofino-class, as SwitchML/ATP assume) can
// apply the operator at line rate. Float sums, gathers and merges need hosts or servers.
bool switch_can(Reduce op);

using collective::Round;

// Element-wise reduction of equal-length messages (the switch / allreduce step).
// Throws std::invalid_argument for gather/merge (scheme-specific) or unequal lengths.
Message aggregate(Reduce op, std::span<const Message> messages);
// In-place form: acc = acc (op) msg.
void aggregate_into(Reduce op, Message& acc, const Message& msg);

}  // namespace compression
