// The live executor: serves the job stream's batches with the real FMNIST-AVT model. Request
// r is the test sample sample_of(r) (a hash of the seed and r); a batch of b rows with fewer
// requests is padded with copies of its first request, so the model runs the batch size the
// plan chose. The serving clock advances by each batch's measured service time (features +
// model, on AvtServer's clock), and correctness is the model's own answer against the label.
// Arrivals are replayed on that clock rather than waited for in real time: idle gaps cost
// nothing, so a stream runs in the time its batches take.
#pragma once

#include "modality/avt_server.hpp"
#include "modality/serving.hpp"

#include <map>

namespace sextant::modality {

class LiveExecutor : public Executor {
public:
    LiveExecutor(const AvtServer& server, std::uint64_t seed);
    double run(const BatchWork& work, std::vector<char>& correct) override;
    // The model's answer for the request under `mask` (run untimed, remembered).
    bool correct(std::int64_t request, unsigned mask) override;
    std::int64_t sample_of(std::int64_t request) const;

    double busy_seconds() const { return busy_s_; }
    double wall_seconds() const { return wall_s_; }  // the same batches by the wall clock
    std::int64_t batches() const { return batches_; }

private:
    const AvtServer& server_;
    std::uint64_t seed_;
    std::map<std::int64_t, unsigned> right_;  // request -> bit set of masks (bit m) answering right
    double busy_s_ = 0, wall_s_ = 0;
    std::int64_t batches_ = 0;
};

}  // namespace sextant::modality
