#include "caching/workload.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>

namespace caching {

const char* to_string(StreamKind k) { return k == StreamKind::zipf ? "zipf" : "near-duplicate"; }

StreamKind stream_kind_from_string(const std::string& name) {
    if (name == "zipf") return StreamKind::zipf;
    if (name == "near-duplicate") return StreamKind::near_duplicate;
    throw std::invalid_argument("unknown stream '" + name + "' (expected zipf or near-duplicate)");
}

std::vector<Request> make_stream(const StreamOptions& o, std::size_t pool_size) {
    if (pool_size == 0) throw std::invalid_argument("the image pool of a stream is empty");
    if (!(o.zipf_s >= 0)) throw std::invalid_argument("zipf_s must be >= 0");
    if (o.sequence_length < 1) throw std::invalid_argument("sequence_length must be >= 1");
    if (o.max_shift < 0) throw std::invalid_argument("max_shift must be >= 0");
    if (!(o.noise >= 0)) throw std::invalid_argument("noise must be >= 0");
    std::mt19937_64 rng(o.seed);
    // Popularity order: a seeded permutation, so rank 1 is not always the pool's first image.
    std::vector<std::size_t> by_rank(pool_size);
    std::iota(by_rank.begin(), by_rank.end(), 0);
    std::shuffle(by_rank.begin(), by_rank.end(), rng);
    std::vector<double> weight(pool_size);
    for (std::size_t r = 0; r < pool_size; ++r) weight[r] = std::pow(static_cast<double>(r + 1), -o.zipf_s);
    std::discrete_distribution<std::size_t> popularity(weight.begin(), weight.end());
    std::uniform_int_distribution<int> shift(-o.max_shift, o.max_shift);

    std::vector<Request> out;
    out.reserve(o.requests);
    while (out.size() < o.requests) {
        const std::size_t image = by_rank[popularity(rng)];
        if (o.kind == StreamKind::zipf) {
            out.push_back({image, 0, 0, 0});
            continue;
        }
        for (int f = 0; f < o.sequence_length && out.size() < o.requests; ++f) {
            Request r{image, shift(rng), shift(rng), o.noise > 0 ? (rng() | 1u) : 0};
            out.push_back(r);
        }
    }
    return out;
}

void render(const Request& request, std::span<const float> image, int rows, int cols, double noise,
            std::span<float> out) {
    std::normal_distribution<float> g(0.0f, static_cast<float>(noise));
    std::mt19937_64 rng(request.noise_seed);
    for (int y = 0; y < rows; ++y)
        for (int x = 0; x < cols; ++x) {
            const int sy = y - request.dy, sx = x - request.dx;
            float v =
                (sy >= 0 && sy < rows && sx >= 0 && sx < cols) ? image[static_cast<std::size_t>(sy) * cols + sx] : 0.0f;
            if (request.noise_seed != 0 && noise > 0) v += g(rng);
            out[static_cast<std::size_t>(y) * cols + x] = std::clamp(v, 0.0f, 1.0f);
        }
}

}  // namespace caching
