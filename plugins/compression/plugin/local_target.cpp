// The "local" target: every worker's encode, the network's aggregation and the decode run
// on this machine's CPU, timed step by step.
#include "local_target.hpp"

#include "codec_steps.hpp"
#include "input_log.hpp"

namespace sextant::compression_plugin {

void LocalTarget::run(const Settings& s, RunContext& ctx) {
    std::optional<Profile> profile;
    const Workload workload = make_workload(s, profile);
    log_inputs(s, workload, profile, ctx);
    Measurement measured(s.workers);
    if (run_codec_steps(s, workload, measured, ctx, "step")) measured.summarise(ctx);
}

}  // namespace sextant::compression_plugin
