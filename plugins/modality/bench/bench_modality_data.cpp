// FMNIST-AVT build cost: synthesising the clip bank, mixing one sample's audio, its log-mel
// features and caption. Baseline in the same run: copying one window of audio.
//   bench_modality_data [samples]
#include "modality/avt_sample.hpp"
#include "modality/log_mel.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>

using namespace sextant::modality;

static double since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int main(int argc, char** argv) {
    int samples = argc > 1 ? std::atoi(argv[1]) : 2000;
    auto t0 = std::chrono::steady_clock::now();
    ClipBank bank = synthesise_clip_bank();
    double synth = since(t0);
    size_t total = 0;
    for (const auto& c : bank.clips) total += c.samples.size();
    std::printf("espeak-ng %s: %zu clips (%.1f s of audio) in %.2f s, %.2f ms/clip; bank %s\n",
                bank.espeak_version.c_str(), bank.clips.size(), total / double(kSampleRate), synth,
                synth / bank.clips.size() * 1e3, bank.hash.c_str());
    LogMel mel;
    t0 = std::chrono::steady_clock::now();
    double mix = 0, feat = 0, text = 0, sink = 0;
    for (int i = 0; i < samples; ++i) {
        auto a = std::chrono::steady_clock::now();
        SpokenSample s = sample_audio(bank, Split::train, i, i % 10);
        auto b = std::chrono::steady_clock::now();
        std::vector<float> f = mel(s.wave);
        auto c = std::chrono::steady_clock::now();
        std::string cap = sample_caption(Split::train, i, i % 10);
        mix += std::chrono::duration<double>(b - a).count();
        feat += std::chrono::duration<double>(c - b).count();
        text += since(c);
        sink += f[0] + cap.size();
    }
    t0 = std::chrono::steady_clock::now();
    std::vector<float> window(kSampleRate);
    for (int i = 0; i < samples; ++i) {
        std::vector<float> copy(window);
        sink += copy[i % kSampleRate];
    }
    double base = since(t0);
    std::printf(
        "per sample: mix %.3f ms, log-mel %.3f ms, caption %.4f ms; baseline copy %.4f ms (mix %.0fx, log-mel %.0fx)\n",
        mix / samples * 1e3, feat / samples * 1e3, text / samples * 1e3, base / samples * 1e3, mix / base, feat / base);
    std::printf("70,000 samples: about %.0f s for audio + features (sink %g)\n", (mix + feat + text) / samples * 70000,
                sink);
}
