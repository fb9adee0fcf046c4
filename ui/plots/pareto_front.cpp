#include "plots/pareto_front.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sextant::ui {

namespace {
// Both axes turned into "higher is better".
double oriented(double v, Better b) {
    switch (b) {
    case Better::Higher: return v;
    case Better::Lower: return -v;
    case Better::Neither: return 0;
    }
    return 0;
}
}  // namespace

std::vector<std::size_t> pareto_front(const std::vector<TradeoffPoint>& points, Better x_better, Better y_better) {
    if (x_better == Better::Neither && y_better == Better::Neither) return {};
    struct Item {
        double x, y;
        std::size_t index;
    };
    std::vector<Item> items;
    items.reserve(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        const auto& p = points[i];
        if (std::isnan(p.x) || std::isnan(p.y)) continue;
        items.push_back({oriented(p.x, x_better), oriented(p.y, y_better), i});
    }
    // Best x first; within equal x, best y first.
    std::sort(items.begin(), items.end(),
              [](const Item& a, const Item& b) { return a.x != b.x ? a.x > b.x : a.y > b.y; });

    std::vector<std::size_t> front;
    double best_y_at_larger_x = -std::numeric_limits<double>::infinity();
    bool any_larger_x = false;
    for (std::size_t g = 0; g < items.size();) {
        std::size_t end = g;
        while (end < items.size() && items[end].x == items[g].x) ++end;
        const double group_best = items[g].y;  // sorted: first of the group has the best y
        // Only the group's best-y points can survive, and only if no point with a better x
        // is at least as good in y.
        if (!any_larger_x || group_best > best_y_at_larger_x)
            for (std::size_t k = g; k < end && items[k].y == group_best; ++k) front.push_back(items[k].index);
        best_y_at_larger_x = any_larger_x ? std::max(best_y_at_larger_x, group_best) : group_best;
        any_larger_x = true;
        g = end;
    }
    std::sort(front.begin(), front.end(), [&](std::size_t a, std::size_t b) {
        return points[a].x != points[b].x ? points[a].x < points[b].x : points[a].y < points[b].y;
    });
    return front;
}

}  // namespace sextant::ui
