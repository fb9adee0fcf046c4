// The axes of a parallel-coordinates plot, computed from the runs alone (no Qt): one axis
// per chosen parameter ("param:NAME") or summary metric ("summary:NAME"), its range over
// the runs, and each run's position on it from 0 (bottom) to 1 (top). Axes with a better
// direction are drawn so that better is always up (a lower-is-better axis is flipped);
// parameters that are not numbers get one evenly spaced position per distinct value.
#pragma once

#include "plots/plot_runs.hpp"
#include "sextant/declarations.hpp"

#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace sextant::ui {

struct ParallelAxis {
    std::string id;    // "param:scale", "summary:final_loss"
    std::string name;  // "scale"
    Better better = Better::Neither;
    double min = 0, max = 0;              // over the runs (numeric axes)
    std::vector<std::string> categories;  // non-numeric values, in order; empty: numeric
    bool flipped() const { return better == Better::Lower; }
    // The value drawn at the bottom and at the top, in words.
    std::string bottomText() const;
    std::string topText() const;
};

struct ParallelData {
    std::vector<ParallelAxis> axes;
    // positions[run][axis] in [0, 1]; NaN where the run has no value on that axis.
    std::vector<std::vector<double>> positions;
};

ParallelData parallel_data(const std::vector<PlotRun>& runs, const std::vector<std::string>& axis_ids,
                           const std::function<Better(const std::string& metric)>& better_of);

// Axes worth showing by default: the parameters whose values differ among the runs, then
// every summary metric, at most `max_axes`.
std::vector<std::string> default_parallel_axes(const std::vector<PlotRun>& runs, std::size_t max_axes = 8);

}  // namespace sextant::ui
