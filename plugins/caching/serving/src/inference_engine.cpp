#include "caching/inference_engine.hpp"

#include "caching/calibration.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <stdexcept>

namespace caching {

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
double cpu_now() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}
constexpr std::size_t kPixels = 28 * 28;

}  // namespace

InferenceEngine::InferenceEngine(StagedModel& model)
    : model_(model),
      rules_(static_cast<std::size_t>(model.stages())),
      points_(rules_.size()),
      stages_(rules_.size()),
      full_stages_(rules_.size()) {}

void InferenceEngine::set_rule(int stage, std::unique_ptr<ExitRule> rule) {
    if (stage < 0 || stage >= model_.stages())
        throw std::invalid_argument("no stage " + std::to_string(stage) + " in a model of " +
                                    std::to_string(model_.stages()));
    rules_[static_cast<std::size_t>(stage)] = std::move(rule);
}

std::vector<int> InferenceEngine::rule_stages() const {
    std::vector<int> out;
    for (std::size_t s = 0; s < rules_.size(); ++s)
        if (rules_[s]) out.push_back(static_cast<int>(s));
    return out;
}

void InferenceEngine::reset_stats() {
    points_.assign(rules_.size(), {});
    stages_.assign(rules_.size(), {});
    full_stages_.assign(rules_.size(), {});
}

std::size_t InferenceEngine::cache_bytes() const {
    std::size_t b = output_cache_ ? output_cache_->bytes() : 0;
    for (const auto& r : rules_)
        if (r) b += r->bytes();
    return b;
}

Served InferenceEngine::serve(std::span<const float> pixels) { return serve_batch(pixels, 1).front(); }
Served InferenceEngine::serve_full(std::span<const float> pixels) { return serve_full_batch(pixels, 1).front(); }

std::vector<Served> InferenceEngine::serve_batch(std::span<const float> pixels, std::size_t n) {
    const auto start = Clock::now();
    const double cpu0 = cpu_now();
    std::vector<Served> out(n);
    // Requests still in the batch, by their index in it (also their slot in the rules).
    std::vector<std::size_t> alive;
    std::span<const float> batch = pixels.subspan(0, n * kPixels);
    if (output_cache_) {
        for (std::size_t i = 0; i < n; ++i) {
            const auto t = Clock::now();
            const auto cached = output_cache_->lookup(pixels.subspan(i * kPixels, kPixels));
            out[i].lookup_s += since(t);
            if (cached) {
                out[i].label = *cached;
                out[i].latency_s = since(start);
                out[i].cpu_s = cpu_now() - cpu0;
            } else {
                alive.push_back(i);
            }
        }
        if (alive.empty()) return out;
        if (alive.size() < n) {
            gathered_.resize(alive.size() * kPixels);
            for (std::size_t j = 0; j < alive.size(); ++j)
                std::copy_n(pixels.begin() + static_cast<std::ptrdiff_t>(alive[j] * kPixels), kPixels,
                            gathered_.begin() + static_cast<std::ptrdiff_t>(j * kPixels));
            batch = gathered_;
        }
    } else {
        for (std::size_t i = 0; i < n; ++i) alive.push_back(i);
    }
    model_.start(batch, alive.size());
    const int stages = model_.stages();
    for (int s = 0; s < stages; ++s) {
        auto t = Clock::now();
        model_.run_stage(s);
        auto& st = stages_[static_cast<std::size_t>(s)];
        st.seconds += since(t);
        ++st.runs;
        for (std::size_t i : alive) out[i].blocks = s;
        auto& rule = rules_[static_cast<std::size_t>(s)];
        if (!rule) continue;
        const auto a = model_.activation();
        const std::size_t values = a.size() / alive.size();
        auto& p = points_[static_cast<std::size_t>(s)];
        std::vector<std::size_t> stay, rows;
        for (std::size_t j = 0; j < alive.size(); ++j) {
            const std::size_t i = alive[j];
            t = Clock::now();
            const Decision d = rule->check(a.subspan(j * values, values), i);
            const double dt = since(t);
            p.lookup_s += dt;
            ++p.visits;
            out[i].lookup_s += dt;
            if (d.hit) {
                ++p.hits;
                out[i].label = d.label;
                out[i].exit_stage = s;
                out[i].latency_s = since(start);
                out[i].cpu_s = cpu_now() - cpu0;
            } else {
                stay.push_back(i);
                rows.push_back(j);
            }
        }
        if (stay.empty()) return out;
        if (stay.size() < alive.size()) model_.keep(rows);  // the batch splits as requests exit
        alive = std::move(stay);
    }
    const auto labels = model_.predict();
    // Write-back: the whole network answered these, so every point may learn them.
    const auto t = Clock::now();
    for (std::size_t j = 0; j < alive.size(); ++j) {
        const std::size_t i = alive[j];
        out[i].label = labels[j];
        out[i].exit_stage = stages;
        if (output_cache_) output_cache_->insert(pixels.subspan(i * kPixels, kPixels), labels[j]);
        for (auto& rule : rules_)
            if (rule) rule->write_back(labels[j], i);
    }
    const double writeback = since(t) / static_cast<double>(alive.size());
    const double cpu = cpu_now() - cpu0;
    for (std::size_t i : alive) {
        out[i].lookup_s += writeback;
        out[i].latency_s = since(start);
        out[i].cpu_s = cpu;
    }
    return out;
}

std::vector<Served> InferenceEngine::serve_full_batch(std::span<const float> pixels, std::size_t n) {
    const auto start = Clock::now();
    const double cpu0 = cpu_now();
    model_.start(pixels.subspan(0, n * kPixels), n);
    const int stages = model_.stages();
    for (int s = 0; s < stages; ++s) {
        const auto t = Clock::now();
        model_.run_stage(s);
        auto& st = full_stages_[static_cast<std::size_t>(s)];
        st.seconds += since(t);
        ++st.runs;
    }
    const auto labels = model_.predict();
    const double latency = since(start), cpu = cpu_now() - cpu0;
    std::vector<Served> out(n);
    for (std::size_t i = 0; i < n; ++i) {
        out[i].label = labels[i];
        out[i].exit_stage = stages;
        out[i].blocks = stages - 1;
        out[i].latency_s = latency;
        out[i].cpu_s = cpu;
    }
    return out;
}

Served InferenceEngine::serve_oracle(std::span<const float> pixels) {
    const int n = model_.stages();
    std::vector<double> elapsed(static_cast<std::size_t>(n)), cpu(static_cast<std::size_t>(n));
    std::vector<std::int64_t> labels(static_cast<std::size_t>(n), -1);
    double compute = 0, compute_cpu = 0;
    model_.start(pixels, 1);
    for (int s = 0; s < n; ++s) {
        const auto t = Clock::now();
        const double c = cpu_now();
        model_.run_stage(s);
        compute += since(t);
        compute_cpu += cpu_now() - c;
        elapsed[static_cast<std::size_t>(s)] = compute;
        cpu[static_cast<std::size_t>(s)] = compute_cpu;
        if (auto& rule = rules_[static_cast<std::size_t>(s)])
            labels[static_cast<std::size_t>(s)] = rule->check(model_.activation()).label;
    }
    const auto t = Clock::now();
    const double c = cpu_now();
    Served out;
    out.label = model_.predict().front();
    compute += since(t);
    out.exit_stage = n;
    out.blocks = n - 1;
    out.latency_s = compute;
    out.cpu_s = compute_cpu + cpu_now() - c;
    for (auto& rule : rules_)
        if (rule) rule->write_back(out.label);
    for (int s = 0; s < n; ++s)
        if (rules_[static_cast<std::size_t>(s)] && labels[static_cast<std::size_t>(s)] == out.label) {
            out.exit_stage = s;
            out.blocks = s;
            out.latency_s = elapsed[static_cast<std::size_t>(s)];
            out.cpu_s = cpu[static_cast<std::size_t>(s)];
            ++points_[static_cast<std::size_t>(s)].hits;
            break;
        }
    return out;
}

namespace {

// Runs n images through the model in batches; calls visit(stage, activations, rows, first)
// at every rule stage and done(predictions, first) after the head.
template <class Visit, class Done>
void forward_batches(InferenceEngine& engine, std::span<const float> pixels, std::size_t batch, Visit visit,
                     Done done) {
    StagedModel& model = engine.model();
    const std::size_t n = pixels.size() / kPixels;
    const auto stages = engine.rule_stages();
    for (std::size_t first = 0; first < n; first += batch) {
        const std::size_t rows = std::min(batch, n - first);
        model.start(pixels.subspan(first * kPixels, rows * kPixels), rows);
        for (int s = 0; s < model.stages(); ++s) {
            model.run_stage(s);
            if (engine.rule(s)) visit(s, model.activation(), rows, first);
        }
        done(model.predict(), first);
    }
}

}  // namespace

void build_rules(InferenceEngine& engine, std::span<const float> pixels, std::span<const std::int64_t> truth,
                 std::size_t batch) {
    const std::size_t n = pixels.size() / kPixels;
    if (truth.size() != n) throw std::invalid_argument("build_rules: images and labels differ in number");
    std::vector<std::vector<float>> features(static_cast<std::size_t>(engine.model().stages()));
    std::vector<std::int64_t> predicted(n);
    forward_batches(
        engine, pixels, batch,
        [&](int s, std::span<const float> a, std::size_t rows, std::size_t) {
            engine.rule(s)->features(a, rows, features[static_cast<std::size_t>(s)]);
        },
        [&](const std::vector<std::int64_t>& p, std::size_t first) {
            std::copy(p.begin(), p.end(), predicted.begin() + static_cast<std::ptrdiff_t>(first));
        });
    for (int s : engine.rule_stages()) engine.rule(s)->build(features[static_cast<std::size_t>(s)], predicted, truth);
}

CalibrationResult calibrate_rules(InferenceEngine& engine, std::span<const float> pixels, double eps,
                                  std::size_t min_hits, double confidence) {
    const std::size_t n = pixels.size() / kPixels;
    const auto stages = engine.rule_stages();
    const double off = std::numeric_limits<double>::infinity();
    for (int s : stages) engine.rule(s)->set_thresholds(off, off);
    StagedModel& model = engine.model();
    // Every rule's vote for every request, then the request written back.
    std::vector<std::vector<Decision>> decisions(static_cast<std::size_t>(model.stages()), std::vector<Decision>(n));
    std::vector<std::int64_t> full(n);
    for (std::size_t i = 0; i < n; ++i) {
        model.start(pixels.subspan(i * kPixels, kPixels), 1);
        for (int s = 0; s < model.stages(); ++s) {
            model.run_stage(s);
            if (auto* rule = engine.rule(s))
                decisions[static_cast<std::size_t>(s)][i] = rule->check(model.activation());
        }
        full[i] = model.predict().front();
        for (int s : stages) engine.rule(s)->write_back(full[i]);
    }

    CalibrationResult out;
    std::vector<bool> answered(n, false);
    std::size_t hits = 0, agree = 0;
    for (int s : stages) {
        const auto& d = decisions[static_cast<std::size_t>(s)];
        std::vector<Candidate> candidates;
        std::vector<double> nearest;
        for (std::size_t i = 0; i < n; ++i)
            if (!answered[i]) {
                candidates.push_back({d[i].confidence, d[i].nearest, d[i].label == full[i]});
                nearest.push_back(d[i].nearest);
            }
        std::sort(nearest.begin(), nearest.end());
        std::vector<double> deltas = {off};
        for (int q = 1; q < 20 && !nearest.empty(); ++q)
            deltas.push_back(nearest[nearest.size() * static_cast<std::size_t>(q) / 20]);
        Thresholds best;
        for (double delta : deltas) {
            const Thresholds t = calibrate(candidates, eps, delta, min_hits, confidence);
            if (std::isfinite(t.theta) && (!std::isfinite(best.theta) || t.hit_rate > best.hit_rate)) best = t;
        }
        engine.rule(s)->set_thresholds(best.theta, best.delta);
        std::size_t here = 0;
        for (std::size_t i = 0; i < n; ++i)
            if (!answered[i] && d[i].confidence >= best.theta && d[i].nearest <= best.delta) {
                answered[i] = true;
                ++here;
                agree += d[i].label == full[i] ? 1 : 0;
            }
        hits += here;
        out.stages.push_back(s);
        out.theta.push_back(best.theta);
        out.delta.push_back(best.delta);
        out.hit_rate.push_back(n ? static_cast<double>(here) / static_cast<double>(n) : 0);
    }
    out.hit_rate_total = n ? static_cast<double>(hits) / static_cast<double>(n) : 0;
    out.agreement = hits ? static_cast<double>(agree) / static_cast<double>(hits) : 1;
    return out;
}

}  // namespace caching
