// A group of ranks that can reduce equal-length messages of 32-bit words with the codec's
// operators (sum int32, sum float32, OR, byte max). Gloo over TCP is the real one; tests
// add an in-memory one.
#pragma once

#include <compression/wire.hpp>

#include <cstdint>
#include <span>

namespace compression_training {

class Collective {
public:
    virtual ~Collective() = default;
    virtual int rank() const = 0;
    virtual int size() const = 0;
    // Every rank calls with the same op and length; afterwards every rank holds the
    // element-wise reduction of all ranks' words. Throws std::runtime_error on a network
    // failure or timeout, naming the rank.
    virtual void allreduce(compression::Reduce op, std::span<std::uint32_t> words) = 0;
    // Payload bytes this rank has sent / received so far.
    virtual std::uint64_t bytes_sent() const = 0;
    virtual std::uint64_t bytes_received() const = 0;
    // What one allreduce of `words` sends (= receives) per rank, counted like bytes_sent.
    virtual std::uint64_t allreduce_bytes(std::size_t words) const = 0;
};

}  // namespace compression_training
