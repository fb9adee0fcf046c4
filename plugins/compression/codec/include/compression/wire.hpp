// What travels on the wire: one collective step ("round") at a time. Every worker sends
// a message, the network reduces the messages element-wise, every worker receives the
// result. The reduce operators are those a switch or an allreduce can apply.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace compression {

using Message = std::vector<std::uint32_t>;  // 32-bit words, as a switch's registers hold them

enum class Reduce {
    sum_int32,    // wrapping two's-complement sum: what a Tofino-class switch adds
    sum_float32,  // float sum in worker order: allreduce on hosts (or a float-capable switch)
    sum_float16,  // two fp16 lanes per word, each sum rounded to fp16 (as an fp16 allreduce)
    bit_or,       // bitwise OR
    max_byte,     // per-byte maximum (exponents, HyperLogLog registers)
    max_uint32,   // per-word maximum
    gather,       // concatenation of different-length messages: needs hosts (allgather)
    merge,        // a server merges variable sparse messages (OmniReduce aggregator)
};

const char* to_string(Reduce op);

// True when an integer programmable switch (Tofino-class, as SwitchML/ATP assume) can
// apply the operator at line rate. Float sums, gathers and merges need hosts or servers.
bool switch_can(Reduce op);

struct Round {
    std::string name;                  // "meta", "index", "sketch", "repair", ...
    Reduce op = Reduce::sum_int32;
    std::uint64_t bytes_sent = 0;      // per worker, upstream
    std::uint64_t bytes_received = 0;  // per worker, downstream
};

// Element-wise reduction of equal-length messages (the switch / allreduce step).
// Throws std::invalid_argument for gather/merge (scheme-specific) or unequal lengths.
Message aggregate(Reduce op, std::span<const Message> messages);
// In-place form: acc = acc (op) msg.
void aggregate_into(Reduce op, Message& acc, const Message& msg);

}  // namespace compression
