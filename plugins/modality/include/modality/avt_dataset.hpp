// FMNIST-AVT's audio features and captions for one split, built once from the labels and
// the clip bank (the images come from the shared Fashion-MNIST reader). Log-mel features
// are stored quantised to bytes (uint8 over [kMelLow, kMelHigh] natural-log units, 0.094 per
// step): 40 x 100 per sample, 280 MB for all 70,000 instead of 1.1 GB as floats. Serving
// quantises the same way, so training and serving see identical inputs.
#pragma once

#include "modality/avt_sample.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace sextant::modality {

constexpr float kMelLow = -14.0f, kMelHigh = 10.0f;
uint8_t quantise_mel(float log_energy);
float dequantise_mel(uint8_t q);

struct AvtPart {
    Split split = Split::train;
    std::vector<int64_t> labels;
    std::vector<uint8_t> mel;  // count x 40 x 100
    std::vector<std::string> captions;
    std::vector<int8_t> said;  // the class whose word was said
    std::string hash;          // XXH3-128 of labels, features, captions

    int64_t count() const { return static_cast<int64_t>(labels.size()); }
    static constexpr int kFeature = 40 * 100;
};

// Samples are independent, so `threads` workers build them in any order; the result does
// not depend on the thread count.
AvtPart build_avt_part(const ClipBank& bank, Split split, const std::vector<int64_t>& labels,
                       const AvtRecipe& recipe = {}, int threads = 1);
void save_avt_part(const AvtPart& part, const std::filesystem::path& dir);  // <split>.bin + <split>.json
AvtPart load_avt_part(const std::filesystem::path& dir, Split split);       // checks the hash
// The quantised features of one waveform (what the live A encoder computes per request).
std::vector<uint8_t> mel_bytes(const std::vector<float>& wave);

}  // namespace sextant::modality
