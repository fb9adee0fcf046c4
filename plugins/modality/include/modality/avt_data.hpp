// FMNIST-AVT built once into the shared model cache (kind "fmnist-avt"): the clip bank and
// the audio features and captions of each split, keyed by the recipe (clip voices, rates and
// pitches, the sample recipe, split sizes, espeak-ng version, the Fashion-MNIST files'
// fingerprint). Images are read from Fashion-MNIST itself; the cache holds what is derived.
#pragma once

#include "modality/avt_dataset.hpp"

#include <models/fashion_mnist.hpp>
#include <models/model_cache.hpp>

#include <filesystem>

namespace sextant::modality {

struct AvtDataSpec {
    ClipRecipe clips;
    AvtRecipe samples;
    // The first n of each part of the shared split (tests use a small configuration).
    std::size_t train = models::kTrainImages, validation = models::kValidationImages, test = models::kTestImages;
    int threads = 2;  // build threads (the result does not depend on them)
};

// The cache key's content.
nlohmann::json avt_data_recipe(const AvtDataSpec& spec, const std::filesystem::path& fashion_mnist_dir);

// One split with its images: what the model trains on, is profiled on and serves.
struct AvtSplit {
    models::Images images;
    AvtPart part;  // labels equal images.labels (checked)
    std::size_t count() const { return images.count; }
};

struct AvtData {
    models::CacheEntry entry;
    ClipBank bank;
    AvtSplit train, validation, test;
    bool built_now = false;
};

// From the cache, built (once, under its lock) when missing; loading checks every hash.
// The training part (220 MB of features) is loaded only when asked for: serving and
// profiling need the validation and test parts.
AvtData cached_avt_data(models::ModelCache& cache, const AvtDataSpec& spec,
                        const std::filesystem::path& fashion_mnist_dir, bool load_train,
                        const models::BuildObserver& observer = {});

}  // namespace sextant::modality
