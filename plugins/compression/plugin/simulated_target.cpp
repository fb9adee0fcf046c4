#include "simulated_target.hpp"

#include "codec_steps.hpp"
#include "input_log.hpp"

#include <compression/simulated/target.hpp>
#include <compression/simulated/traffic.hpp>

namespace sextant::compression_plugin {

namespace sim = ::compression::simulated;

void SimulatedTarget::run(const Settings& s, RunContext& ctx) {
    std::optional<Profile> profile;
    const Workload workload = make_workload(s, profile);
    log_inputs(s, workload, profile, ctx);
    Measurement measured(s.workers);
    // One aggregation of the whole gradient is what the fabric carries per iteration;
    // later steps only matter for schemes with state (top-k's residual, the one-pass LHC's
    // estimate from the previous union), so the traffic of the last step is the one simulated.
    sim::Traffic traffic;
    std::size_t repairs = 0;
    const auto& tensors = workload.tensors();
    const bool done = run_codec_steps(
        s, workload, measured, ctx, "codec step", [&](std::size_t, std::size_t t, const ::compression::Report& report) {
            if (t == 0) traffic = sim::Traffic{}, repairs = 0;
            repairs += report.repairs;
            // Each tensor scales by its own factor: small tensors are sampled at full size.
            const double full =
                profile ? static_cast<double>(profile->tensors[t].size()) / static_cast<double>(tensors[t].size())
                        : 1.0;
            traffic += sim::traffic_from_report(s.scheme.scheme, report, true).scaled(full);
        });
    if (!done) return;
    measured.summarise(ctx);
    auto run = sim::run_simulated(traffic, ctx.params(), profile ? profile->id : std::string(), ctx.seed());
    run.repair_rate = static_cast<double>(repairs) / static_cast<double>(tensors.size());
    sim::report_simulated(run, ctx);
}

}  // namespace sextant::compression_plugin
