// The Pareto front of two metrics: the runs no other run beats on both at once.
// Qt-free so it can be checked by hand in tests.
#pragma once

#include "sextant/declarations.hpp"

#include <cstddef>
#include <vector>

namespace sextant::ui {

struct TradeoffPoint {
    double x = 0;
    double y = 0;
};

// Indices of the points on the front, ordered by x (then y) ascending so they can be drawn
// as a line. A point is dominated when another is at least as good on both axes and
// strictly better on one; "good" follows each metric's declared direction. An axis whose
// direction is Neither does not take part; with both Neither there is no front (empty).
// Identical points are all on the front or all off it. Points with NaN are never on it.
std::vector<std::size_t> pareto_front(const std::vector<TradeoffPoint>& points, Better x_better, Better y_better);

}  // namespace sextant::ui
