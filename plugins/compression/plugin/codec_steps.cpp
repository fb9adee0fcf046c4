#include "codec_steps.hpp"

namespace sextant::compression_plugin {

bool run_codec_steps(const Settings& s, const Workload& workload, Measurement& measured, RunContext& ctx,
                     const std::string& label, const EachAggregation& each) {
    // One scheme per tensor, as a training loop keeps them: top-k's residual and the
    // one-pass LHC's estimate (the previous aggregation's union) belong to one tensor.
    const auto& tensors = workload.tensors();
    std::vector<std::unique_ptr<::compression::Scheme>> schemes;
    for (std::size_t t = 0; t < tensors.size(); ++t) schemes.push_back(::compression::make_scheme(s.scheme));
    std::vector<std::vector<float>> grads(s.workers);
    std::vector<float> decoded;
    const double total = static_cast<double>(s.steps * tensors.size());
    for (std::size_t step = 0; step < s.steps; ++step) {
        for (std::size_t t = 0; t < tensors.size(); ++t) {
            if (ctx.cancelled()) {
                ctx.log(LogLevel::Warning, "cancelled at step " + std::to_string(step));
                return false;
            }
            for (std::size_t w = 0; w < s.workers; ++w) workload.generate(t, ctx.seed(), step, w, grads[w]);
            std::vector<std::span<const float>> views(grads.begin(), grads.end());
            decoded.resize(tensors[t].size());
            const auto report = schemes[t]->aggregate(views, decoded);
            measured.add(*schemes[t], views, decoded, report);
            if (each) each(step, t, report);
            ctx.progress(
                static_cast<double>(step * tensors.size() + t + 1) / total,
                label + " " + std::to_string(step + 1) + "/" + std::to_string(s.steps) + " " + tensors[t].name);
        }
        measured.end_step(step, ctx);
    }
    return true;
}

}  // namespace sextant::compression_plugin
