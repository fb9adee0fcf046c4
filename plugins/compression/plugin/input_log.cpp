// What a run assumes, written to its log before it starts: the synthetic gradient the user
// set, or the model profile with every number's source.
#include "input_log.hpp"

#include <compression/minimum.hpp>

#include <sstream>

namespace sextant::compression_plugin {

void log_inputs(const Settings& s, const Workload& w, const std::optional<Profile>& profile, RunContext& ctx) {
    std::ostringstream m;
    if (!profile) {
        m << "synthetic gradient: " << s.size << " values, density " << s.density << " per worker, overlap "
          << s.overlap << " (inputs you set)";
        ctx.log(LogLevel::Info, m.str());
        return;
    }
    m << "profile " << profile->id << " (" << profile->title << ", " << profile->file.string()
      << "): " << profile->parameters() << " parameters, run at scale " << s.profile_scale << " = " << w.values()
      << " values";
    ctx.log(LogLevel::Info, m.str());
    if (!profile->model_choice.empty()) ctx.log(LogLevel::Info, "model: " + profile->model_choice);
    ctx.log(LogLevel::Info, "samples per worker: " + std::to_string(profile->samples_per_worker.value) + " [" +
                                profile->samples_per_worker.source + "]");
    for (const auto& t : profile->tensors) {
        if (t.kind == "dense" && s.dense.keep >= 1.0 && t.size() < 100000) continue;  // keep the log readable
        std::ostringstream line;
        line << "  " << t.name << " [";
        for (std::size_t i = 0; i < t.shape.size(); ++i) line << (i ? "x" : "") << t.shape[i];
        const bool correlated =
            t.kind == "dense" && s.dense.keep < 1.0 && s.dense.kind != DenseSparsifier::Kind::random;
        line << "] " << t.kind << ": density " << expected_density(*profile, t, 1, s.dense.keep) << " per worker, ";
        if (correlated)
            line << "union of " << s.workers << " workers as the run measures it ("
                 << (s.dense.kind == DenseSparsifier::Kind::topk ? "topk" : "threshold") << ", gradient_correlation "
                 << s.dense.correlation << ", gradient_scale_spread " << s.dense.scale_spread << ")";
        else line << expected_density(*profile, t, s.workers, s.dense.keep) << " union of " << s.workers << " workers";
        if (t.kind == "embedding") line << " (zipf " << t.zipf.value << " [" << t.zipf.source << "])";
        if (t.kind == "prefix") line << " (rows " << t.rows_touched.value << " [" << t.rows_touched.source << "])";
        if (t.kind == "measured")
            line << " (measured " << t.worker_density.value << " per worker, " << t.union_density.value << " union of "
                 << t.measured_workers << " [" << t.union_density.source << "])";
        line << " [" << t.source << "]";
        ctx.log(LogLevel::Info, line.str());
    }
    for (const auto& [key, text] : profile->sources) ctx.log(LogLevel::Info, "  source " + key + ": " + text);
}

}  // namespace sextant::compression_plugin
