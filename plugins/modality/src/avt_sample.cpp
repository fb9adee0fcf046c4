#include "modality/avt_sample.hpp"

#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace sextant::modality {

namespace {

// Raw 64-bit draws turned into numbers by hand, so samples do not depend on how a standard
// library implements its distributions.
struct Draw {
    std::mt19937_64 g;
    explicit Draw(uint64_t seed) : g(seed) {}
    double uniform() { return static_cast<double>(g() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    int below(int n) { return static_cast<int>(uniform() * n); }
    bool chance(double p) { return uniform() < p; }
};

const std::vector<std::vector<int>>& confusable_groups() {
    static const std::vector<std::vector<int>> groups{{0, 2, 4, 6}, {5, 7, 9}, {1, 3, 8}};
    return groups;
}

int confuse(int label, Draw& d) {
    for (const auto& g : confusable_groups())
        if (std::find(g.begin(), g.end(), label) != g.end()) {
            int other = g[d.below(static_cast<int>(g.size()) - 1)];
            return other >= label ? g[std::find(g.begin(), g.end(), other) - g.begin() + 1] : other;
        }
    return label;
}

const Clip& random_clip(const ClipBank& bank, int label, Draw& d) {
    const auto& r = bank.recipe;
    return bank.clip(label, d.below(static_cast<int>(class_words()[label].size())),
                     d.below(static_cast<int>(r.voices.size())), d.below(static_cast<int>(r.rates.size())),
                     d.below(static_cast<int>(r.pitches.size())));
}

void add_clip(std::vector<float>& wave, const Clip& c, size_t at, float gain) {
    for (size_t i = 0; i < c.samples.size() && at + i < wave.size(); ++i)
        wave[at + i] += gain * c.samples[i] / 32768.0f;
}

double power(const std::vector<float>& x) {
    double s = 0;
    for (float v : x) s += static_cast<double>(v) * v;
    return s / std::max<size_t>(x.size(), 1);
}

// Attribute words per class; confusable classes share some (sleeves, buttons, shoe, ...).
const std::vector<std::vector<std::string>>& attributes() {
    static const std::vector<std::vector<std::string>> a{
        {"short sleeves", "cotton", "casual", "round neck", "top"},
        {"long legs", "waist", "denim", "pockets", "pair"},
        {"long sleeves", "knit", "warm", "wool", "round neck"},
        {"skirt", "knee length", "one piece", "sleeveless", "elegant"},
        {"long sleeves", "buttons", "warm", "collar", "zip"},
        {"shoe", "open toe", "straps", "summer", "flat"},
        {"long sleeves", "buttons", "collar", "cotton", "short sleeves"},
        {"shoe", "laces", "rubber sole", "sport", "canvas"},
        {"handle", "strap", "leather", "zip", "pockets"},
        {"shoe", "heel", "leather", "laces", "zip"}};
    return a;
}

const std::vector<std::string>& fillers() {
    static const std::vector<std::string> f{"nice",  "new",  "item",       "for sale", "photo of",
                                            "great", "look", "buy now",    "in stock", "classic",
                                            "the",   "a",    "best price", "size m"};
    return f;
}

}  // namespace

const char* split_name(Split s) {
    switch (s) {
    case Split::train: return "train";
    case Split::validation: return "validation";
    case Split::test: return "test";
    }
    return "?";
}

uint64_t sample_seed(Split split, int64_t index, uint64_t stream) {
    uint64_t key[3] = {static_cast<uint64_t>(split), static_cast<uint64_t>(index), stream};
    return XXH3_64bits(key, sizeof key);
}

SpokenSample sample_audio(const ClipBank& bank, Split split, int64_t index, int label, const AvtRecipe& r) {
    Draw d(sample_seed(split, index, 1));
    SpokenSample s;
    s.said = d.chance(r.error_p) ? confuse(label, d) : label;
    const size_t n = static_cast<size_t>(r.window_s * kSampleRate);
    s.wave.assign(n, 0.0f);
    const Clip& clip = random_clip(bank, s.said, d);
    size_t at = static_cast<size_t>(d.uniform(0, r.max_offset_s) * kSampleRate);
    add_clip(s.wave, clip, at, 1.0f);
    // Scale the word to RMS 0.1 over the samples it occupies.
    size_t len = std::min(clip.samples.size(), n - std::min(n, at));
    double p_signal = 0;
    for (size_t i = at; i < at + len; ++i) p_signal += static_cast<double>(s.wave[i]) * s.wave[i];
    p_signal = len ? p_signal / len : 0;
    float gain = p_signal > 0 ? static_cast<float>(0.1 / std::sqrt(p_signal)) : 1.0f;
    for (float& v : s.wave) v *= gain;
    p_signal *= gain * gain;

    std::vector<float> noise(n, 0.0f);
    switch (d.below(3)) {
    case 0:  // white (uniform: as white as Gaussian, and cheaper)
        for (float& v : noise) v = static_cast<float>(d.uniform(-1, 1));
        break;
    case 1: {  // pink: Paul Kellet's economy filter over white noise
        double b0 = 0, b1 = 0, b2 = 0;
        for (float& v : noise) {
            double w = d.uniform(-1, 1);
            b0 = 0.99765 * b0 + w * 0.0990460;
            b1 = 0.96300 * b1 + w * 0.2965164;
            b2 = 0.57000 * b2 + w * 1.0526913;
            v = static_cast<float>(b0 + b1 + b2 + w * 0.1848);
        }
        break;
    }
    default:  // babble: three other words, anywhere in the window
        for (int k = 0; k < 3; ++k) {
            int other = d.below(10);
            const Clip& c = random_clip(bank, other, d);
            add_clip(noise, c, static_cast<size_t>(d.uniform(0, 0.5) * kSampleRate), 1.0f);
        }
    }
    double p_noise = power(noise);
    double snr_db = d.uniform(r.snr_lo_db, r.snr_hi_db);
    if (p_noise > 0) {
        float k = static_cast<float>(std::sqrt(p_signal / (p_noise * std::pow(10.0, snr_db / 10))));
        for (size_t i = 0; i < n; ++i) s.wave[i] += k * noise[i];
    }
    return s;
}

std::string sample_caption(Split split, int64_t index, int label, const AvtRecipe& r) {
    Draw d(sample_seed(split, index, 2));
    std::vector<std::string> words;
    if (!d.chance(r.blank_p)) {
        std::vector<std::string> attrs = attributes()[label];
        int k = 1 + d.below(3);
        for (int i = 0; i < k && !attrs.empty(); ++i) {
            int j = d.below(static_cast<int>(attrs.size()));
            words.push_back(attrs[j]);
            attrs.erase(attrs.begin() + j);
        }
    }
    int f = 1 + d.below(2);
    for (int i = 0; i < f; ++i)
        words.insert(words.begin() + d.below(static_cast<int>(words.size()) + 1),
                     fillers()[d.below(static_cast<int>(fillers().size()))]);
    std::string text;
    for (const auto& w : words) text += (text.empty() ? "" : " ") + w;
    for (char& c : text)
        if (c != ' ' && d.chance(r.typo_p)) c = static_cast<char>('a' + d.below(26));
    return text;
}

}  // namespace sextant::modality
