#include "compression_training/examples.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace compression_training {

Examples Examples::gather(std::span<const std::uint32_t> rows) const {
    Examples out;
    out.count = rows.size();
    out.width = width;
    out.features.reserve(rows.size() * width);
    out.labels.reserve(rows.size());
    const std::size_t per = count ? ids.size() / count : 0;  // ids per example: 2 (user, item) or a word window
    if (!ids.empty()) out.ids.reserve(rows.size() * per);
    for (const auto r : rows) {
        if (r >= count) throw std::out_of_range("example " + std::to_string(r) + " of " + std::to_string(count));
        out.features.insert(out.features.end(), features.begin() + static_cast<std::ptrdiff_t>(r * width),
                            features.begin() + static_cast<std::ptrdiff_t>((r + 1) * width));
        if (!ids.empty())
            out.ids.insert(out.ids.end(), ids.begin() + static_cast<std::ptrdiff_t>(r * per),
                           ids.begin() + static_cast<std::ptrdiff_t>((r + 1) * per));
        out.labels.push_back(labels[r]);
    }
    return out;
}

Examples Examples::head(std::size_t n) const {
    std::vector<std::uint32_t> rows(std::min(n, count));
    std::iota(rows.begin(), rows.end(), 0u);
    return gather(rows);
}

}  // namespace compression_training
