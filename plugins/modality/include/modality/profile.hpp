// A profile of a multi-modal model: for each modality configuration (a non-empty subset of
// the image V, audio A and text T inputs) its accuracy and its latency per batch size.
// Profiles come from the profiler (measured on this machine) or from a CSV measured
// elsewhere (profile_csv.hpp).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace sextant::modality {

// Modality bits; a configuration is a non-empty mask of them.
enum Modality : unsigned { kV = 1u, kA = 2u, kT = 4u };
constexpr unsigned kAllModalities = kV | kA | kT;

// The 7 configurations in the order used everywhere (V, A, T, V+A, V+T, A+T, V+A+T).
const std::vector<unsigned>& all_masks();
// Joins the letters V, A, T with '+' in that order: kV|kT -> "V+T".
std::string config_name(unsigned mask);
// Parses a canonical name; 0 when it is not one.
unsigned parse_config_name(const std::string& name);

struct Config {
    unsigned mask = 0;
    double accuracy = 0.0;                           // in [0, 1]
    std::vector<std::pair<int, double>> latency_ms;  // (batch, ms), batch ascending

    std::string name() const { return config_name(mask); }
    // Latency of a batch size the profile lists; throws std::out_of_range otherwise.
    double latency(int batch) const;
    int largest_batch() const { return latency_ms.back().first; }
};

struct Profile {
    std::vector<Config> configs;  // canonical order

    const Config& config(unsigned mask) const;  // throws std::out_of_range
    // The index of the configuration with every modality present, or -1.
    int full_index() const;
};

// Checks the invariants the planner relies on (non-empty configurations, batches ascending
// and positive, latencies finite, positive and not falling with the batch, accuracy in
// [0, 1]); throws std::invalid_argument naming the configuration.
void validate(const Profile& profile);

}  // namespace sextant::modality
