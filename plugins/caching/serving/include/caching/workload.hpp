// Request streams over a pool of images (the test split), seeded:
//   zipf            image i of the pool (in a seeded popularity order) with probability
//                   proportional to 1 / rank^s; s = 0 is uniform (no locality)
//   near-duplicate  sequences of `sequence_length` frames of one image (drawn the same way),
//                   each shifted by up to `max_shift` pixels and with Gaussian noise added,
//                   like consecutive video frames
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace caching {

enum class StreamKind { zipf, near_duplicate };
const char* to_string(StreamKind k);
StreamKind stream_kind_from_string(const std::string& name);  // throws, naming the accepted names

struct StreamOptions {
    StreamKind kind = StreamKind::zipf;
    double zipf_s = 0.8;
    std::size_t requests = 1000;
    int sequence_length = 10;  // near-duplicate: frames per sequence
    int max_shift = 1;         // near-duplicate: pixels, each axis
    double noise = 0.02;       // near-duplicate: Gaussian sigma in pixel units ([0, 1] scale)
    std::uint64_t seed = 1;
};

struct Request {
    std::size_t image = 0;         // index into the pool
    int dx = 0, dy = 0;            // shift in pixels (0 for zipf)
    std::uint64_t noise_seed = 0;  // 0: no noise
};

// Throws std::invalid_argument naming the option (pool_size 0, zipf_s < 0, ...).
std::vector<Request> make_stream(const StreamOptions& options, std::size_t pool_size);

// The request's pixels: the image shifted (zeros enter at the border) plus noise, clamped to
// [0, 1]. `image` and `out` hold rows x cols floats.
void render(const Request& request, std::span<const float> image, int rows, int cols, double noise,
            std::span<float> out);

}  // namespace caching
