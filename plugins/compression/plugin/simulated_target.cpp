#include "simulated_target.hpp"

#include "input_log.hpp"
#include "measurement.hpp"

#include <compression/simulated/target.hpp>
#include <compression/simulated/traffic.hpp>

namespace sextant::compression_plugin {

namespace sim = ::compression::simulated;

void SimulatedTarget::run(const Settings& s, RunContext& ctx) {
    std::optional<Profile> profile;
    const Workload workload = make_workload(s, profile);
    log_inputs(s, workload, profile, ctx);
    auto scheme = ::compression::make_scheme(s.scheme);
    Measurement measured(s.workers);
    const auto& tensors = workload.tensors();
    std::vector<std::vector<float>> grads(s.workers);
    std::vector<float> decoded;
    sim::Traffic traffic;
    // One aggregation of the whole gradient is what the fabric carries per iteration;
    // later steps only matter for schemes with state (top-k's residual), so the traffic
    // of the last step is the one simulated.
    for (std::size_t step = 0; step < s.steps; ++step) {
        traffic = sim::Traffic{};
        for (std::size_t t = 0; t < tensors.size(); ++t) {
            if (ctx.cancelled()) return;
            for (std::size_t w = 0; w < s.workers; ++w) workload.generate(t, ctx.seed(), step, w, grads[w]);
            std::vector<std::span<const float>> views(grads.begin(), grads.end());
            decoded.resize(tensors[t].size());
            const auto report = scheme->aggregate(views, decoded);
            measured.add(*scheme, views, decoded, report);
            // Each tensor scales by its own factor: small tensors are sampled at full size.
            const double full = profile ? static_cast<double>(profile->tensors[t].size()) /
                                              static_cast<double>(tensors[t].size())
                                        : 1.0;
            traffic += sim::traffic_from_report(s.scheme.scheme, report, true).scaled(full);
            ctx.progress(static_cast<double>(step * tensors.size() + t + 1) / static_cast<double>(s.steps * tensors.size()),
                         "codec step " + std::to_string(step + 1) + " " + tensors[t].name);
        }
        measured.end_step(step, ctx);
    }
    measured.summarise(ctx);
    const auto run = sim::run_simulated(traffic, ctx.params(), profile ? profile->id : std::string(), ctx.seed());
    sim::report_simulated(run, ctx);
}

}  // namespace sextant::compression_plugin
