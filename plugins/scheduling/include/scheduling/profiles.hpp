// Model profiles: what one training iteration of each model does, read from an editable
// JSON file (profiles/models.json) in which every number carries its source.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace sextant::scheduling {

// One bucket of a data-parallel backward pass: `compute_ms` of backward produces
// `gradients` (a fraction of the model's gradient bytes), whose all-reduce starts once they
// are ready and the previous bucket's is done, while backward runs on (PyTorch DDP's buckets).
struct BackwardBucket {
    double compute_ms = 0.0;
    double gradients = 0.0;
};

struct ProfileSegment {
    enum class Kind { Compute, AllReduce, Transfer, Backward };
    Kind kind = Kind::Compute;
    double value = 0.0;  // Compute: milliseconds; AllReduce: fraction of gradients; Transfer: MB per ring hop
    std::vector<BackwardBucket> buckets;  // Backward: in the order backward produces them
};

struct ModelProfile {
    std::string name;
    std::string parallelism;  // "data" or "hybrid"
    double parameters_millions = 0.0;
    double gradient_bytes = 4.0;
    double pipeline_stages = 1.0;  // hybrid: the all-reduce covers one stage's parameters
    double max_gbps = 0.0;         // a job's sending-rate cap; 0 = the NIC rate
    std::vector<ProfileSegment> iteration;
};

class ProfileTable {
public:
    // The models.json shipped with the plugin, compiled into the library.
    static const ProfileTable& builtin();
    static ProfileTable load(const std::filesystem::path& file);
    // `origin` names the text in error messages (a file name).
    static ProfileTable parse(const std::string& text, const std::string& origin);

    const std::vector<ModelProfile>& models() const { return models_; }
    // Case-, space- and punctuation-insensitive, so "ResNet-50", "resnet50" and
    // "ResNet50 (batch size 64)" all find ResNet50. Returns nullptr when unknown.
    const ModelProfile* find(const std::string& name) const;
    std::string names() const;  // "VGG11, VGG16, ..." for error messages

private:
    std::vector<ModelProfile> models_;
};

std::string normalise_model_name(const std::string& name);

}  // namespace sextant::scheduling
