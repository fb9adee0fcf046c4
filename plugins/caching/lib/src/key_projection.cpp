#include "caching/key_projection.hpp"

#include <faiss/VectorTransform.h>

#include <cmath>
#include <random>
#include <stdexcept>

namespace caching {

const char* to_string(KeyKind k) {
    switch (k) {
    case KeyKind::raw: return "raw";
    case KeyKind::gap: return "gap";
    case KeyKind::pool2: return "pool2";
    case KeyKind::pca: return "pca";
    case KeyKind::random: return "random";
    }
    return "?";
}

KeyKind key_kind_from_string(const std::string& name) {
    for (auto k : {KeyKind::raw, KeyKind::gap, KeyKind::pool2, KeyKind::pca, KeyKind::random})
        if (name == to_string(k)) return k;
    throw std::invalid_argument("unknown key '" + name + "' (expected raw, gap, pool2, pca or random)");
}

KeyProjection::KeyProjection(KeyKind kind, ActivationShape shape, int dims, std::uint64_t seed)
    : kind_(kind), shape_(shape) {
    if (shape.values() == 0) throw std::invalid_argument("activation shape must be non-empty");
    switch (kind) {
    case KeyKind::raw:
        if (shape.values() > kMaxRawValues)
            throw std::invalid_argument("key 'raw' is for small layers (at most " + std::to_string(kMaxRawValues) +
                                        " values); this cache point has " + std::to_string(shape.values()));
        dim_ = static_cast<int>(shape.values());
        break;
    case KeyKind::gap: dim_ = shape.channels; break;
    case KeyKind::pool2: dim_ = 4 * shape.channels; break;
    case KeyKind::pca:
        if (dims < 1 || dims > 4 * shape.channels)
            throw std::invalid_argument("key_dims must be in [1, " + std::to_string(4 * shape.channels) +
                                        "] for key 'pca' (it reduces the 2x2 pool), got " + std::to_string(dims));
        dim_ = dims;
        pca_ = std::make_unique<faiss::PCAMatrix>(4 * shape.channels, dims);
        break;
    case KeyKind::random: {
        if (dims < 1)
            throw std::invalid_argument("key_dims must be >= 1 for key 'random', got " + std::to_string(dims));
        dim_ = dims;
        std::mt19937_64 rng(seed);
        std::normal_distribution<float> g(0.0f, 1.0f / std::sqrt(static_cast<float>(dims)));
        random_.resize(static_cast<std::size_t>(dims) * shape.values());
        for (auto& x : random_) x = g(rng);
        break;
    }
    }
}

KeyProjection::~KeyProjection() = default;
KeyProjection::KeyProjection(KeyProjection&&) noexcept = default;
KeyProjection& KeyProjection::operator=(KeyProjection&&) noexcept = default;

void KeyProjection::pool2(std::span<const float> a, float* out) const {
    const int h = shape_.height, w = shape_.width;
    for (int c = 0; c < shape_.channels; ++c)
        for (int by = 0; by < 2; ++by)
            for (int bx = 0; bx < 2; ++bx) {
                // PyTorch's adaptive pooling bins: [floor(i*H/2), ceil((i+1)*H/2))
                const int y0 = by * h / 2, y1 = ((by + 1) * h + 1) / 2;
                const int x0 = bx * w / 2, x1 = ((bx + 1) * w + 1) / 2;
                double s = 0;
                for (int y = y0; y < y1; ++y)
                    for (int x = x0; x < x1; ++x) s += a[(static_cast<std::size_t>(c) * h + y) * w + x];
                out[c * 4 + by * 2 + bx] = static_cast<float>(s / ((y1 - y0) * (x1 - x0)));
            }
}

void KeyProjection::fit(std::span<const float> activations, std::size_t n) {
    if (kind_ != KeyKind::pca) return;
    if (n < static_cast<std::size_t>(dim_))
        throw std::invalid_argument("key 'pca' needs at least key_dims (" + std::to_string(dim_) +
                                    ") activations to fit, got " + std::to_string(n));
    const std::size_t pooled = 4u * static_cast<std::size_t>(shape_.channels);
    std::vector<float> x(n * pooled);
    for (std::size_t i = 0; i < n; ++i)
        pool2(activations.subspan(i * shape_.values(), shape_.values()), &x[i * pooled]);
    pca_->train(static_cast<faiss::Index::idx_t>(n), x.data());
}

void KeyProjection::project(std::span<const float> a, std::span<float> key) const {
    const std::size_t hw = static_cast<std::size_t>(shape_.height) * shape_.width;
    switch (kind_) {
    case KeyKind::raw:
        std::copy(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(shape_.values()), key.begin());
        break;
    case KeyKind::gap:
        for (int c = 0; c < shape_.channels; ++c) {
            double s = 0;
            for (std::size_t i = 0; i < hw; ++i) s += a[c * hw + i];
            key[static_cast<std::size_t>(c)] = static_cast<float>(s / static_cast<double>(hw));
        }
        break;
    case KeyKind::pool2: pool2(a, key.data()); break;
    case KeyKind::pca: {
        if (!pca_->is_trained) throw std::logic_error("key 'pca' used before fit()");
        std::vector<float> pooled(4u * static_cast<std::size_t>(shape_.channels));
        pool2(a, pooled.data());
        pca_->apply_noalloc(1, pooled.data(), key.data());
        break;
    }
    case KeyKind::random: {
        const std::size_t n = shape_.values();
        for (int d = 0; d < dim_; ++d) {
            const float* row = random_.data() + static_cast<std::size_t>(d) * n;
            float s = 0;
            for (std::size_t i = 0; i < n; ++i) s += row[i] * a[i];
            key[static_cast<std::size_t>(d)] = s;
        }
        break;
    }
    }
    double norm = 0;
    for (int d = 0; d < dim_; ++d) norm += static_cast<double>(key[d]) * key[d];
    if (norm > 0) {
        const float inv = static_cast<float>(1.0 / std::sqrt(norm));
        for (int d = 0; d < dim_; ++d) key[d] *= inv;
    }
}

std::vector<float> KeyProjection::project(std::span<const float> activation) const {
    std::vector<float> key(static_cast<std::size_t>(dim_));
    project(activation, key);
    return key;
}

std::size_t KeyProjection::bytes() const {
    if (kind_ == KeyKind::random) return random_.size() * 4;
    if (kind_ == KeyKind::pca)
        return static_cast<std::size_t>(dim_) * 4 * shape_.channels * 4 + 4u * shape_.channels * 4;
    return 0;
}

}  // namespace caching
