// The "local" target: every worker's encode, the network's aggregation and the decode run
// on this machine's CPU, timed step by step.
#include "local_target.hpp"

#include "measurement.hpp"

#include <compression/minimum.hpp>

#include <sstream>

namespace sextant::compression_plugin {

namespace {

void show_inputs(const Settings& s, const Workload& w, const std::optional<Profile>& profile, RunContext& ctx) {
    std::ostringstream m;
    if (!profile) {
        m << "synthetic gradient: " << s.size << " values, density " << s.density << " per worker, overlap "
          << s.overlap << " (inputs you set)";
        ctx.log(LogLevel::Info, m.str());
        return;
    }
    m << "profile " << profile->id << " (" << profile->title << ", " << profile->file.string() << "): "
      << profile->parameters() << " parameters, run at scale " << s.profile_scale << " = " << w.values() << " values";
    ctx.log(LogLevel::Info, m.str());
    if (!profile->model_choice.empty()) ctx.log(LogLevel::Info, "model: " + profile->model_choice);
    ctx.log(LogLevel::Info, "samples per worker: " + std::to_string(profile->samples_per_worker.value) + " [" +
                                profile->samples_per_worker.source + "]");
    for (const auto& t : profile->tensors) {
        if (t.kind == "dense" && s.dense_keep >= 1.0 && t.size() < 100000) continue;  // keep the log readable
        std::ostringstream line;
        line << "  " << t.name << " [";
        for (std::size_t i = 0; i < t.shape.size(); ++i) line << (i ? "x" : "") << t.shape[i];
        line << "] " << t.kind << ": density " << expected_density(*profile, t, 1, s.dense_keep) << " per worker, "
             << expected_density(*profile, t, s.workers, s.dense_keep) << " union of " << s.workers << " workers";
        if (t.kind == "embedding") line << " (zipf " << t.zipf.value << " [" << t.zipf.source << "])";
        if (t.kind == "prefix") line << " (rows " << t.rows_touched.value << " [" << t.rows_touched.source << "])";
        line << " [" << t.source << "]";
        ctx.log(LogLevel::Info, line.str());
    }
    for (const auto& [key, text] : profile->sources) ctx.log(LogLevel::Info, "  source " + key + ": " + text);
}

}  // namespace

void LocalTarget::run(const Settings& s, RunContext& ctx) {
    std::optional<Profile> profile;
    const Workload workload = make_workload(s, profile);
    show_inputs(s, workload, profile, ctx);
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
