// FMNIST-AVT's audio and captions: deterministic (same hashes twice, any thread count),
// the recipe's knobs do what they say, the bank's manifest catches corruption.
#include "modality/avt_dataset.hpp"
#include "modality/log_mel.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace sextant::modality;

namespace {

// One voice, rate and pitch: 24 clips (one per word), a fraction of a second to synthesise.
const ClipBank& small_bank() {
    static const ClipBank bank = synthesise_clip_bank(ClipRecipe{{"en"}, {175}, {50}});
    return bank;
}

std::filesystem::path temp_dir(const std::string& name) {
    return std::filesystem::temp_directory_path() / ("sextant_avt_" + std::to_string(::getpid()) + "_" + name);
}

}  // namespace

TEST(AvtData, ClipBankIsDeterministicAndItsManifestCatchesCorruption) {
    const ClipBank& a = small_bank();
    ASSERT_EQ(a.clips.size(), 24u);
    EXPECT_EQ(a.espeak_version, espeak_version());
    ClipBank b = synthesise_clip_bank(ClipRecipe{{"en"}, {175}, {50}});
    EXPECT_EQ(a.hash, b.hash);
    auto dir = temp_dir("bank");
    save_clip_bank(a, dir);
    EXPECT_EQ(load_clip_bank(dir).hash, a.hash);
    {
        std::fstream f(dir / "bank.bin", std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(1000);
        f.put('\x55');
    }
    EXPECT_THROW(load_clip_bank(dir), std::runtime_error);
    std::filesystem::remove_all(dir);
}

TEST(AvtData, PartsAreDeterministicWhateverTheThreadCount) {
    std::vector<int64_t> labels;
    for (int i = 0; i < 40; ++i) labels.push_back(i % 10);
    AvtPart one = build_avt_part(small_bank(), Split::validation, labels, {}, 1);
    AvtPart two = build_avt_part(small_bank(), Split::validation, labels, {}, 2);
    EXPECT_EQ(one.hash, two.hash);
    AvtPart other = build_avt_part(small_bank(), Split::test, labels, {}, 1);
    EXPECT_NE(one.hash, other.hash);  // the split is part of each sample's seed
    auto dir = temp_dir("part");
    save_avt_part(one, dir);
    AvtPart back = load_avt_part(dir, Split::validation);
    EXPECT_EQ(back.hash, one.hash);
    EXPECT_EQ(back.captions, one.captions);
    std::filesystem::remove_all(dir);
}

TEST(AvtData, SpeakerErrorsStayWithinConfusableClasses) {
    AvtRecipe always;
    always.error_p = 1.0;
    for (int i = 0; i < 60; ++i) {
        int label = i % 10;
        int said = sample_audio(small_bank(), Split::train, i, label, always).said;
        EXPECT_NE(said, label);
        bool tops = label == 0 || label == 2 || label == 4 || label == 6;
        bool shoes = label == 5 || label == 7 || label == 9;
        if (tops) {
            EXPECT_TRUE(said == 0 || said == 2 || said == 4 || said == 6);
        }
        if (shoes) {
            EXPECT_TRUE(said == 5 || said == 7 || said == 9);
        }
    }
    AvtRecipe never;
    never.error_p = 0;
    EXPECT_EQ(sample_audio(small_bank(), Split::train, 3, 7, never).said, 7);
}

TEST(AvtData, NoiseFollowsTheSnr) {
    // At +40 dB the word dominates; at -20 dB the noise does: compare energy outside the word.
    AvtRecipe clean, noisy;
    clean.snr_lo_db = clean.snr_hi_db = 40;
    noisy.snr_lo_db = noisy.snr_hi_db = -20;
    auto tail_power = [](const std::vector<float>& w) {  // the last 0.2 s: after every word here
        double s = 0;
        for (size_t i = w.size() * 4 / 5; i < w.size(); ++i) s += w[i] * w[i];
        return s;
    };
    double c = 0, n = 0;
    for (int i = 0; i < 10; ++i) {
        c += tail_power(sample_audio(small_bank(), Split::train, i, 1, clean).wave);
        n += tail_power(sample_audio(small_bank(), Split::train, i, 1, noisy).wave);
    }
    EXPECT_GT(n, 1000 * c);
}

TEST(AvtData, LogMelPeaksAtAToneBand) {
    std::vector<float> tone(kSampleRate);
    for (size_t i = 0; i < tone.size(); ++i) tone[i] = 0.1f * std::sin(2 * M_PI * 1000.0 * i / kSampleRate);
    LogMel mel;
    std::vector<float> f = mel(tone);
    ASSERT_EQ(f.size(), 4000u);
    int best = 0;
    for (int b = 1; b < LogMel::kBands; ++b)
        if (f[b * 100 + 50] > f[best * 100 + 50]) best = b;
    // 1 kHz is 1000 mel; bands are 2840 mel / 41 = 69 mel apart, so band 13 or 14 (0-based).
    EXPECT_GE(best, 12);
    EXPECT_LE(best, 14);
    EXPECT_EQ(quantise_mel(kMelLow - 5), 0);
    EXPECT_EQ(quantise_mel(kMelHigh + 5), 255);
    EXPECT_NEAR(dequantise_mel(quantise_mel(1.234f)), 1.234f, 0.05f);
}

TEST(AvtData, CaptionsCarryClassAttributesUnlessBlank) {
    AvtRecipe blank;
    blank.blank_p = 1;
    blank.typo_p = 0;
    for (int i = 0; i < 20; ++i) EXPECT_EQ(sample_caption(Split::train, i, 5, blank).find("shoe"), std::string::npos);
    AvtRecipe full;
    full.blank_p = 0;
    full.typo_p = 0;
    int shoe = 0;
    for (int i = 0; i < 50; ++i) shoe += sample_caption(Split::train, i, 5, full).find("shoe") != std::string::npos;
    EXPECT_GT(shoe, 10);
    EXPECT_EQ(sample_caption(Split::test, 9, 3), sample_caption(Split::test, 9, 3));
}
