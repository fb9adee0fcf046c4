// A population of clients over one image data set, with seeded heterogeneity: latent groups
// with feature shift (rotation, inversion) or concept shift (a label permutation), Dirichlet
// label skew within groups and lognormal client sizes. A client holds no images: its index
// lists are regenerated from (seed, client) on demand, so memory is a few bytes per client
// plus one per-class index of the data set.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace federated {

enum class Shift : std::uint8_t { none, rotate, invert, permute_labels };
const char* to_string(Shift s);

struct Group {
    std::string name;
    double share = 0;  // fraction of clients
    Shift shift = Shift::none;
};

struct PopulationConfig {
    std::size_t clients = 3000;
    // Research note: 4 groups of 40/30/20/10%: identity, rotated, inverted, permuted labels.
    std::vector<Group> groups = {{"identity", 0.4, Shift::none},
                                 {"rotated", 0.3, Shift::rotate},
                                 {"inverted", 0.2, Shift::invert},
                                 {"permuted", 0.1, Shift::permute_labels}};
    bool shift = true;                          // off: every group sees the plain data (label skew only: the control)
    double rotation_deg = 90;                   // the rotated group's angle: the feature-shift strength
    double dirichlet_alpha = 0.3;               // label skew within a client (smaller = more skewed)
    double size_median = 40, size_sigma = 0.8;  // lognormal training-set size
    std::size_t size_min = 10, size_max = 200;
    std::size_t test_per_client = 20;
    std::uint64_t seed = 1;
};

class Population {
public:
    static constexpr int kClasses = 10;

    // Labels of the training and test images (0..9); images stay with the caller.
    Population(PopulationConfig config, std::span<const std::int64_t> train_labels,
               std::span<const std::int64_t> test_labels);

    std::size_t size() const { return group_.size(); }
    const PopulationConfig& config() const { return config_; }
    int group(std::size_t client) const { return group_[client]; }
    std::size_t train_size(std::size_t client) const { return train_size_[client]; }
    Shift shift_of(int group) const;

    // The client's class mix (Dirichlet draw), regenerated from the seed.
    std::vector<double> label_mix(std::size_t client) const;
    // Indices into the training / test images, drawn with replacement by the client's mix.
    std::vector<std::uint32_t> train_indices(std::size_t client) const;
    std::vector<std::uint32_t> test_indices(std::size_t client) const;

    // The label a client of `group` is taught for an image of class `label` (concept shift).
    std::int64_t label_for(int group, std::int64_t label) const;
    // The image as a client of `group` sees it: 28x28 in, 28x28 out (feature shift).
    void transform(int group, const float* image, float* out) const;

    // Bytes held per client (the metadata that grows with the population).
    static constexpr std::size_t kBytesPerClient = sizeof(std::uint8_t) + sizeof(std::uint16_t);

private:
    std::vector<std::uint32_t> draw(std::size_t client, std::size_t n, bool test) const;

    PopulationConfig config_;
    std::vector<std::uint8_t> group_;
    std::vector<std::uint16_t> train_size_;
    std::vector<std::vector<std::uint32_t>> train_by_class_, test_by_class_;
    std::vector<float> rotation_map_;  // for each output pixel: source x, y (bilinear)
};

}  // namespace federated
