// THC-style homomorphic quantisation (after Li et al., NSDI'24): a randomised Hadamard
// transform spreads each block's energy evenly, then every worker rounds stochastically to
// the same table of 2^bits levels spanning the global max. The switch adds table values as
// integers; the decoded sum is unbiased but lossy.
#include "compression/baselines.hpp"
#include "compression/hashing.hpp"
#include "stopwatch.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace compression {

namespace {

constexpr std::size_t kMaxBlock = 4096;

// In-place fast Walsh-Hadamard transform of one power-of-two block, orthonormal.
void hadamard(std::span<float> y) {
    const std::size_t B = y.size();
    for (std::size_t h = 1; h < B; h *= 2)
        for (std::size_t i = 0; i < B; i += 2 * h)
            for (std::size_t j = i; j < i + h; ++j) {
                const float a = y[j], b = y[j + h];
                y[j] = a + b;
                y[j + h] = a - b;
            }
    const float scale = 1.0f / std::sqrt(static_cast<float>(B));
    for (auto& v : y) v *= scale;
}

bool flip(std::uint64_t seed, std::size_t i) { return hash_position(static_cast<std::uint32_t>(i), seed) >> 63; }

// Packs `bits`-wide unsigned values into 32-bit words, little end first.
Message pack(const std::vector<std::uint32_t>& v, int bits) {
    Message out((v.size() * bits + 31) / 32, 0u);
    std::uint64_t acc = 0;
    int filled = 0;
    std::size_t word = 0;
    for (auto x : v) {
        acc |= static_cast<std::uint64_t>(x) << filled;
        filled += bits;
        if (filled >= 32) {
            out[word++] = static_cast<std::uint32_t>(acc);
            acc >>= 32;
            filled -= 32;
        }
    }
    if (filled > 0) out[word] = static_cast<std::uint32_t>(acc);
    return out;
}

std::uint32_t unpack_at(const Message& m, std::size_t i, int bits) {
    const std::size_t bit = i * bits;
    std::uint64_t two = m[bit / 32];
    if (bit / 32 + 1 < m.size()) two |= static_cast<std::uint64_t>(m[bit / 32 + 1]) << 32;
    return static_cast<std::uint32_t>((two >> (bit % 32)) & ((1u << bits) - 1));
}

}  // namespace

Report ThcScheme::aggregate(std::span<const std::span<const float>> workers, std::span<float> out) {
    check_inputs(workers, out);
    const std::size_t n = out.size(), K = workers.size();
    Report rep;
    rep.values = n;
    rep.workers = K;
    rep.union_nonzeros = union_count(workers);
    if (n == 0) return rep;
    const std::size_t B = std::min(kMaxBlock, std::bit_ceil(n));
    const std::size_t N = (n + B - 1) / B * B;  // zero-padded to whole blocks
    const std::uint64_t rotation = derive_seed(seed_, 21);
    const std::uint64_t rounding = derive_seed(seed_, 22 + calls_++);
    double encode = 0, reduce = 0;

    // Encode, step 1: rotate; round "meta": the global max magnitude (max of float bits).
    std::vector<std::vector<float>> rotated(K, std::vector<float>(N, 0.0f));
    std::uint32_t max_bits = 0;
    for (std::size_t w = 0; w < K; ++w) {
        Stopwatch t;
        auto& y = rotated[w];
        for (std::size_t i = 0; i < n; ++i) y[i] = flip(rotation, i) ? -workers[w][i] : workers[w][i];
        for (std::size_t b = 0; b < N; b += B) hadamard(std::span(y).subspan(b, B));
        std::uint32_t mine = 0;
        for (float v : y) mine = std::max(mine, std::bit_cast<std::uint32_t>(std::fabs(v)));
        encode += t.seconds();
        max_bits = std::max(max_bits, mine);
    }
    rep.rounds.push_back({"meta", Reduce::max_uint32, 4, 4});
    const float M = std::bit_cast<float>(max_bits);
    const std::uint32_t levels = 1u << bits_;
    const double step = M > 0 ? 2.0 * M / (levels - 1) : 1.0;

    // Round "values": table indices up; the switch sums table values (index sums) into
    // wider integers, so what comes back needs bits + log2(K) bits per value.
    std::vector<std::uint32_t> sums(N, 0), idx(N);
    for (std::size_t w = 0; w < K; ++w) {
        Stopwatch t;
        for (std::size_t i = 0; i < N; ++i) {
            const double pos = std::clamp((rotated[w][i] + static_cast<double>(M)) / step, 0.0, double(levels - 1));
            const auto lo = std::min(static_cast<std::uint32_t>(pos), levels - 1);
            const double u =
                static_cast<double>(
                    hash_position(static_cast<std::uint32_t>(i), rounding ^ (w * 0x9e3779b97f4a7c15ULL)) >> 11) *
                0x1p-53;
            idx[i] = lo + (lo + 1 < levels && u < pos - lo ? 1u : 0u);
        }
        const Message msg = pack(idx, bits_);
        encode += t.seconds();
        Stopwatch r;
        for (std::size_t i = 0; i < N; ++i) sums[i] += unpack_at(msg, i, bits_);
        reduce += r.seconds();
    }
    const int sum_bits = bits_ + std::bit_width(K - 1);
    rep.rounds.push_back({"values", Reduce::sum_int32, (N * bits_ + 7) / 8, (N * sum_bits + 7) / 8});

    // Decode: table values back to floats, inverse rotation (H is its own inverse).
    Stopwatch t;
    std::vector<float> y(N);
    for (std::size_t i = 0; i < N; ++i) y[i] = static_cast<float>(sums[i] * step - static_cast<double>(K) * M);
    for (std::size_t b = 0; b < N; b += B) hadamard(std::span(y).subspan(b, B));
    for (std::size_t i = 0; i < n; ++i) out[i] = flip(rotation, i) ? -y[i] : y[i];
    rep.timing = {encode / K, reduce, t.seconds()};
    return rep;
}

}  // namespace compression
