#include "plots/series_levels.hpp"

#include <algorithm>
#include <cmath>

namespace sextant::ui {

SeriesLevels::SeriesLevels(std::vector<double> keys, std::vector<double> values) {
    levels_.push_back({std::move(keys), std::move(values)});
    while (levels_.back().keys.size() > 2 * kBucket * 64) {
        const Level& fine = levels_.back();
        Level coarse;
        const std::size_t n = fine.keys.size();
        coarse.keys.reserve(2 * (n / kBucket + 1));
        coarse.values.reserve(2 * (n / kBucket + 1));
        for (std::size_t start = 0; start < n; start += kBucket) {
            const std::size_t end = std::min(n, start + kBucket);
            std::size_t lo = start, hi = start;
            for (std::size_t i = start; i < end; ++i) {
                const double v = fine.values[i];
                if (std::isnan(v)) continue;
                if (std::isnan(fine.values[lo]) || v < fine.values[lo]) lo = i;
                if (std::isnan(fine.values[hi]) || v > fine.values[hi]) hi = i;
            }
            const std::size_t first = std::min(lo, hi), second = std::max(lo, hi);
            coarse.keys.push_back(fine.keys[first]);
            coarse.values.push_back(fine.values[first]);
            if (second != first) {
                coarse.keys.push_back(fine.keys[second]);
                coarse.values.push_back(fine.values[second]);
            }
        }
        levels_.push_back(std::move(coarse));
    }
}

std::size_t SeriesLevels::visible(double from, double to, std::size_t max_points, std::vector<double>& keys,
                                  std::vector<double>& values) const {
    std::size_t level = 0, begin = 0, end = 0;
    for (; level < levels_.size(); ++level) {
        const auto& k = levels_[level].keys;
        begin = static_cast<std::size_t>(std::lower_bound(k.begin(), k.end(), from) - k.begin());
        end = static_cast<std::size_t>(std::upper_bound(k.begin(), k.end(), to) - k.begin());
        if (begin > 0) --begin;
        if (end < k.size()) ++end;
        if (end - begin <= max_points || level + 1 == levels_.size()) break;
    }
    const auto& l = levels_[level];
    keys.assign(l.keys.begin() + static_cast<std::ptrdiff_t>(begin), l.keys.begin() + static_cast<std::ptrdiff_t>(end));
    values.assign(l.values.begin() + static_cast<std::ptrdiff_t>(begin),
                  l.values.begin() + static_cast<std::ptrdiff_t>(end));
    return level;
}

}  // namespace sextant::ui
