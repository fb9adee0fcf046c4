#include "measurement.hpp"

#include <compression/baselines.hpp>
#include <compression/minimum.hpp>

#include <bit>
#include <cmath>

namespace sextant::compression_plugin {

void Measurement::add(const ::compression::Scheme& scheme, std::span<const std::span<const float>> inputs,
                      std::span<const float> decoded, const ::compression::Report& report) {
    const std::size_t n = decoded.size();
    // Dense float32 sum in worker order: the reference every error is measured against.
    reference_.assign(n, 0.0f);
    for (const auto& w : inputs)
        for (std::size_t i = 0; i < n; ++i) reference_[i] += w[i];
    for (std::size_t i = 0; i < n; ++i) {
        const double e = std::fabs(static_cast<double>(decoded[i]) - reference_[i]);
        max_error_ = std::max(max_error_, e);
        step_max_error_ = std::max(step_max_error_, e);
        error2_ += e * e;
        norm2_ += static_cast<double>(reference_[i]) * reference_[i];
    }
    // Lossless schemes must reproduce their exact reference bit for bit: dense-int for the
    // fixed-point ones (its scale loses precision by design), the float sum otherwise.
    if (scheme.lossless()) {
        bool fixed_point = false;  // the scheme's values travel as int32 fixed point
        for (const auto& r : report.rounds) fixed_point = fixed_point || r.op == ::compression::Reduce::sum_int32;
        std::vector<float> exact;
        if (fixed_point) {
            ::compression::DenseIntScheme dense_int;
            exact.resize(n);
            dense_int.aggregate(inputs, exact);
        }
        const std::vector<float>& want = fixed_point ? exact : reference_;
        for (std::size_t i = 0; i < n; ++i)
            mismatches_ +=
                std::bit_cast<std::uint32_t>(decoded[i] + 0.0f) != std::bit_cast<std::uint32_t>(want[i] + 0.0f);
    }
    lossless_ = lossless_ && scheme.lossless();
    switch_ok_ = switch_ok_ && report.switch_aggregatable();
    minimum_bytes_ += ::compression::minimum_bytes(report.values, report.union_nonzeros);
    step_bytes_ += report.bytes_sent();
    total_ += report;
    ++tensors_;
}

void Measurement::end_step(std::size_t step, RunContext& ctx) {
    ctx.metric("step_max_abs_error", static_cast<long long>(step), step_max_error_);
    ctx.metric("step_bytes_sent", static_cast<long long>(step), static_cast<double>(step_bytes_));
    step_max_error_ = 0;
    step_bytes_ = 0;
    ++steps_;
}

void Measurement::summarise(RunContext& ctx) const {
    if (steps_ == 0) return;
    const double steps = static_cast<double>(steps_);
    const double dense = 4.0 * static_cast<double>(total_.values) / steps;  // per worker and step
    const double sent = static_cast<double>(total_.bytes_sent()) / steps;
    const double received = static_cast<double>(total_.bytes_received()) / steps;
    const auto& t = total_.timing;
    auto per_second = [](double bytes, double seconds) { return seconds > 0 ? bytes / seconds / 1e9 : 0.0; };
    ctx.summary("compression_ratio", sent + received > 0 ? 2 * dense / (sent + received) : 0.0);
    ctx.summary("bytes_sent_per_worker", sent);
    ctx.summary("bytes_received_per_worker", received);
    ctx.summary("ratio_to_minimum", minimum_bytes_ > 0 ? total_.bytes_received() / minimum_bytes_ : 0.0);
    ctx.summary("encode_time", t.encode_s / steps);
    ctx.summary("aggregate_time", t.aggregate_s / steps);
    ctx.summary("decode_time", t.decode_s / steps);
    ctx.summary("encode_throughput", per_second(dense, t.encode_s / steps));
    ctx.summary("aggregate_throughput", per_second(dense * workers_, t.aggregate_s / steps));
    ctx.summary("decode_throughput", per_second(dense, t.decode_s / steps));
    ctx.summary("peel_failures", static_cast<double>(total_.peel_failures) / steps);
    ctx.summary("repaired", static_cast<double>(total_.repaired) / steps);
    ctx.summary("max_abs_error", max_error_);
    ctx.summary("rel_error", norm2_ > 0 ? std::sqrt(error2_ / norm2_) : 0.0);
    if (lossless_) ctx.summary("exact_mismatches", static_cast<double>(mismatches_));
    ctx.summary("union_density", total_.values ? static_cast<double>(total_.union_nonzeros) / total_.values : 0.0);
    ctx.summary("switch_aggregatable", switch_ok_ ? 1.0 : 0.0);
    ctx.summary("rounds", tensors_ ? static_cast<double>(total_.rounds.size()) / tensors_ : 0.0);
    ctx.summary("passes", tensors_ ? static_cast<double>(collective::passes(total_.rounds)) / tensors_ : 0.0);
    ctx.summary("repair_rate", tensors_ ? static_cast<double>(total_.repairs) / tensors_ : 0.0);
}

}  // namespace sextant::compression_plugin
