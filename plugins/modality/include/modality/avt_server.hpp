// Serving one batch of FMNIST-AVT requests with the real model, as the profiler measures it
// and the live executor runs it. A request arrives as raw inputs: the image, the waveform of
// the spoken word and the caption. The timed part is what a server does per batch: the
// log-mel features of each waveform (when the configuration uses audio; FFTW, one thread)
// and the model's encoders and fusion head (libtorch, model_threads() threads).
// Service time is the serving thread's CPU time when libtorch runs on one thread (all the
// work is on that thread, so this is the wall time it would take on an idle core: the 2-core
// machine is shared, and preemption otherwise inflates single batches up to 10x), and the
// wall time with more threads (whose work the calling thread's clock would not see).
#pragma once

#include "modality/avt_model.hpp"

#include <cstdint>
#include <vector>

namespace sextant::modality {

struct AvtRequests {
    AvtBatch batch;                         // images and captions; mel filled by serve()
    std::vector<std::vector<float>> waves;  // one waveform per row (empty when audio is not used)
    std::vector<std::int64_t> labels;
};

class AvtServer {
public:
    AvtServer(AvtModel& model, const ClipBank& bank, const AvtSplit& split, AvtRecipe recipe = {});

    // The inputs of samples `indices` (untimed: in a real server they arrive with the
    // request). Waveforms are synthesised from the data recipe only when `with_audio`.
    AvtRequests prepare(const std::vector<std::int64_t>& indices, bool with_audio) const;

    struct Served {
        double seconds = 0;  // service time: cpu_seconds with one thread, else wall_seconds
        double wall_seconds = 0, cpu_seconds = 0;
        std::vector<std::int64_t> labels;  // predictions, one per row
    };
    // "thread-cpu" or "wall": which clock `seconds` reads (depends on model_threads()).
    static const char* clock_name();
    // Serves the rows with configuration `mask`: the timed part.
    Served serve(unsigned mask, AvtRequests& requests) const;

    AvtModel& model() const { return model_; }
    const AvtSplit& split() const { return split_; }

private:
    AvtModel& model_;
    const ClipBank& bank_;
    const AvtSplit& split_;
    AvtRecipe recipe_;
};

}  // namespace sextant::modality
