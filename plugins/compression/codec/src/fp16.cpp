// The fp16 cast baseline: half the bytes, rounding error, and a range (+-65504) that
// gradients can exceed - reported as an error rather than hidden as Inf.
#include "compression/baselines.hpp"
#include <collective/half.hpp>
#include "stopwatch.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace compression {

Report Fp16Scheme::aggregate(std::span<const std::span<const float>> workers, std::span<float> out) {
    check_inputs(workers, out);
    const std::size_t n = out.size(), K = workers.size();
    const std::size_t words = (n + 1) / 2;
    Report rep;
    rep.values = n;
    rep.workers = K;
    double encode = 0, reduce = 0;
    Message acc, msg(words);
    for (std::size_t w = 0; w < K; ++w) {
        Stopwatch t;
        std::fill(msg.begin(), msg.end(), 0u);
        for (std::size_t i = 0; i < n; ++i) {
            const float x = workers[w][i];
            if (std::fabs(x) > collective::kHalfMax) {
                std::ostringstream s;
                s << "fp16: worker " << w << " value " << x << " at position " << i
                  << " is beyond the fp16 range (+-65504)";
                throw std::invalid_argument(s.str());
            }
            msg[i / 2] |= static_cast<std::uint32_t>(collective::float_to_half(x)) << (16 * (i % 2));
        }
        encode += t.seconds();
        Stopwatch r;
        if (w == 0) acc = msg;
        else aggregate_into(Reduce::sum_float16, acc, msg);
        reduce += r.seconds();
    }
    Stopwatch t;
    for (std::size_t i = 0; i < n; ++i) {
        out[i] = collective::half_to_float(static_cast<std::uint16_t>(acc[i / 2] >> (16 * (i % 2))));
        if (std::isinf(out[i]))
            throw std::invalid_argument("fp16: the sum at position " + std::to_string(i) +
                                        " overflowed the fp16 range (+-65504)");
    }
    rep.timing = {encode / K, reduce, t.seconds()};
    rep.rounds.push_back({"values", Reduce::sum_float16, words * 4ull, words * 4ull});
    rep.union_nonzeros = union_count(workers);
    return rep;
}

}  // namespace compression
