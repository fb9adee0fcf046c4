#include "compression/minimum.hpp"

#include <cmath>

namespace compression {

double log2_binomial(std::size_t n, std::size_t k) {
    if (k == 0 || k >= n) return 0.0;
    const double ln = std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0);
    return ln / std::log(2.0);
}

double minimum_bytes(std::size_t n, std::size_t k) {
    return (log2_binomial(n, k) + 32.0 * static_cast<double>(k)) / 8.0;
}

}  // namespace compression
