// Log-mel features of a waveform (FFTW): 512-sample Hann windows (23 ms at 22,050 Hz),
// 220-sample hop (10 ms), 40 triangular mel bands from 0 to 8 kHz, log(energy + 1e-6);
// 100 frames per second of audio (short input padded with zeros).
#pragma once

#include <vector>

namespace sextant::modality {

class LogMel {
public:
    static constexpr int kFft = 512, kHop = 220, kBands = 40;
    explicit LogMel(int frames = 100);
    ~LogMel();
    LogMel(const LogMel&) = delete;
    LogMel& operator=(const LogMel&) = delete;

    int frames() const { return frames_; }
    // kBands x frames, band-major.
    std::vector<float> operator()(const std::vector<float>& wave);

private:
    int frames_;
    std::vector<float> window_;
    std::vector<std::vector<std::pair<int, float>>> bands_;  // per band: (bin, weight)
    float* in_ = nullptr;
    void* out_ = nullptr;   // fftwf_complex*
    void* plan_ = nullptr;  // fftwf_plan
};

}  // namespace sextant::modality
