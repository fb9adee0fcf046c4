#include "compression_training/tensor_densities.hpp"

namespace compression_training {

DensityMeter::DensityMeter(std::vector<TensorSlot> slots)
    : slots_(std::move(slots)), worker_sum_(slots_.size(), 0.0), union_sum_(slots_.size(), 0.0) {}

void DensityMeter::add(std::span<const std::vector<float>> workers) {
    if (workers.empty()) return;
    for (std::size_t t = 0; t < slots_.size(); ++t) {
        const TensorSlot& s = slots_[t];
        if (s.size == 0) continue;
        std::size_t nonzero = 0, in_union = 0;
        for (std::size_t i = s.offset; i < s.offset + s.size; ++i) {
            bool any = false;
            for (const auto& w : workers) {
                const bool nz = w[i] != 0.0f;
                nonzero += nz;
                any = any || nz;
            }
            in_union += any;
        }
        const double size = static_cast<double>(s.size);
        worker_sum_[t] += static_cast<double>(nonzero) / (size * static_cast<double>(workers.size()));
        union_sum_[t] += static_cast<double>(in_union) / size;
    }
    ++steps_;
}

std::vector<TensorDensity> DensityMeter::means() const {
    std::vector<TensorDensity> out;
    const double steps = steps_ > 0 ? static_cast<double>(steps_) : 1.0;
    for (std::size_t t = 0; t < slots_.size(); ++t)
        out.push_back(
            {slots_[t].name, slots_[t].shape, slots_[t].embedding, worker_sum_[t] / steps, union_sum_[t] / steps});
    return out;
}

}  // namespace compression_training
