// An experiment's sweep, typed: grid axes, seeded random samples and explicit points, read
// from the project file once (docs/project-format.md) so nobody else reads its keys.
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

// {"param": "x", "values": [..]} or {"param": "x", "linear"|"log": {"from", "to", "count"}}.
struct GridAxis {
    enum class Spacing { Values, Linear, Log };
    std::string param;
    Spacing spacing = Spacing::Values;
    std::vector<nlohmann::json> values;  // Values: as written
    double from = 0, to = 0;             // Linear, Log: ends included
    int count = 0;
};

// {"param": "x", "uniform"|"log_uniform": {"from", "to"}} or {"param": "x", "choice": [..]}.
struct RandomAxis {
    enum class Distribution { Uniform, LogUniform, Choice };
    std::string param;
    Distribution distribution = Distribution::Uniform;
    double from = 0, to = 0;              // Uniform, LogUniform
    std::vector<nlohmann::json> choices;  // Choice: as written
};

// {"count": n, "seed": s, "axes": [..]}: n samples drawn reproducibly from s.
struct RandomSweep {
    long long count = 0;
    std::uint64_t seed = 0;
    std::vector<RandomAxis> axes;
};

struct Sweep {
    std::vector<GridAxis> grid;
    std::optional<RandomSweep> random;   // absent: no random samples
    std::vector<nlohmann::json> points;  // each an object of parameter values, as written
};

// As the project file names them: "values", "linear", "log"; "uniform", "log_uniform", "choice".
std::string to_string(GridAxis::Spacing spacing);
std::string to_string(RandomAxis::Distribution distribution);

// Reads and checks a sweep against the plugin's declarations; problems are reported under
// `path` (".sweep" of an experiment). Axes whose shape is readable are kept even when their
// parameter or values are wrong, so an editor still shows them; expand only a sweep that
// had no problems.
Sweep parse_sweep(const nlohmann::json& sweep, const PluginInfo& plugin, Problems& problems, const std::string& path);
// The sweep as written, its problems ignored: what an editor shows before any plugin is known.
Sweep read_sweep(const nlohmann::json& sweep);

// Parameters a grid or random axis varies: their fixed values are not used. (Explicit
// points do not count: the other sweep points still use the fixed value.)
std::vector<std::string> swept_params(const Sweep& sweep);
// Those and every parameter an explicit point sets: what tells one run of the sweep from another.
std::vector<std::string> varied_params(const Sweep& sweep);

}  // namespace sextant
