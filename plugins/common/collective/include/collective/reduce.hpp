// The operators a round of a collective reduces with, and the element-wise reduce itself:
// one definition for the codec's in-memory rounds, the Gloo ring and the switch's slots.
#pragma once

#include <cstdint>
#include <span>

namespace collective {

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

// True for the operators that combine two equal-length word arrays word by word (all but
// gather and merge, which a scheme carries out itself).
bool elementwise(Reduce op);

// acc = acc (op) in, word by word. Throws std::invalid_argument when the lengths differ or
// the operator is not element-wise.
void reduce_words(Reduce op, std::span<std::uint32_t> acc, std::span<const std::uint32_t> in);

}  // namespace collective
