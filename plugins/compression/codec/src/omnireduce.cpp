// OmniReduce-style block sparsity (after Fei et al., SIGCOMM'21): workers send only their
// nonzero blocks with a block bitmap; an aggregator (a server, not a switch: blocks of
// different workers do not line up in one stream) sums them and returns the union.
#include "compression/baselines.hpp"
#include "stopwatch.hpp"

#include <bit>
#include <cstring>

namespace compression {

Report OmniReduceScheme::aggregate(std::span<const std::span<const float>> workers, std::span<float> out) {
    check_inputs(workers, out);
    const std::size_t n = out.size(), K = workers.size(), B = block_;
    const std::size_t blocks = (n + B - 1) / B;
    const std::size_t bitmap_words = (blocks + 31) / 32;
    auto block_len = [&](std::size_t b) { return std::min(B, n - b * B); };
    Report rep;
    rep.values = n;
    rep.workers = K;
    rep.union_nonzeros = union_count(workers);
    double encode = 0, reduce = 0;
    std::uint64_t sent = 0;

    // The aggregator's state: the union bitmap and running sums of the blocks it saw.
    Message union_bits(bitmap_words, 0u);
    std::vector<float> sums(n, 0.0f);
    for (std::size_t w = 0; w < K; ++w) {
        Stopwatch t;
        Message msg(bitmap_words, 0u);
        const auto& x = workers[w];
        for (std::size_t b = 0; b < blocks; ++b) {
            bool any = false;
            for (std::size_t i = b * B; i < b * B + block_len(b) && !any; ++i) any = x[i] != 0.0f;
            if (!any) continue;
            msg[b / 32] |= 1u << (b % 32);
            for (std::size_t i = b * B; i < b * B + block_len(b); ++i)
                msg.push_back(std::bit_cast<std::uint32_t>(x[i]));
        }
        encode += t.seconds();
        sent = std::max<std::uint64_t>(sent, msg.size() * 4ull);
        Stopwatch r;
        std::size_t at = bitmap_words;
        for (std::size_t b = 0; b < blocks; ++b) {
            if (!(msg[b / 32] & (1u << (b % 32)))) continue;
            union_bits[b / 32] |= 1u << (b % 32);
            for (std::size_t i = b * B; i < b * B + block_len(b); ++i) sums[i] += std::bit_cast<float>(msg[at++]);
        }
        reduce += r.seconds();
    }
    // Downstream: the union bitmap and the union's summed blocks.
    Stopwatch r;
    Message down = union_bits;
    for (std::size_t b = 0; b < blocks; ++b)
        if (union_bits[b / 32] & (1u << (b % 32)))
            for (std::size_t i = b * B; i < b * B + block_len(b); ++i)
                down.push_back(std::bit_cast<std::uint32_t>(sums[i]));
    reduce += r.seconds();

    Stopwatch t;
    std::fill(out.begin(), out.end(), 0.0f);
    std::size_t at = bitmap_words;
    for (std::size_t b = 0; b < blocks; ++b)
        if (down[b / 32] & (1u << (b % 32)))
            for (std::size_t i = b * B; i < b * B + block_len(b); ++i) out[i] = std::bit_cast<float>(down[at++]);
    rep.timing = {encode / K, reduce, t.seconds()};
    // Workers send different amounts; the report gives the largest (the straggler).
    rep.rounds.push_back({"blocks", Reduce::merge, sent, down.size() * 4ull});
    return rep;
}

}  // namespace compression
