// Level-of-detail copies of a long series, so that drawing it costs what the screen can
// show, not what the series holds. Level 0 is the series itself; each next level keeps,
// for every bucket of the one below, its smallest and largest value in step order, so
// spikes survive. A view asks for the finest level that shows its x range in at most a
// given number of points (a few per pixel column): panning a 1,000,000-point series then
// redraws a few thousand points. Qt-free.
#pragma once

#include <cstddef>
#include <vector>

namespace sextant::ui {

class SeriesLevels {
public:
    static constexpr std::size_t kBucket = 8;  // points of one level folded into 2 of the next

    // keys must be sorted ascending.
    SeriesLevels(std::vector<double> keys, std::vector<double> values);

    std::size_t size() const { return levels_.front().keys.size(); }
    std::size_t levels() const { return levels_.size(); }
    const std::vector<double>& keys(std::size_t level = 0) const { return levels_[level].keys; }
    const std::vector<double>& values(std::size_t level = 0) const { return levels_[level].values; }

    // The points of [from, to] (plus one neighbour each side, so lines reach the edges) at
    // the finest level that needs at most max_points; fills keys/values, returns the level.
    std::size_t visible(double from, double to, std::size_t max_points, std::vector<double>& keys,
                        std::vector<double>& values) const;

private:
    struct Level {
        std::vector<double> keys, values;
    };
    std::vector<Level> levels_;
};

}  // namespace sextant::ui
