// A SYNTHETIC recommender data set for the NCF-style model, generated reproducibly from a
// seed (no real interaction data ships with Debian). Users and items have hidden taste
// vectors u, v ~ N(0, I_d). An impression pairs a uniformly drawn user with an item drawn by
// power-law popularity (P(rank r) ~ r^-zipf_exponent; ranks are shuffled over item ids) and
// is clicked with probability sigmoid(signal * <u, v> / sqrt(d)). A model must learn both
// embeddings to predict clicks; the gradient of a batch touches only its users' and items'
// embedding rows, so it is genuinely sparse.
#pragma once

#include "compression_training/config.hpp"
#include "compression_training/examples.hpp"

#include <cstdint>

namespace compression_training {

struct SyntheticInteractions {
    Examples train;  // ids = (user, item), labels = clicked (0/1)
    Examples test;
    double bayes_accuracy = 0;               // the best any model can do on `test` (knowing u, v)
    double click_rate = 0;                   // fraction of clicked impressions in `train`
    std::vector<std::int64_t> item_by_rank;  // item id of popularity rank 0, 1, ...
};

SyntheticInteractions make_synthetic_interactions(const SyntheticSpec& spec, int test_samples, std::uint64_t seed);

}  // namespace compression_training
