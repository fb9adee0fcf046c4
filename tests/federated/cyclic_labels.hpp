// Labels 0..9 repeating (n / 10 images of each class): the label list of a made-up dataset
// for populations whose partitioning is checked by hand.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace federated::testing {

inline std::vector<std::int64_t> cyclic_labels(std::size_t n) {
    std::vector<std::int64_t> y(n);
    for (std::size_t i = 0; i < n; ++i) y[i] = static_cast<std::int64_t>(i % 10);
    return y;
}

}  // namespace federated::testing
