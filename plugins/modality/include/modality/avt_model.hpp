// The FMNIST-AVT multi-modal classifier behind a torch-free interface (libtorch stays in two
// translation units of the modality plugin). Per-modality encoders of very different cost:
//   V  the shared narrow ResNet-18 (plugins/common/models), pooled features (8 x width)
//   A  a small CNN on the 40 x 100 log-mel features: three conv3x3-BN-ReLU layers with stride 2
//      (width, 2 width, 4 width), global average pool
//   T  hashed words and char trigrams of the caption, an EmbeddingBag (mean) and a linear layer
// and a late fusion head: each present modality's embedding is projected to `embed`, the
// projections are averaged over the modalities present, the three presence bits appended,
// and an MLP gives 10 logits. Trained in two stages (ours, see docs/modality.md): V comes
// from the model cache; A and T are trained alone with their own heads; then, on the frozen
// embeddings, the fusion head is trained with modality dropout (every sample draws one of the
// 7 subsets), so every non-empty subset of {V, A, T} answers.
#pragma once

#include "modality/avt_data.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace sextant::modality {

struct AvtModelSpec {
    int v_width = 16;      // ResNet-18 widths w, 2w, 4w, 8w: the encoder cost ratio
    int a_width = 16;      // audio CNN widths w, 2w, 4w
    int t_buckets = 4096;  // hashed token buckets
    int t_dim = 64;        // text embedding size
    int embed = 64;        // fusion: projected size of each modality
    int hidden = 128;      // fusion MLP hidden units
    nlohmann::json to_json() const;
};

struct AvtTraining {
    std::size_t train_samples = models::kTrainImages;  // the first n of the training split
    int v_epochs = 1;                                  // the backbone's recipe (SGD, models/backbone_training.hpp)
    int a_epochs = 3;                                  // Adam on the audio encoder + its own head
    int t_epochs = 3;                                  // Adam on the text encoder + its own head
    int fusion_epochs = 8;                             // Adam on the fusion head over frozen embeddings
    int batch = 128;
    double learning_rate = 1e-3;
    double full_set_share = 0.3;  // modality dropout: V+A+T drawn with this share, the other 6 evenly
    std::uint64_t seed = 1;
    nlohmann::json to_json() const;
};

// One batch of requests' inputs. Rows not needed by a configuration may be left empty.
struct AvtBatch {
    std::size_t n = 0;
    std::vector<float> pixels;          // n x 28 x 28, [0, 1]
    std::vector<std::uint8_t> mel;      // n x 40 x 100, quantised (avt_dataset.hpp)
    std::vector<std::string> captions;  // n
};

// The given samples of a split as a batch (features as stored; the live executor replaces
// the features by ones it computes from each request's waveform).
AvtBatch batch_of(const AvtSplit& split, const std::vector<std::int64_t>& indices);

// Hashed caption tokens: lower-cased words and the char trigrams of "#word#", XXH3-64 into
// `buckets` (no torch; the EmbeddingBag reads them).
std::vector<std::int64_t> caption_tokens(const std::string& caption, int buckets);

class AvtModel {
public:
    virtual ~AvtModel() = default;
    // Predicted labels of a batch served with configuration `mask` (kV | kA | kT bits).
    virtual std::vector<std::int64_t> predict(unsigned mask, const AvtBatch& batch) = 0;
    // Top-1 accuracy of each of the 7 configurations on a split (canonical order, all_masks()).
    virtual std::vector<double> accuracies(const AvtSplit& split, int batch = 256) = 0;
    virtual std::int64_t parameters(unsigned modality) const = 0;  // one of kV, kA, kT; 0: fusion
};

// libtorch's intra-op threads; returns the old count.
int set_model_threads(int threads);
int model_threads();

struct TrainedAvtModel {
    std::unique_ptr<AvtModel> model;
    models::CacheEntry entry;  // entry.info: per-stage accuracies, times, threads
    bool trained_now = false;
};

// The cache key's content: architecture, the data entry's recipe, training parameters, seed,
// and the V backbone's own recipe (itself a cache entry, used to train V).
nlohmann::json avt_model_recipe(const AvtModelSpec& spec, const AvtTraining& training, const AvtDataSpec& data,
                                const std::filesystem::path& fashion_mnist_dir);

// From the cache, trained (once, under its lock) when missing: the training part of the data
// is loaded (and built, if needed) only then. Set the thread count first (set_model_threads).
TrainedAvtModel cached_avt_model(models::ModelCache& cache, const AvtModelSpec& spec, const AvtTraining& training,
                                 const AvtDataSpec& data, const std::filesystem::path& fashion_mnist_dir,
                                 const models::BuildObserver& observer = {});

}  // namespace sextant::modality
