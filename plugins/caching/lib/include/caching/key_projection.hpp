// The key a cache point stores and searches with: a projection of the activation,
// L2-normalised (so squared distances lie in [0, 4] and a vote temperature means the same
// at every point).
//   raw     the activation itself (small layers only: at most kMaxRawValues values)
//   gap     global average pool: C values
//   pool2   2x2 adaptive average pool (PyTorch's bin edges): 4C values
//   pca     the 2x2 pool reduced to `dims` by faiss PCAMatrix, fitted on training activations
//   random  a seeded Gaussian random projection of the whole activation to `dims`
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace faiss {
struct PCAMatrix;
}

namespace caching {

enum class KeyKind { raw, gap, pool2, pca, random };
const char* to_string(KeyKind k);
KeyKind key_kind_from_string(const std::string& name);  // throws, naming the accepted names

inline constexpr std::size_t kMaxRawValues = 4096;

struct ActivationShape {
    int channels = 0, height = 0, width = 0;
    std::size_t values() const { return static_cast<std::size_t>(channels) * height * width; }
};

class KeyProjection {
public:
    // Throws std::invalid_argument naming `key` or `key_dims` when they do not fit the shape.
    KeyProjection(KeyKind kind, ActivationShape shape, int dims, std::uint64_t seed);
    ~KeyProjection();
    KeyProjection(KeyProjection&&) noexcept;
    KeyProjection& operator=(KeyProjection&&) noexcept;

    int dim() const { return dim_; }
    bool needs_fit() const { return kind_ == KeyKind::pca; }
    // pca: fits on n activations (n x shape.values() floats). Others: nothing to do.
    void fit(std::span<const float> activations, std::size_t n);
    // One activation (shape.values() floats) into `key` (dim() floats).
    void project(std::span<const float> activation, std::span<float> key) const;
    std::vector<float> project(std::span<const float> activation) const;
    std::size_t bytes() const;  // the projection's own parameters

private:
    void pool2(std::span<const float> activation, float* out) const;
    KeyKind kind_;
    ActivationShape shape_;
    int dim_ = 0;
    std::vector<float> random_;  // dims x values, row-major
    std::unique_ptr<faiss::PCAMatrix> pca_;
};

}  // namespace caching
