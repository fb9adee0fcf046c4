// Real gradients for tests: softmax regression on Fashion-MNIST (Debian package
// dataset-fashion-mnist), one batch per worker from its own shard of the training set.
#pragma once

#if SEXTANT_TEST_HAVE_ZLIB
#include <zlib.h>
#endif

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace sextant_test {

inline const char* kFashionMnistImages = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";
inline const char* kFashionMnistLabels = "/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz";

// Reads the first `count` records of a gzipped IDX file; nullopt when the file is absent.
inline std::optional<std::vector<std::uint8_t>> read_idx(const char* path, std::size_t header, std::size_t record,
                                                         std::size_t count) {
#if SEXTANT_TEST_HAVE_ZLIB
    if (!std::filesystem::exists(path)) return std::nullopt;
    gzFile f = gzopen(path, "rb");
    if (!f) return std::nullopt;
    std::vector<std::uint8_t> bytes(header + record * count);
    int got = gzread(f, bytes.data(), static_cast<unsigned>(bytes.size()));
    gzclose(f);
    if (got != static_cast<int>(bytes.size())) return std::nullopt;
    return std::vector<std::uint8_t>(bytes.begin() + static_cast<std::ptrdiff_t>(header), bytes.end());
#else
    (void)path, (void)header, (void)record, (void)count;
    return std::nullopt;  // built without zlib
#endif
}

// Gradient of the mean cross-entropy of a softmax classifier (784 x 10 weights + 10
// biases, small seeded initial weights) over `batch` images per worker: worker w uses
// images [w * batch, (w + 1) * batch). Pixels that are 0 in a whole batch give exactly
// zero gradient rows: the sparsity is the data's own.
inline std::optional<std::vector<std::vector<float>>> fashion_mnist_gradients(std::size_t workers, std::size_t batch) {
    constexpr std::size_t pixels = 784, classes = 10;
    auto images = read_idx(kFashionMnistImages, 16, pixels, workers * batch);
    auto labels = read_idx(kFashionMnistLabels, 8, 1, workers * batch);
    if (!images || !labels) return std::nullopt;
    std::mt19937 rng(2024);
    std::normal_distribution<float> init(0.0f, 0.01f);
    std::vector<float> weights(pixels * classes);
    for (auto& v : weights) v = init(rng);

    std::vector<std::vector<float>> grads(workers, std::vector<float>(pixels * classes + classes, 0.0f));
    for (std::size_t w = 0; w < workers; ++w) {
        auto& g = grads[w];
        for (std::size_t s = w * batch; s < (w + 1) * batch; ++s) {
            const std::uint8_t* x = &(*images)[s * pixels];
            float logits[classes] = {};
            for (std::size_t p = 0; p < pixels; ++p) {
                if (x[p] == 0) continue;
                const float v = x[p] / 255.0f;
                for (std::size_t c = 0; c < classes; ++c) logits[c] += v * weights[p * classes + c];
            }
            float peak = logits[0];
            for (float l : logits) peak = std::max(peak, l);
            float z = 0, prob[classes];
            for (std::size_t c = 0; c < classes; ++c) z += prob[c] = std::exp(logits[c] - peak);
            for (std::size_t c = 0; c < classes; ++c) {
                const float delta = (prob[c] / z - (c == (*labels)[s] ? 1.0f : 0.0f)) / static_cast<float>(batch);
                for (std::size_t p = 0; p < pixels; ++p) {
                    if (x[p] != 0) g[p * classes + c] += (x[p] / 255.0f) * delta;
                }
                g[pixels * classes + c] += delta;
            }
        }
    }
    return grads;
}

}  // namespace sextant_test
