// A set of training or test examples in plain vectors, for either kind of model:
// images (width floats each, a class label) or user-item impressions (two ids, a 0/1 click).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace compression_training {

struct Examples {
    std::size_t count = 0;
    std::size_t width = 0;             // floats per example (images); 0 for impressions
    std::vector<float> features;       // count x width
    std::vector<std::int64_t> ids;     // count x 2: user, item (impressions); empty for images
    std::vector<std::int64_t> labels;  // class index, or 1 = clicked / 0 = not

    // The examples at `rows`, in that order.
    Examples gather(std::span<const std::uint32_t> rows) const;
    // The first n examples.
    Examples head(std::size_t n) const;
};

}  // namespace compression_training
