// The dense baselines: float32 allreduce and SwitchML-style fixed point.
#include "compression/baselines.hpp"
#include "compression/fixed_point.hpp"
#include "stopwatch.hpp"

#include <bit>
#include <cstring>

namespace compression {

Report DenseScheme::aggregate(std::span<const std::span<const float>> workers, std::span<float> out) {
    check_inputs(workers, out);
    const std::size_t n = out.size(), K = workers.size();
    Report rep;
    rep.values = n;
    rep.workers = K;
    double encode = 0, reduce = 0;
    Message acc, msg(n);
    for (std::size_t w = 0; w < K; ++w) {
        Stopwatch t;
        std::memcpy(msg.data(), workers[w].data(), n * 4);  // the message is the gradient itself
        encode += t.seconds();
        Stopwatch r;
        if (w == 0) acc = msg;
        else aggregate_into(Reduce::sum_float32, acc, msg);
        reduce += r.seconds();
    }
    Stopwatch t;
    if (n) std::memcpy(out.data(), acc.data(), n * 4);
    rep.timing = {encode / K, reduce, t.seconds()};
    rep.rounds.push_back({"values", Reduce::sum_float32, n * 4ull, n * 4ull});
    rep.union_nonzeros = union_count(workers);
    return rep;
}

Report DenseIntScheme::aggregate(std::span<const std::span<const float>> workers, std::span<float> out) {
    check_inputs(workers, out);
    const std::size_t n = out.size(), K = workers.size();
    Report rep;
    rep.values = n;
    rep.workers = K;
    double encode = 0, reduce = 0;
    // Round "meta": the largest exponent, by max, fixes the shared scale.
    std::uint8_t max_exponent = 0;
    for (std::size_t w = 0; w < K; ++w) {
        Stopwatch t;
        const std::uint8_t e = max_exponent_byte(workers[w]);
        encode += t.seconds();
        max_exponent = std::max(max_exponent, e);
    }
    rep.rounds.push_back({"meta", Reduce::max_byte, 4, 4});
    const FixedPoint fixed(max_exponent, K);
    Message acc, msg(n);
    for (std::size_t w = 0; w < K; ++w) {
        Stopwatch t;
        for (std::size_t i = 0; i < n; ++i) msg[i] = static_cast<std::uint32_t>(fixed.encode(workers[w][i]));
        encode += t.seconds();
        Stopwatch r;
        if (w == 0) acc = msg;
        else aggregate_into(Reduce::sum_int32, acc, msg);
        reduce += r.seconds();
    }
    Stopwatch t;
    for (std::size_t i = 0; i < n; ++i) out[i] = fixed.decode(static_cast<std::int32_t>(acc[i]));
    rep.timing = {encode / K, reduce, t.seconds()};
    rep.rounds.push_back({"values", Reduce::sum_int32, n * 4ull, n * 4ull});
    rep.union_nonzeros = union_count(workers);
    return rep;
}

}  // namespace compression
