// The models clients train: an MLP and a small CNN on 28x28 images, as functions of one flat
// float vector (so a server, an optimiser state or a cohort is just a vector). libtorch is
// confined to network.cpp; callers see plain floats.
#pragma once

#include "federated/random.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace federated {

enum class ModelKind { mlp, cnn };
ModelKind model_kind(const std::string& name);  // "mlp" | "cnn"

struct LocalTraining {
    int steps = 5;       // local steps per round (research note sizing; Auxo's config uses 10)
    int batch = 16;      // minibatch (research note; Auxo's config uses 20)
    double lr = 0.05;    // Auxo config (benchmark/configs/auxo/auxo.yml)
    double prox_mu = 0;  // FedProx proximal weight (0 = plain local SGD)
};

// Sets libtorch's intra-op threads (Debian's libtorch defaults to 1 here; set it anyway).
void set_training_threads(int threads);

class Network {
public:
    explicit Network(ModelKind kind);
    ~Network();
    Network(const Network&) = delete;
    Network& operator=(const Network&) = delete;

    ModelKind kind() const { return kind_; }
    std::size_t size() const { return size_; }
    // PyTorch's default init (uniform +-1/sqrt(fan_in)) from the seed.
    std::vector<float> initial(std::uint64_t seed) const;

    // Local SGD from `weights` (updated in place) on n examples (x: n x 784, y: labels);
    // batches are drawn from a per-epoch shuffle. Returns the mean training loss.
    double train(std::vector<float>& weights, std::span<const float> x, std::span<const std::int64_t> y,
                 const LocalTraining& settings, Rng& rng) const;

    // Per-example loss and correctness (either may be null).
    void evaluate(std::span<const float> weights, std::span<const float> x, std::span<const std::int64_t> y,
                  std::vector<float>* loss, std::vector<std::uint8_t>* correct) const;

    struct Layout;  // tensor shapes and offsets (defined in network.cpp)

private:
    ModelKind kind_;
    std::unique_ptr<Layout> layout_;
    std::size_t size_ = 0;
};

}  // namespace federated
