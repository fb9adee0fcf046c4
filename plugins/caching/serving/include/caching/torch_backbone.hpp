// The shared backbone (plugins/common/models) as a StagedModel: taken from the model cache,
// trained there first when missing, or untrained for tests of the machinery.
#pragma once

#include "caching/staged_model.hpp"

#include <models/model_cache.hpp>

#include <filesystem>
#include <memory>

namespace caching {

struct BackboneChoice {
    std::string arch = "resnet18";  // resnet18 | cnn
    int width = 16;
    std::size_t train_samples = 55000;  // first n of the training split
    int epochs = 6;
    std::uint64_t seed = 1;  // training seed (not the run's seed)
};

struct ObtainedBackbone {
    std::unique_ptr<StagedModel> model;
    nlohmann::json info;  // what training stored: accuracies, time
    std::string key;      // the model cache key
    bool trained_now = false;
};

// libtorch's intra-op threads.
void set_model_threads(int threads);

// From the cache, trained (once, under its lock) when missing; accuracies stored with a new
// entry are measured on `evaluation_images` validation and test images.
ObtainedBackbone obtain_backbone(const BackboneChoice& choice, models::ModelCache& cache,
                                 const std::filesystem::path& dataset_dir, const models::BuildObserver& observer,
                                 std::size_t evaluation_images);

// Random weights (seeded): for tests of the engine, where what matters is that caches
// reproduce whatever the model says.
std::unique_ptr<StagedModel> untrained_backbone(const std::string& arch, int width, std::uint64_t seed);

}  // namespace caching
