#include "caching/study.hpp"
#include "caching/setting_conflicts.hpp"

#include <models/backbone.hpp>
#include <models/fashion_mnist.hpp>

#include <algorithm>
#include <numeric>
#include <chrono>
#include <stdexcept>

namespace caching {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kPixels = 28 * 28;

const std::vector<std::pair<Method, const char*>> kMethods = {
    {Method::freeze, "freeze"},   {Method::early_exit, "early-exit"},
    {Method::learned, "learned"}, {Method::output_cache, "output-cache"},
    {Method::none, "none"},       {Method::oracle, "oracle"}};

int stage_of(const StagedModel& model, const std::string& name) {
    std::string known;
    for (int s = 0; s < model.stages(); ++s) {
        if (model.stage_name(s) == name) return s;
        known += (s ? ", " : "") + model.stage_name(s);
    }
    throw std::invalid_argument("points: this architecture has no stage '" + name + "' (it has " + known + ")");
}

double percentile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const double pos = q * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(pos);
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

// Mean of the smallest `keep` share of v (at least one value).
double trimmed_mean(std::vector<double> v, double keep) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const auto n = std::max<std::size_t>(1, static_cast<std::size_t>(keep * static_cast<double>(v.size())));
    return std::accumulate(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n), 0.0) / static_cast<double>(n);
}

bool uses_cache_points(Method m) {
    return m == Method::freeze || m == Method::early_exit || m == Method::learned || m == Method::oracle;
}

}  // namespace

const char* to_string(Method m) {
    for (const auto& [k, name] : kMethods)
        if (k == m) return name;
    return "?";
}

Method method_from_string(const std::string& name) {
    for (const auto& [k, n] : kMethods)
        if (name == n) return k;
    throw std::invalid_argument("unknown method '" + name +
                                "' (expected freeze, early-exit, learned, output-cache, none or oracle)");
}

std::vector<SettingConflict> setting_conflicts(const StudyConfig& c) {
    std::vector<SettingConflict> out;
    const auto k = static_cast<std::size_t>(std::max(c.freeze.cache.k, 0));
    if (c.freeze.cache.capacity != 0 && c.freeze.cache.capacity < k)
        out.push_back({{"capacity", "k"},
                       "capacity 0 (unbounded) or at least k = " + std::to_string(k) + " entries per cache, got " +
                           std::to_string(c.freeze.cache.capacity)});
    if (c.batch > 1 && c.method == Method::oracle)
        out.push_back({{"batch", "method"}, "batch 1 with method oracle (it needs every request's own stage times)"});
    const auto stages = models::stage_names(models::architecture_from_string(c.backbone.arch));
    for (const auto& point : c.points)
        if (std::find(stages.begin(), stages.end(), point) == stages.end()) {
            std::string known;
            for (const auto& s : stages) known += (known.empty() ? "" : ", ") + s;
            out.push_back(
                {{"points", "arch"}, "stages of " + c.backbone.arch + " (" + known + "), got '" + point + "'"});
            break;
        }
    if (uses_cache_points(c.method) && c.points.empty())
        out.push_back({{"points", "method"},
                       "at least one cache point with method " + std::string(to_string(c.method)) +
                           " (none and output-cache need none)"});
    return out;
}

StudyResult run_study(const StudyConfig& c, const StudyHooks& hooks) {
    const auto say = [&](const std::string& m) {
        if (hooks.log) hooks.log(m);
    };
    const auto progress = [&](double f, const std::string& m) {
        if (hooks.progress) hooks.progress(f, m);
    };
    const auto stop = [&] { return hooks.cancelled && hooks.cancelled(); };
    const auto setup_start = Clock::now();
    if (c.freeze.cache.k < 1) throw std::invalid_argument("k must be >= 1, got " + std::to_string(c.freeze.cache.k));
    if (!(c.eps >= 0 && c.eps < 1)) throw std::invalid_argument("eps must be in [0, 1)");
    if (c.batch < 1) throw std::invalid_argument("batch must be >= 1");
    if (const auto conflicts = setting_conflicts(c); !conflicts.empty()) {
        std::string names;
        for (const auto& p : conflicts.front().params) names += (names.empty() ? "" : ", ") + p;
        throw std::invalid_argument(names + ": expected " + conflicts.front().expected);
    }

    set_model_threads(c.threads);
    models::ModelCache cache(c.model_cache_dir.empty() ? models::ModelCache::default_dir()
                                                       : std::filesystem::path(c.model_cache_dir));
    models::BuildObserver observer;
    observer.progress = [&](double f, const std::string& m) { progress(0.5 * f, m); };
    observer.log = say;
    observer.cancelled = stop;
    auto backbone = obtain_backbone(c.backbone, cache, c.dataset_dir, observer, c.evaluation_images);
    StagedModel& model = *backbone.model;
    if (backbone.trained_now) say("trained the backbone into the model cache (" + backbone.key + ")");
    const auto data =
        models::load_fashion_mnist_split(c.dataset_dir, c.fill_images, c.calibration_images, c.test_images);

    StudyResult r;
    r.model_info = backbone.info;
    r.stages = model.stages();
    for (int s = 0; s < r.stages; ++s) r.stage_names.push_back(model.stage_name(s));

    InferenceEngine engine(model);
    if (uses_cache_points(c.method)) {
        for (const auto& name : c.points) {
            const int s = stage_of(model, name);
            if (c.method == Method::freeze || c.method == Method::oracle) {
                FreezeOptions f = c.freeze;
                f.seed = c.freeze.seed + static_cast<std::uint64_t>(s);
                if (c.method == Method::oracle) f.cache.index = IndexKind::flat;  // exact kNN
                engine.set_rule(s, make_freeze_rule(model.shape(s), f));
            } else {
                HeadRuleOptions h = c.head;
                h.style = c.method == Method::early_exit ? HeadStyle::early_exit : HeadStyle::learned;
                engine.set_rule(s, make_head_rule(model.shape(s), h));
            }
        }
        progress(0.5, "building " + std::string(to_string(c.method)) + " from " + std::to_string(data.train.count) +
                          " training images");
        auto t = Clock::now();
        build_rules(engine, data.train.pixels, data.train.labels);
        say("built in " + std::to_string(std::chrono::duration<double>(Clock::now() - t).count()) + " s");
        if (c.method != Method::oracle) {
            // The calibration stream: validation images drawn like the workload (its own seed).
            StreamOptions cs = c.stream;
            cs.requests = c.calibration_requests;
            cs.seed = c.stream.seed ^ 0x9e3779b97f4a7c15ULL;
            const auto cal = make_stream(cs, data.validation.count);
            std::vector<float> pixels(cal.size() * kPixels);
            for (std::size_t i = 0; i < cal.size(); ++i)
                render(cal[i], std::span<const float>(data.validation.pixels).subspan(cal[i].image * kPixels, kPixels),
                       28, 28, cs.noise, std::span<float>(pixels).subspan(i * kPixels, kPixels));
            progress(0.55, "calibrating on " + std::to_string(cal.size()) + " requests over " +
                               std::to_string(data.validation.count) + " validation images");
            t = Clock::now();
            r.calibration = calibrate_rules(engine, pixels, c.eps, 10, c.calibration_confidence);
            say("calibrated in " + std::to_string(std::chrono::duration<double>(Clock::now() - t).count()) + " s");
            for (std::size_t i = 0; i < r.calibration.stages.size(); ++i)
                say(model.stage_name(r.calibration.stages[i]) + ": theta " + std::to_string(r.calibration.theta[i]) +
                    ", delta " + std::to_string(r.calibration.delta[i]) + ", answers " +
                    std::to_string(r.calibration.hit_rate[i]) + " of the calibration images");
        }
    }
    if (c.method == Method::output_cache) engine.set_output_cache(std::make_unique<OutputCache>(c.output_capacity));

    StreamOptions so = c.stream;
    const auto stream = make_stream(so, data.test.count);
    std::vector<float> px(c.batch * kPixels);
    // Requests [first, first + n) into px.
    const auto render_batch = [&](std::size_t first, std::size_t n) {
        for (std::size_t j = 0; j < n; ++j) {
            const Request& q = stream[first + j];
            render(q, std::span<const float>(data.test.pixels).subspan(q.image * kPixels, kPixels), 28, 28, so.noise,
                   std::span<float>(px).subspan(j * kPixels, kPixels));
        }
    };
    for (std::size_t i = 0; i + c.batch <= std::min(c.warmup_requests, stream.size()); i += c.batch) {
        render_batch(i, c.batch);
        engine.serve_full_batch(px, c.batch);
    }
    engine.reset_stats();
    r.setup_s = std::chrono::duration<double>(Clock::now() - setup_start).count();

    for (std::size_t first = 0, turn = 0; first < stream.size(); first += c.batch, ++turn) {
        if (stop()) {
            r.cancelled = true;
            return r;
        }
        const std::size_t n = std::min(c.batch, stream.size() - first);
        render_batch(first, n);
        // Alternate the order so neither pass always finds the other's data in the CPU caches.
        std::vector<Served> base, mine;
        const auto method_pass = [&] {
            return c.method == Method::oracle ? std::vector<Served>{engine.serve_oracle(px)}
                                              : engine.serve_batch(px, n);
        };
        if (turn % 2 == 0) {
            base = engine.serve_full_batch(px, n);
            mine = method_pass();
        } else {
            mine = method_pass();
            base = engine.serve_full_batch(px, n);
        }
        r.baseline.insert(r.baseline.end(), base.begin(), base.end());
        r.served.insert(r.served.end(), mine.begin(), mine.end());
        for (std::size_t j = 0; j < n; ++j) r.truth.push_back(data.test.labels[stream[first + j].image]);
        if (turn % 50 == 0)
            progress(0.6 + 0.4 * static_cast<double>(first) / static_cast<double>(stream.size()), "serving");
    }
    r.points = engine.point_stats();
    r.stage_times = engine.full_stage_stats();
    r.cache_bytes = engine.cache_bytes();
    for (int s : engine.rule_stages()) r.cache_entries += engine.rule(s)->entries();
    progress(1.0, "done");
    return r;
}

StudySummary summarise(const StudyResult& r) {
    StudySummary s;
    const std::size_t n = r.served.size();
    if (n == 0) return s;
    std::vector<double> mine, base, mine_cpu, base_cpu;
    double mine_cpu_total = 0, base_cpu_total = 0;
    double lookup = 0, total = 0;
    std::size_t correct = 0, base_correct = 0, agree = 0, half = 0, early = 0;
    double blocks = 0;
    const int max_blocks = r.stages - 1;
    s.exit_fraction.assign(static_cast<std::size_t>(max_blocks + 1), 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        const auto& m = r.served[i];
        const auto& b = r.baseline[i];
        mine.push_back(m.latency_s * 1e3);
        base.push_back(b.latency_s * 1e3);
        mine_cpu.push_back(m.cpu_s * 1e3);
        base_cpu.push_back(b.cpu_s * 1e3);
        mine_cpu_total += m.cpu_s;
        base_cpu_total += b.cpu_s;
        lookup += m.lookup_s;
        total += m.latency_s;
        correct += m.label == r.truth[i] ? 1 : 0;
        base_correct += b.label == r.truth[i] ? 1 : 0;
        agree += m.label == b.label ? 1 : 0;
        half += 2 * m.blocks <= max_blocks ? 1 : 0;
        early += m.exit_stage < r.stages ? 1 : 0;
        blocks += m.blocks;
        s.exit_fraction[static_cast<std::size_t>(m.blocks)] += 1.0 / static_cast<double>(n);
    }
    const double dn = static_cast<double>(n);
    s.latency_p50_ms = percentile(mine, 0.5);
    s.latency_p99_ms = percentile(mine, 0.99);
    s.baseline_p50_ms = percentile(base, 0.5);
    s.baseline_p99_ms = percentile(base, 0.99);
    for (double v : mine) s.latency_mean_ms += v / dn;
    for (double v : base) s.baseline_mean_ms += v / dn;
    s.speedup = s.latency_mean_ms > 0 ? s.baseline_mean_ms / s.latency_mean_ms : 0;
    s.speedup_p50 = s.latency_p50_ms > 0 ? s.baseline_p50_ms / s.latency_p50_ms : 0;
    s.cpu_p50_ms = percentile(mine_cpu, 0.5);
    s.baseline_cpu_p50_ms = percentile(base_cpu, 0.5);
    s.cpu_speedup = mine_cpu_total > 0 ? base_cpu_total / mine_cpu_total : 0;
    const double mine_trimmed = trimmed_mean(mine_cpu, 0.99);
    s.cpu_speedup_trimmed = mine_trimmed > 0 ? trimmed_mean(base_cpu, 0.99) / mine_trimmed : 0;
    s.accuracy = static_cast<double>(correct) / dn;
    s.baseline_accuracy = static_cast<double>(base_correct) / dn;
    s.agreement = static_cast<double>(agree) / dn;
    s.skip_half_fraction = static_cast<double>(half) / dn;
    s.mean_blocks = blocks / dn;
    s.early_fraction = static_cast<double>(early) / dn;
    s.lookup_share = total > 0 ? lookup / total : 0;
    return s;
}

}  // namespace caching
