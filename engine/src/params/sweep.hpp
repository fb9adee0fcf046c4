// An experiment's sweep, typed: grid axes, seeded random samples and explicit points, read
// from the project file once and written back here (docs/project-format.md), so nobody else
// reads or writes its keys.
#pragma once

#include "sextant/declarations.hpp"
#include "util/problems.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sextant {

// What the file may ask for: more would be a typo, not a sweep.
constexpr long long kMaxAxisCount = 100000;     // points of a linear or log grid axis
constexpr long long kMaxRandomCount = 1000000;  // random samples

// One end of a range, kept as the file wrote it: 4 stays 4 and 4.0 stays 4.0 when the
// sweep is written back, so rewriting a sweep changes only what was edited.
class RangeEnd {
public:
    RangeEnd(double value = 0) : written_(value) {}
    // `number` is a JSON number (read_sweep checks).
    static RangeEnd as_written(const nlohmann::json& number);
    double value() const { return written_.get<double>(); }
    const nlohmann::json& written() const { return written_; }
    // Equal numbers are equal ends, however written.
    bool operator==(const RangeEnd& other) const { return value() == other.value(); }

private:
    nlohmann::json written_;
};

// {"param": "x", "values": [..]} or {"param": "x", "linear"|"log": {"from", "to", "count"}}.
struct GridAxis {
    enum class Spacing { Values, Linear, Log };
    std::string param;
    Spacing spacing = Spacing::Values;
    std::vector<nlohmann::json> values;  // Values: as written
    RangeEnd from, to;                   // Linear, Log: ends included
    int count = 0;
    bool operator==(const GridAxis&) const = default;
};

// {"param": "x", "uniform"|"log_uniform": {"from", "to"}} or {"param": "x", "choice": [..]}.
struct RandomAxis {
    enum class Distribution { Uniform, LogUniform, Choice };
    std::string param;
    Distribution distribution = Distribution::Uniform;
    RangeEnd from, to;                    // Uniform, LogUniform
    std::vector<nlohmann::json> choices;  // Choice: as written
    bool operator==(const RandomAxis&) const = default;
};

// {"count": n, "seed": s, "axes": [..]}: n samples drawn reproducibly from s.
struct RandomSweep {
    long long count = 0;
    std::uint64_t seed = 0;
    std::vector<RandomAxis> axes;
    bool operator==(const RandomSweep&) const = default;
};

struct Sweep {
    std::vector<GridAxis> grid;
    std::optional<RandomSweep> random;   // absent: no random samples
    std::vector<nlohmann::json> points;  // each an object of parameter values, as written
    bool operator==(const Sweep&) const = default;
};

// The sweep's three parts, each a field of the file's "sweep" object.
enum class SweepPart { Grid, Random, Points };

// As the project file names them: "values", "linear", "log"; "uniform", "log_uniform",
// "choice"; "grid", "random", "points".
std::string to_string(GridAxis::Spacing spacing);
std::string to_string(RandomAxis::Distribution distribution);
std::string to_string(SweepPart part);

// Reads and checks a sweep against the plugin's declarations; problems are reported under
// `path` (".sweep" of an experiment). Axes whose shape is readable are kept even when their
// parameter or values are wrong, so an editor still shows them; expand only a sweep that
// had no problems.
Sweep parse_sweep(const nlohmann::json& sweep, const PluginInfo& plugin, Problems& problems, const std::string& path);
// The sweep as written, its problems ignored: what an editor shows before any plugin is known.
Sweep read_sweep(const nlohmann::json& sweep);

// The inverse of read_sweep: the sweep as the project file spells it. An empty part (no grid
// axes, no random samples, no points) is left out, as the GUI leaves it out.
nlohmann::json to_json(const GridAxis& axis);
nlohmann::json to_json(const RandomAxis& axis);
nlohmann::json to_json(const RandomSweep& random);
nlohmann::json to_json(const Sweep& sweep);
// Writes one part of `typed` into the file's sweep object (removing it when empty), leaving
// the other parts as written: an edit of the grid cannot touch the random samples.
void write_sweep_part(nlohmann::json& sweep, const Sweep& typed, SweepPart part);

// Parameters a grid or random axis varies: their fixed values are not used. (Explicit
// points do not count: the other sweep points still use the fixed value.)
std::vector<std::string> swept_params(const Sweep& sweep);
// Those and every parameter an explicit point sets: what tells one run of the sweep from another.
std::vector<std::string> varied_params(const Sweep& sweep);

}  // namespace sextant
