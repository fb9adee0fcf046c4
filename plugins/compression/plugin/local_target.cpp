// The "local" target: every worker's encode, the network's aggregation and the decode run
// on this machine's CPU, timed step by step.
#include "local_target.hpp"

#include "input_log.hpp"
#include "measurement.hpp"

#include <compression/minimum.hpp>

#include <sstream>

namespace sextant::compression_plugin {

void LocalTarget::run(const Settings& s, RunContext& ctx) {
    std::optional<Profile> profile;
    const Workload workload = make_workload(s, profile);
    log_inputs(s, workload, profile, ctx);
    auto scheme = ::compression::make_scheme(s.scheme);
    Measurement measured(s.workers);
    const auto& tensors = workload.tensors();
    std::vector<std::vector<float>> grads(s.workers);
    std::vector<float> decoded;
    const double total = static_cast<double>(s.steps * tensors.size());
    for (std::size_t step = 0; step < s.steps; ++step) {
        for (std::size_t t = 0; t < tensors.size(); ++t) {
            if (ctx.cancelled()) {
                ctx.log(LogLevel::Warning, "cancelled at step " + std::to_string(step));
                return;
            }
            for (std::size_t w = 0; w < s.workers; ++w) workload.generate(t, ctx.seed(), step, w, grads[w]);
            std::vector<std::span<const float>> views(grads.begin(), grads.end());
            decoded.resize(tensors[t].size());
            const auto report = scheme->aggregate(views, decoded);
            measured.add(*scheme, views, decoded, report);
            ctx.progress(static_cast<double>(step * tensors.size() + t + 1) / total,
                         "step " + std::to_string(step + 1) + "/" + std::to_string(s.steps) + " " + tensors[t].name);
        }
        measured.end_step(step, ctx);
    }
    measured.summarise(ctx);
}

}  // namespace sextant::compression_plugin
