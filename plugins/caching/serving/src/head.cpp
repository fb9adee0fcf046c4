#include "caching/head.hpp"

#include <algorithm>
#include <cmath>

namespace caching {

namespace {

void affine(const std::vector<float>& w, const std::vector<float>& b, std::span<const float> x, int in,
            std::vector<float>& out) {
    const std::size_t rows = b.size();
    out.assign(rows, 0.0f);
    for (std::size_t r = 0; r < rows; ++r) {
        const float* row = w.data() + r * static_cast<std::size_t>(in);
        float s = b[r];
        for (int i = 0; i < in; ++i) s += row[i] * x[static_cast<std::size_t>(i)];
        out[r] = s;
    }
}

}  // namespace

std::vector<float> Head::probabilities(std::span<const float> x) const {
    std::vector<float> z;
    affine(w1, b1, x, in, z);
    if (hidden > 0) {
        for (auto& v : z) v = std::max(v, 0.0f);
        std::vector<float> h = std::move(z);
        affine(w2, b2, h, hidden, z);
    }
    const float top = *std::max_element(z.begin(), z.end());
    float total = 0;
    for (auto& v : z) total += (v = std::exp(v - top));
    for (auto& v : z) v /= total;
    return z;
}

}  // namespace caching
