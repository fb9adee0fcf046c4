#include "modality/metrics.hpp"

#include <algorithm>
#include <cmath>

namespace sextant::modality {

Summary summarize(const std::vector<Job>& jobs, const ServingResult& r) {
    Summary s;
    s.jobs = static_cast<int64_t>(jobs.size());
    if (jobs.empty()) return s;
    double first = jobs.front().arrival_s, last = first;
    int64_t good = 0, served_requests = 0, correct = 0, late = 0, rejected = 0, slo_miss = 0, served = 0, floor_met = 0;
    double planned = 0;
    std::vector<double> jct;
    for (size_t i = 0; i < jobs.size(); ++i) {
        const Job& j = jobs[i];
        const JobOutcome& o = r.jobs[i];
        s.requests += j.size;
        if (o.rejected) {
            ++rejected, ++slo_miss;
            continue;
        }
        ++served;
        last = std::max(last, o.finish_s);
        served_requests += j.size;
        correct += o.correct;
        planned += o.planned_accuracy * j.size;
        jct.push_back(o.finish_s - j.arrival_s);
        if (!o.on_time) ++late;
        if (o.floor_met) ++floor_met;
        if (o.on_time && o.floor_met) good += j.size;
        else ++slo_miss;
    }
    s.span_s = last - first;
    s.goodput_rps = s.span_s > 0 ? good / s.span_s : 0;
    s.deadline_miss_rate = static_cast<double>(late + rejected) / s.jobs;
    s.rejected_share = static_cast<double>(rejected) / s.jobs;
    s.slo_miss_rate = static_cast<double>(slo_miss) / s.jobs;
    s.floor_met_share = served ? static_cast<double>(floor_met) / served : 0;
    s.accuracy = served_requests ? static_cast<double>(correct) / served_requests : 0;
    s.planned_accuracy = served_requests ? planned / served_requests : 0;
    if (!jct.empty()) {
        double sum = 0;
        for (double x : jct) sum += x;
        s.jct_mean_s = sum / jct.size();
        auto pct = [&](double q) {
            size_t k = std::min(jct.size() - 1, static_cast<size_t>(std::ceil(q * jct.size())) - (q > 0 ? 1 : 0));
            std::nth_element(jct.begin(), jct.begin() + k, jct.end());
            return jct[k];
        };
        s.jct_p50_s = pct(0.5);
        s.jct_p99_s = pct(0.99);
    }
    s.decision_us = r.decisions ? r.decision_s / r.decisions * 1e6 : 0;
    int64_t total = 0;
    for (const auto& b : r.batches) s.mix[b.mask] += b.requests, total += b.requests;
    if (total)
        for (double& m : s.mix) m /= total;
    return s;
}

std::vector<std::array<double, 8>> mix_over_time(const ServingResult& r, double end_s, int bins) {
    std::vector<std::array<double, 8>> out(std::max(bins, 1));
    std::vector<double> totals(out.size(), 0);
    for (const auto& b : r.batches) {
        size_t k = end_s > 0 ? std::min(out.size() - 1, static_cast<size_t>(b.finish_s / end_s * out.size())) : 0;
        out[k][b.mask] += b.requests;
        totals[k] += b.requests;
    }
    for (size_t k = 0; k < out.size(); ++k)
        if (totals[k] > 0)
            for (double& m : out[k]) m /= totals[k];
    return out;
}

SloSearch throughput_at_slo(const std::function<Summary(double)>& run, double max_miss, double start, double limit,
                            int steps) {
    SloSearch s;
    auto ok = [&](double load) {
        ++s.evaluations;
        return run(load).slo_miss_rate <= max_miss;
    };
    double lo = 0, hi = start;
    while (hi <= limit && ok(hi)) lo = hi, hi *= 2;
    if (hi > limit) {
        s.load = lo;
        return s;
    }
    if (lo == 0) {  // even the start fails: search below it
        lo = start / 64;
        if (!ok(lo)) return s;
    }
    for (int i = 0; i < steps; ++i) {
        double mid = std::sqrt(lo * hi);
        (ok(mid) ? lo : hi) = mid;
    }
    s.load = lo;
    return s;
}

}  // namespace sextant::modality
