// Training a Backbone on the Fashion-MNIST split and keeping it in the model cache: the
// recipe below is the cache key, so a plugin asks for "this architecture trained this way"
// and gets the same weights whether it trained them or another run did.
#pragma once

#include "models/backbone.hpp"
#include "models/fashion_mnist.hpp"
#include "models/model_cache.hpp"

#include <cstdint>
#include <filesystem>

namespace models {

// SGD with Nesterov momentum 0.9, learning rate cosine-annealed from `learning_rate` to 0
// over all steps, weight decay, random horizontal flips; shuffled each epoch from the seed.
struct TrainRecipe {
    std::size_t train_samples = kTrainImages;  // the first n of the 55k training split
    int epochs = 6;
    int batch = 128;
    double learning_rate = 0.1;
    double weight_decay = 5e-4;
    bool flip = true;
    std::uint64_t seed = 1;
    nlohmann::json to_json() const;
};

// The cache key's content: architecture, data (set, split, sample count, a hash of the
// training files), training parameters, seed and the weight format.
nlohmann::json backbone_recipe(const BackboneSpec& spec, const TrainRecipe& recipe,
                               const std::filesystem::path& dataset_dir);

// libtorch's intra-op threads (it defaults to 1 on this Debian build); returns the old count.
int set_torch_threads(int threads);

// [n, 1, 28, 28] float tensor of images [first, first + n).
torch::Tensor image_tensor(const Images& images, std::size_t first, std::size_t n);
// Top-1 accuracy in eval mode, batched.
double evaluate_accuracy(Backbone& model, const Images& images, int batch = 256);

// Trains from scratch (no cache). Reports progress per batch and a log line per epoch.
// Returns the info stored beside the weights: accuracies, time, parameter count.
nlohmann::json train_backbone(Backbone& model, const TrainRecipe& recipe, const FashionMnistSplit& data,
                              const BuildObserver& observer = {});

struct TrainedBackbone {
    Backbone model{nullptr};   // in eval mode
    CacheEntry entry;          // entry.info: validation/test accuracy, training time
    bool trained_now = false;  // false: loaded from the cache
};

// The backbone for this recipe from the cache, trained (once, under the cache's lock) when
// missing. The accuracies stored with it are measured on the first `evaluation_images` of the
// validation and test splits (not part of the key: they do not change the weights); tests
// pass a small number. Set the thread count first (set_torch_threads).
TrainedBackbone cached_backbone(ModelCache& cache, const BackboneSpec& spec, const TrainRecipe& recipe,
                                const std::filesystem::path& dataset_dir, const BuildObserver& observer = {},
                                std::size_t evaluation_images = kTestImages);

// The weights of a cache entry written by cached_backbone.
Backbone load_backbone(const CacheEntry& entry);

}  // namespace models
