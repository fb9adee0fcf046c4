#include "modality/profiler.hpp"

#include "modality/profile_csv.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <stdexcept>

namespace sextant::modality {

namespace fs = std::filesystem;

namespace {

std::string host_name() {
    char buf[256] = {};
    ::gethostname(buf, sizeof buf - 1);
    return buf;
}

std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    return "unknown";
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

}  // namespace

void save_profile_csv(const Profile& profile, const fs::path& path) {
    std::ofstream out(path);
    write_profile_csv(profile, out);
    if (!out) throw std::runtime_error(path.string() + ": cannot write");
}

MeasuredProfile measure_profile(const AvtServer& server, const ProfilerOptions& o,
                                const models::BuildObserver& observer) {
    if (o.max_batch < 1 || o.repeats < 1) throw std::invalid_argument("profiler: max_batch and repeats must be >= 1");
    const AvtSplit& split = server.split();
    if (split.count() == 0) throw std::invalid_argument("profiler: the validation split is empty");
    const auto t0 = std::chrono::steady_clock::now();
    MeasuredProfile out;
    const auto accuracy = server.model().accuracies(split);

    // The first max_batch samples (wrapping around a small split), inputs prepared once.
    std::vector<std::int64_t> all;
    for (int i = 0; i < o.max_batch; ++i) all.push_back(i % static_cast<std::int64_t>(split.count()));
    const AvtRequests prepared = server.prepare(all, true);
    auto first = [&](int b) {
        AvtRequests r;
        std::vector<std::int64_t> idx(all.begin(), all.begin() + b);
        r.batch = batch_of(split, idx);
        r.batch.mel.clear();
        r.waves.assign(prepared.waves.begin(), prepared.waves.begin() + b);
        return r;
    };
    const auto& masks = all_masks();
    std::vector<double> times(static_cast<std::size_t>(o.repeats)), walls(times.size());
    double wall_over_service = 0;  // how much the shared machine stretched the batches
    const double steps = static_cast<double>(masks.size()) * o.max_batch;
    for (std::size_t c = 0; c < masks.size(); ++c) {
        Config raw{masks[c], accuracy[c], {}};
        for (int b = 1; b <= o.max_batch; ++b) {
            if (observer.cancelled && observer.cancelled()) throw models::BuildCancelled("profiling cancelled");
            AvtRequests r = first(b);
            server.serve(masks[c], r);  // warm-up
            for (std::size_t k = 0; k < times.size(); ++k) {
                const auto served = server.serve(masks[c], r);
                times[k] = served.seconds;
                walls[k] = served.wall_seconds;
            }
            raw.latency_ms.emplace_back(b, 1e3 * median(times));
            wall_over_service += median(walls) / median(times) / steps;
            if (observer.progress && b % 8 == 0)
                observer.progress((c * o.max_batch + b) / steps, "profiling " + config_name(masks[c]));
        }
        Config made = raw;
        for (int i = static_cast<int>(made.latency_ms.size()) - 2; i >= 0; --i)
            made.latency_ms[i].second = std::min(made.latency_ms[i].second, made.latency_ms[i + 1].second);
        out.raw.configs.push_back(std::move(raw));
        out.profile.configs.push_back(std::move(made));
    }
    validate(out.profile);
    out.info = {{"threads", model_threads()},
                {"clock", AvtServer::clock_name()},
                {"repeats", o.repeats},
                {"max_batch", o.max_batch},
                {"host", host_name()},
                {"cpu", cpu_model()},
                {"wall_over_service_mean", wall_over_service},
                {"validation_samples", split.count()},
                {"seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()}};
    for (std::size_t c = 0; c < masks.size(); ++c) {
        const Config& k = out.raw.configs[c];
        out.info["accuracy"][k.name()] = k.accuracy;
        out.info["latency_b1_ms"][k.name()] = k.latency_ms.front().second;
        out.info["latency_bmax_ms"][k.name()] = k.latency_ms.back().second;
    }
    if (observer.log) {
        std::string line = "profiled in " + std::to_string(static_cast<int>(out.info["seconds"].get<double>())) +
                           " s with " + std::to_string(model_threads()) + " threads:";
        for (const Config& k : out.raw.configs)
            line += " " + k.name() + " acc " + std::to_string(k.accuracy).substr(0, 5) + " L(1) " +
                    std::to_string(k.latency_ms.front().second).substr(0, 5) + " ms;";
        observer.log(line);
    }
    return out;
}

MeasuredProfile cached_profile(models::ModelCache& cache, const std::string& model_key, const AvtServer& server,
                               const ProfilerOptions& o, const models::BuildObserver& observer) {
    const nlohmann::json recipe = {{"kind", "avt-profile"},
                                   {"format", 1},
                                   {"model", model_key},
                                   {"max_batch", o.max_batch},
                                   {"repeats", o.repeats},
                                   {"threads", model_threads()},
                                   {"clock", AvtServer::clock_name()},
                                   {"validation_samples", server.split().count()},
                                   {"host", host_name()},
                                   {"cpu", cpu_model()}};
    const auto entry = cache.obtain(
        recipe,
        [&](const fs::path& staging) {
            MeasuredProfile m = measure_profile(server, o, observer);
            save_profile_csv(m.profile, staging / "profile.csv");
            save_profile_csv(m.raw, staging / "raw.csv");  // medians as measured (may fall with b)
            return m.info;
        },
        observer);
    MeasuredProfile out;
    out.profile = read_profile_csv((entry.dir / "profile.csv").string());
    out.info = entry.info;
    out.info["cache_key"] = entry.key;
    out.info["csv"] = (entry.dir / "profile.csv").string();
    return out;
}

}  // namespace sextant::modality
