#include "federated/population.hpp"

#include "federated/random.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace federated {

const char* to_string(Shift s) {
    switch (s) {
    case Shift::none: return "none";
    case Shift::rotate: return "rotate";
    case Shift::invert: return "invert";
    case Shift::permute_labels: return "permute_labels";
    }
    return "?";
}

namespace {

std::vector<std::vector<std::uint32_t>> by_class(std::span<const std::int64_t> labels, const char* what) {
    std::vector<std::vector<std::uint32_t>> out(Population::kClasses);
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (labels[i] < 0 || labels[i] >= Population::kClasses)
            throw std::invalid_argument(std::string(what) + " label " + std::to_string(labels[i]) + " at " +
                                        std::to_string(i) + " is not 0..9");
        out[static_cast<std::size_t>(labels[i])].push_back(static_cast<std::uint32_t>(i));
    }
    for (int c = 0; c < Population::kClasses; ++c)
        if (out[c].empty())
            throw std::invalid_argument(std::string(what) + " images hold no example of class " + std::to_string(c));
    return out;
}

}  // namespace

Population::Population(PopulationConfig config, std::span<const std::int64_t> train_labels,
                       std::span<const std::int64_t> test_labels)
    : config_(std::move(config)),
      train_by_class_(by_class(train_labels, "training")),
      test_by_class_(by_class(test_labels, "test")) {
    if (config_.groups.empty() || config_.groups.size() > 255)
        throw std::invalid_argument("population: 1..255 groups expected");
    if (config_.dirichlet_alpha <= 0) throw std::invalid_argument("population: dirichlet_alpha must be > 0");
    if (config_.size_min < 1 || config_.size_min > config_.size_max || config_.size_max > 65535)
        throw std::invalid_argument("population: client sizes need 1 <= size_min <= size_max <= 65535");
    double total = 0;
    for (const auto& g : config_.groups) total += g.share;
    if (total <= 0) throw std::invalid_argument("population: group shares must sum to more than 0");

    group_.resize(config_.clients);
    train_size_.resize(config_.clients);
    for (std::size_t c = 0; c < config_.clients; ++c) {
        Rng g = stream(config_.seed, Stream::groups, c);
        double u = uniform(g) * total;
        std::size_t k = 0;
        while (k + 1 < config_.groups.size() && u >= config_.groups[k].share) u -= config_.groups[k++].share;
        group_[c] = static_cast<std::uint8_t>(k);
        Rng s = stream(config_.seed, Stream::sizes, c);
        const double n = config_.size_median * std::exp(config_.size_sigma * std::normal_distribution<double>()(s));
        train_size_[c] = static_cast<std::uint16_t>(std::clamp<double>(
            std::round(n), static_cast<double>(config_.size_min), static_cast<double>(config_.size_max)));
    }

    // Rotation about the image centre: each output pixel reads its source position bilinearly.
    const double a = config_.rotation_deg * std::numbers::pi / 180.0, ca = std::cos(a), sa = std::sin(a);
    rotation_map_.resize(2 * 28 * 28);
    for (int y = 0; y < 28; ++y)
        for (int x = 0; x < 28; ++x) {
            const double dx = x - 13.5, dy = y - 13.5;
            rotation_map_[2 * (y * 28 + x)] = static_cast<float>(ca * dx + sa * dy + 13.5);
            rotation_map_[2 * (y * 28 + x) + 1] = static_cast<float>(-sa * dx + ca * dy + 13.5);
        }
}

Shift Population::shift_of(int group) const {
    return config_.shift ? config_.groups.at(static_cast<std::size_t>(group)).shift : Shift::none;
}

std::vector<double> Population::label_mix(std::size_t client) const {
    Rng r = stream(config_.seed, Stream::labels, client);
    std::gamma_distribution<double> gamma(config_.dirichlet_alpha, 1.0);
    std::vector<double> p(kClasses);
    double sum = 0;
    for (auto& x : p) sum += (x = gamma(r));
    if (sum <= 0) {  // every draw underflowed (tiny alpha): one class
        p.assign(kClasses, 0.0);
        p[below(r, kClasses)] = 1;
        return p;
    }
    for (auto& x : p) x /= sum;
    return p;
}

std::vector<std::uint32_t> Population::draw(std::size_t client, std::size_t n, bool test) const {
    const auto mix = label_mix(client);
    const auto& pools = test ? test_by_class_ : train_by_class_;
    Rng r = stream(config_.seed, test ? Stream::test : Stream::samples, client);
    std::vector<std::uint32_t> out(n);
    for (auto& idx : out) {
        double u = uniform(r);
        int c = 0;
        while (c + 1 < kClasses && u >= mix[c]) u -= mix[c++];
        const auto& pool = pools[static_cast<std::size_t>(c)];
        idx = pool[below(r, pool.size())];
    }
    return out;
}

std::vector<std::uint32_t> Population::train_indices(std::size_t client) const {
    return draw(client, train_size_[client], false);
}
std::vector<std::uint32_t> Population::test_indices(std::size_t client) const {
    return draw(client, config_.test_per_client, true);
}

std::int64_t Population::label_for(int group, std::int64_t label) const {
    // A fixed permutation with no fixed point, so every class changes its name.
    return shift_of(group) == Shift::permute_labels ? (label + 3) % kClasses : label;
}

void Population::transform(int group, const float* image, float* out) const {
    switch (shift_of(group)) {
    case Shift::none:
    case Shift::permute_labels: std::copy(image, image + 784, out); return;
    case Shift::invert:
        for (int i = 0; i < 784; ++i) out[i] = 1.0f - image[i];
        return;
    case Shift::rotate:
        for (int i = 0; i < 784; ++i) {
            const float sx = rotation_map_[2 * i], sy = rotation_map_[2 * i + 1];
            const int x0 = static_cast<int>(std::floor(sx)), y0 = static_cast<int>(std::floor(sy));
            const float fx = sx - static_cast<float>(x0), fy = sy - static_cast<float>(y0);
            auto px = [&](int x, int y) { return x < 0 || y < 0 || x > 27 || y > 27 ? 0.0f : image[y * 28 + x]; };
            out[i] = (1 - fy) * ((1 - fx) * px(x0, y0) + fx * px(x0 + 1, y0)) +
                     fy * ((1 - fx) * px(x0, y0 + 1) + fx * px(x0 + 1, y0 + 1));
        }
        return;
    }
}

}  // namespace federated
