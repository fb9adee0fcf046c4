// The spoken-word clip bank behind FMNIST-AVT's audio: every class word (2-3 synonyms per
// Fashion-MNIST class) synthesised once with libespeak-ng in several voices, rates and
// pitches, 22,050 Hz int16. Built once into a folder with a manifest (espeak-ng version,
// the recipe, a hash per clip and of the whole bank); samples draw from it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace sextant::modality {

constexpr int kSampleRate = 22050;

struct ClipRecipe {
    std::vector<std::string> voices{"en",        "en-us",    "en-gb-scotland+m3", "en-gb-x-rp+f2",
                                    "en-029+m1", "en-us+f4", "en-gb-x-gbclan+m2", "en+f3"};
    std::vector<int> rates{130, 175, 230};  // words per minute
    std::vector<int> pitches{30, 50, 70};   // espeak 0-100
};

// The words of each class (label order); a word's index in class_words()[label].
const std::vector<std::vector<std::string>>& class_words();

struct Clip {
    int label = 0, word = 0, voice = 0, rate = 0, pitch = 0;  // indices into the recipe
    std::vector<int16_t> samples;
};

struct ClipBank {
    ClipRecipe recipe;
    std::string espeak_version;
    std::vector<Clip> clips;  // label, word, voice, rate, pitch order
    std::string hash;         // XXH3-128 over all clips, hex

    // The clip of (label, word, voice, rate, pitch).
    const Clip& clip(int label, int word, int voice, int rate, int pitch) const;
};

// Synthesises the bank, each clip in a forked child (libespeak-ng keeps state between
// utterances, a fresh process is reproducible); call it before starting threads. Throws
// std::runtime_error when espeak-ng or a voice is missing.
ClipBank synthesise_clip_bank(const ClipRecipe& recipe = {});
std::string espeak_version();

// bank.bin (raw clips) + manifest.json (version, recipe, per-clip hash, bank hash).
void save_clip_bank(const ClipBank& bank, const std::filesystem::path& dir);
// Checks every clip against the manifest; throws std::runtime_error naming the file.
ClipBank load_clip_bank(const std::filesystem::path& dir);

std::string hash_hex(const void* data, size_t bytes);  // XXH3-128

}  // namespace sextant::modality
