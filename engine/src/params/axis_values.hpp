// The values one sweep axis takes: numeric spacing of grid axes and draws of random axes,
// the same on every platform (a run's identity depends on them).
#pragma once

#include "params/sweep.hpp"

#include <random>
#include <vector>

namespace sextant {

// Values of one numeric axis, ends included: linear or logarithmic spacing.
std::vector<double> linear_values(double from, double to, int count);
std::vector<double> log_values(double from, double to, int count);
// A linear or log grid axis's values; a Values axis's are its `values`.
std::vector<double> spaced_values(const GridAxis& axis);

// A number as the parameter holds it: rounded for an int parameter.
nlohmann::json numeric_value(const ParamDecl& decl, double v);

// One value of a random axis, drawn from `rng`.
nlohmann::json draw_value(const RandomAxis& axis, const ParamDecl& decl, std::mt19937_64& rng);

}  // namespace sextant
