// How the workers' gradients become one sum: the seam between the training loop and the
// network. In-process, this process computes every worker's gradient and the codec runs
// encode -> aggregate -> decode for all of them; over Gloo, each rank process holds one
// worker's gradient and the rounds travel over TCP.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace compression_training {

struct ExchangeResult {
    // Per worker and per step, all rounds, counted as the transport counts them: the
    // codec's message sizes in-process (what a switch would carry), the bytes this rank
    // really sent and received over Gloo (ring allreduce: about 2 (K-1)/K per message).
    std::uint64_t bytes_sent = 0;
    std::uint64_t bytes_received = 0;
    // Dense float32 aggregation of the same gradient, counted the same way.
    std::uint64_t dense_bytes_sent = 0;
    std::uint64_t dense_bytes_received = 0;
    double encode_s = 0;             // one worker's encoding
    double network_s = 0;            // the reduction: the codec's aggregate step, or waiting on the network
    double decode_s = 0;             // one worker's decoding
    std::size_t union_nonzeros = 0;  // in-process only (a measurement, not part of the protocol)
    std::size_t candidates = 0;      // lhc: positions after the index round
    std::size_t peel_failures = 0;   // lhc: values whose peeling stalled (then repaired exactly)
    int rounds = 0;
};

class GradientExchange {
public:
    virtual ~GradientExchange() = default;
    virtual int workers() const = 0;                     // K
    virtual std::vector<int> local_workers() const = 0;  // whose gradients this process computes
    virtual bool reports() const = 0;                    // this process evaluates and reports
    // local[j] is worker local_workers()[j]'s gradient; sum receives the sum over all K.
    virtual ExchangeResult exchange(std::span<const std::span<const float>> local, std::span<float> sum) = 0;
    // Sums small statistics (loss, correct, count) over all workers; no-op in-process.
    virtual void sum_statistics(std::span<double> values) = 0;
};

}  // namespace compression_training
