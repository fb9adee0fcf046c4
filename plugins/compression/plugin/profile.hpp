// Gradient profiles: editable JSON files describing a model's tensors (real shapes) and
// how sparse each tensor's gradient is, every number with its source or marked as an
// assumption. The plugin shows these inputs to the user with each run.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace sextant::compression_plugin {

struct Sourced {
    double value = 0;
    std::string source;
};

struct TensorProfile {
    std::string name;
    std::vector<std::uint64_t> shape;
    std::string kind;               // "dense", "embedding" (rows looked up), "prefix" (first rows),
                                    // "measured" (densities recorded in training)
    double lookups_per_sample = 0;  // embedding: rows looked up per sample
    Sourced zipf;                   // embedding: popularity exponent over rows
    Sourced rows_touched;           // prefix: how many leading rows get gradients
    Sourced worker_density;         // measured: nonzero share of one worker's gradient
    Sourced union_density;          // measured: nonzero share of the union of `measured_workers`
    std::size_t measured_workers = 0;
    bool by_rows = false;  // measured: an embedding table, whose rows are touched whole
    std::string source;

    std::uint64_t rows() const { return shape.empty() ? 1 : shape[0]; }
    std::uint64_t row_size() const;
    std::uint64_t size() const;
};

struct Profile {
    std::string id;
    std::string title;
    std::string model_choice;  // what was assumed about the configuration, if anything
    std::map<std::string, std::string> sources;
    Sourced samples_per_worker;
    Sourced value_scale;
    std::vector<TensorProfile> tensors;
    std::filesystem::path file;

    std::uint64_t parameters() const;
};

// Throws std::runtime_error naming the file and the field that is missing or wrong.
Profile load_profile(const std::filesystem::path& file);

// Where profiles are looked for: $SEXTANT_COMPRESSION_PROFILES, the source tree this
// plugin was built from, then <prefix>/<datadir>/sextant/compression/profiles relative to
// the installed plugin.
std::vector<std::filesystem::path> profile_dirs();
std::vector<std::string> available_profiles();
// Throws naming the profile and listing the available ones.
Profile find_profile(const std::string& id);

// A measured tensor's gradients are drawn from a pool: every step a fraction `pool` of the
// positions (rows, for an embedding) may be nonzero, and each worker takes each of them with
// probability worker_density / pool. One worker then has the measured density, and K workers
// the union pool (1 - (1 - worker_density / pool)^K); `pool` is fitted to the measured union
// at the measured worker count (bisection), and other worker counts follow the same model.
double measured_pool(double worker_density, double union_density, std::size_t workers);

// Expected fraction of a tensor's values that are nonzero in the union of `workers`
// workers' gradients (workers = 1: one worker's density). Embedding rows: the expected
// number of distinct rows among workers * samples * lookups Zipf draws.
double expected_density(const Profile& profile, const TensorProfile& tensor, std::size_t workers, double dense_keep);

}  // namespace sextant::compression_plugin
