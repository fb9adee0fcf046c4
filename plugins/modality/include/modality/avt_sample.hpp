// FMNIST-AVT: one sample's audio and caption, a deterministic function of (split, index,
// label) and the clip bank. Image V is the Fashion-MNIST image itself.
//   A: a spoken class word from the bank (a random synonym, voice, rate, pitch); with
//      p = error_p a confusable class is said instead (tops: T-shirt, pullover, coat,
//      shirt; shoes: sandal, sneaker, ankle boot; others: trouser, dress, bag); placed at
//      an offset in [0, max_offset_s] of a window_s window; white, pink or babble noise
//      at an SNR ~ U[snr_lo_db, snr_hi_db].
//   T: 1-3 attribute words of the class (attributes shared across confusable classes),
//      filler words, character typos with p = typo_p, and with p = blank_p a caption of
//      fillers only.
#pragma once

#include "modality/clip_bank.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sextant::modality {

enum class Split { train, validation, test };
const char* split_name(Split split);

// Per-sample seed: a hash of (split, index, stream) so each part draws independently.
uint64_t sample_seed(Split split, int64_t index, uint64_t stream);

struct AvtRecipe {
    double error_p = 0.1;
    double window_s = 1.0, max_offset_s = 0.3;
    double snr_lo_db = -10, snr_hi_db = 15;
    double typo_p = 0.05, blank_p = 0.25;
};

struct SpokenSample {
    std::vector<float> wave;  // window_s x kSampleRate
    int said = 0;             // the class whose word was said
};

SpokenSample sample_audio(const ClipBank& bank, Split split, int64_t index, int label, const AvtRecipe& recipe = {});
std::string sample_caption(Split split, int64_t index, int label, const AvtRecipe& recipe = {});

}  // namespace sextant::modality
