// A classifier the inference engine runs one stage at a time on a batch, so it can time
// each stage, look at each activation and stop early. No torch here: the backbone behind it
// lives in one torch translation unit (torch_backbone.cpp).
#pragma once

#include "caching/key_projection.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace caching {

class StagedModel {
public:
    virtual ~StagedModel() = default;
    virtual int stages() const = 0;
    virtual ActivationShape shape(int stage) const = 0;   // one image's activation after `stage`
    virtual std::string stage_name(int stage) const = 0;  // "stem", "block1", ...
    // Starts a batch of n images (n x 784 pixels in [0, 1]).
    virtual void start(std::span<const float> pixels, std::size_t n) = 0;
    // Runs `stage` (the next one) on the current batch.
    virtual void run_stage(int stage) = 0;
    // The current activation: rows x shape(stage).values() floats, valid until the next call.
    virtual std::span<const float> activation() = 0;
    // Keeps only these rows of the batch (requests that exited leave it).
    virtual void keep(std::span<const std::size_t> rows) = 0;
    // The head on the last stage's output: a label per row.
    virtual std::vector<std::int64_t> predict() = 0;
};

}  // namespace caching
