#include "modality/log_mel.hpp"

#include "modality/clip_bank.hpp"

#include <fftw3.h>

#include <cmath>
#include <mutex>

namespace sextant::modality {

namespace {
std::mutex planning;  // FFTW's planner is not thread-safe; executing a plan is

double hz_to_mel(double hz) { return 2595.0 * std::log10(1.0 + hz / 700.0); }
double mel_to_hz(double mel) { return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0); }
}  // namespace

LogMel::LogMel(int frames) : frames_(frames), window_(kFft), bands_(kBands) {
    for (int i = 0; i < kFft; ++i) window_[i] = static_cast<float>(0.5 - 0.5 * std::cos(2 * M_PI * i / kFft));
    // Triangular bands with edges equally spaced in mel between 0 and 8 kHz.
    const int bins = kFft / 2 + 1;
    double lo = hz_to_mel(0), hi = hz_to_mel(8000);
    std::vector<double> edge(kBands + 2);
    for (int i = 0; i < kBands + 2; ++i) edge[i] = mel_to_hz(lo + (hi - lo) * i / (kBands + 1));
    for (int b = 0; b < kBands; ++b)
        for (int k = 0; k < bins; ++k) {
            double f = static_cast<double>(k) * kSampleRate / kFft;
            double w = f < edge[b] || f > edge[b + 2] ? 0
                       : f <= edge[b + 1]             ? (f - edge[b]) / (edge[b + 1] - edge[b])
                                                      : (edge[b + 2] - f) / (edge[b + 2] - edge[b + 1]);
            if (w > 0) bands_[b].emplace_back(k, static_cast<float>(w));
        }
    std::lock_guard<std::mutex> lock(planning);
    in_ = fftwf_alloc_real(kFft);
    out_ = fftwf_alloc_complex(bins);
    plan_ = fftwf_plan_dft_r2c_1d(kFft, in_, static_cast<fftwf_complex*>(out_), FFTW_ESTIMATE);
}

LogMel::~LogMel() {
    std::lock_guard<std::mutex> lock(planning);
    fftwf_destroy_plan(static_cast<fftwf_plan>(plan_));
    fftwf_free(in_);
    fftwf_free(out_);
}

std::vector<float> LogMel::operator()(const std::vector<float>& wave) {
    std::vector<float> out(static_cast<size_t>(kBands) * frames_);
    const int bins = kFft / 2 + 1;
    std::vector<float> power(bins);
    auto* spec = static_cast<fftwf_complex*>(out_);
    for (int t = 0; t < frames_; ++t) {
        size_t start = static_cast<size_t>(t) * kHop;
        for (int i = 0; i < kFft; ++i) in_[i] = start + i < wave.size() ? wave[start + i] * window_[i] : 0.0f;
        fftwf_execute(static_cast<fftwf_plan>(plan_));
        for (int k = 0; k < bins; ++k) power[k] = spec[k][0] * spec[k][0] + spec[k][1] * spec[k][1];
        for (int b = 0; b < kBands; ++b) {
            float e = 0;
            for (auto [k, w] : bands_[b]) e += w * power[k];
            out[static_cast<size_t>(b) * frames_ + t] = std::log(e + 1e-6f);
        }
    }
    return out;
}

}  // namespace sextant::modality
