#include "plots/bar_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>

namespace sextant::ui {

namespace {

bool as_number(const std::string& text, double& out) {
    if (text.empty()) return false;
    char* end = nullptr;
    out = std::strtod(text.c_str(), &end);
    return end == text.c_str() + text.size();
}

void natural_order(std::vector<std::string>& values) {
    double a = 0, b = 0;
    const bool numeric =
        std::all_of(values.begin(), values.end(), [&](const std::string& v) { return as_number(v, a); });
    if (!numeric) return;
    std::stable_sort(values.begin(), values.end(), [&](const std::string& x, const std::string& y) {
        as_number(x, a);
        as_number(y, b);
        return a < b;
    });
}

std::size_t index_of(const std::vector<std::string>& values, const std::string& v) {
    return static_cast<std::size_t>(std::find(values.begin(), values.end(), v) - values.begin());
}

}  // namespace

BarTable make_bar_table(const std::vector<BarSample>& samples) {
    BarTable t;
    for (const auto& s : samples) {
        if (std::isnan(s.value)) continue;
        if (index_of(t.bars, s.bar) == t.bars.size()) t.bars.push_back(s.bar);
        if (index_of(t.groups, s.group) == t.groups.size()) t.groups.push_back(s.group);
    }
    natural_order(t.bars);
    natural_order(t.groups);
    const auto nb = t.bars.size(), ng = t.groups.size();
    std::vector<std::vector<double>> sum(nb, std::vector<double>(ng, 0.0)), sum2 = sum;
    t.count.assign(nb, std::vector<int>(ng, 0));
    for (const auto& s : samples) {
        if (std::isnan(s.value)) continue;
        const auto b = index_of(t.bars, s.bar), g = index_of(t.groups, s.group);
        sum[b][g] += s.value;
        sum2[b][g] += s.value * s.value;
        ++t.count[b][g];
    }
    const double nan = std::numeric_limits<double>::quiet_NaN();
    t.mean.assign(nb, std::vector<double>(ng, nan));
    t.spread.assign(nb, std::vector<double>(ng, 0.0));
    for (std::size_t b = 0; b < nb; ++b)
        for (std::size_t g = 0; g < ng; ++g) {
            const int n = t.count[b][g];
            if (n == 0) continue;
            const double mean = sum[b][g] / n;
            t.mean[b][g] = mean;
            if (n > 1) t.spread[b][g] = std::sqrt(std::max(0.0, (sum2[b][g] - n * mean * mean) / (n - 1)));
        }
    return t;
}

}  // namespace sextant::ui
