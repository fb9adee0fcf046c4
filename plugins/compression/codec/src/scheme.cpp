#include "compression/scheme.hpp"

#include "compression/baselines.hpp"
#include "compression/lhc.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace compression {

std::uint64_t Report::bytes_sent() const {
    std::uint64_t b = 0;
    for (const auto& r : rounds) b += r.bytes_sent;
    return b;
}

std::uint64_t Report::bytes_received() const {
    std::uint64_t b = 0;
    for (const auto& r : rounds) b += r.bytes_received;
    return b;
}

bool Report::switch_aggregatable() const {
    for (const auto& r : rounds)
        if (!switch_can(r.op)) return false;
    return true;
}

Report& Report::operator+=(const Report& o) {
    rounds.insert(rounds.end(), o.rounds.begin(), o.rounds.end());
    timing.encode_s += o.timing.encode_s;
    timing.aggregate_s += o.timing.aggregate_s;
    timing.decode_s += o.timing.decode_s;
    values += o.values;
    workers = std::max(workers, o.workers);
    union_nonzeros += o.union_nonzeros;
    candidates += o.candidates;
    sketch_cells += o.sketch_cells;
    peel_failures += o.peel_failures;
    repaired += o.repaired;
    repairs += o.repairs;
    return *this;
}

const std::vector<std::string>& scheme_names() {
    static const std::vector<std::string> names{"lhc",  "lhc-union", "lhc-aligned", "dense", "dense-int",
                                                "topk", "thc",       "omnireduce",  "fp16"};
    return names;
}

bool lhc_variant(const std::string& scheme, LhcVariant& variant) {
    if (scheme == "lhc") variant = LhcVariant::one_pass;
    else if (scheme == "lhc-union") variant = LhcVariant::union_sized;
    else if (scheme == "lhc-aligned") variant = LhcVariant::aligned;
    else return false;
    return true;
}

SketchEstimate parse_sketch_estimate(const std::string& t) {
    if (t == "previous") return SketchEstimate::previous;
    if (t == "ratio") return SketchEstimate::ratio;
    throw std::invalid_argument("unknown sketch estimate '" + t + "'; expected previous or ratio");
}

const char* to_string(SketchEstimate e) { return e == SketchEstimate::previous ? "previous" : "ratio"; }

static std::string joined(const std::vector<std::string>& items) {
    std::string s;
    for (const auto& i : items) s += (s.empty() ? "" : ", ") + i;
    return s;
}

std::unique_ptr<Scheme> make_scheme(const SchemeConfig& c) {
    if (!(c.load_factor >= 0.1 && c.load_factor <= 100))
        throw std::invalid_argument("load_factor must be in [0.1, 100] sketch cells per candidate, got " +
                                    std::to_string(c.load_factor));
    if (c.hashes < 2 || c.hashes > 8)
        throw std::invalid_argument("hashes must be in [2, 8], got " + std::to_string(c.hashes));
    if (!(c.sketch_ratio >= 1 && c.sketch_ratio <= 1e6))
        throw std::invalid_argument("sketch_ratio must be in [1, 1e6] dense values per sketch cell, got " +
                                    std::to_string(c.sketch_ratio));
    if (LhcVariant v; lhc_variant(c.scheme, v)) return std::make_unique<LhcScheme>(c);
    if (c.scheme == "dense") return std::make_unique<DenseScheme>();
    if (c.scheme == "dense-int") return std::make_unique<DenseIntScheme>();
    if (c.scheme == "fp16") return std::make_unique<Fp16Scheme>();
    if (c.scheme == "topk") {
        if (!(c.topk_fraction > 0 && c.topk_fraction <= 1))
            throw std::invalid_argument("topk_fraction must be in (0, 1], got " + std::to_string(c.topk_fraction));
        return std::make_unique<TopkScheme>(c.topk_fraction);
    }
    if (c.scheme == "thc") {
        if (c.thc_bits < 1 || c.thc_bits > 8)
            throw std::invalid_argument("thc_bits must be in [1, 8], got " + std::to_string(c.thc_bits));
        return std::make_unique<ThcScheme>(c.thc_bits, c.seed);
    }
    if (c.scheme == "omnireduce") {
        if (c.block_size < 1 || c.block_size > (1u << 20))
            throw std::invalid_argument("block_size must be in [1, 1048576], got " + std::to_string(c.block_size));
        return std::make_unique<OmniReduceScheme>(c.block_size);
    }
    throw std::invalid_argument("unknown scheme '" + c.scheme + "'; expected one of: " + joined(scheme_names()));
}

ValueMode parse_value_mode(const std::string& t) {
    if (t == "int") return ValueMode::int32;
    if (t == "float") return ValueMode::float32;
    throw std::invalid_argument("unknown value mode '" + t + "'; expected int or float");
}

IndexKind parse_index_kind(const std::string& t) {
    if (t == "bitmap") return IndexKind::bitmap;
    if (t == "bloom") return IndexKind::bloom;
    throw std::invalid_argument("unknown index kind '" + t + "'; expected bitmap or bloom");
}

const char* to_string(ValueMode m) { return m == ValueMode::int32 ? "int" : "float"; }
const char* to_string(IndexKind k) { return k == IndexKind::bitmap ? "bitmap" : "bloom"; }

Result aggregate(Scheme& scheme, const std::vector<std::vector<float>>& workers) {
    std::vector<std::span<const float>> views(workers.begin(), workers.end());
    Result r;
    r.sum.resize(workers.empty() ? 0 : workers[0].size());
    r.report = scheme.aggregate(views, r.sum);
    return r;
}

void throw_not_finite(std::size_t worker, std::size_t position, float value) {
    throw_not_finite("worker " + std::to_string(worker), position, value);
}

void throw_not_finite(const std::string& who, std::size_t position, float value) {
    std::ostringstream s;
    s << who << " has a non-finite value (" << value << ") at position " << position << "; gradients must be finite";
    throw std::invalid_argument(s.str());
}

void check_inputs(std::span<const std::span<const float>> workers, std::span<float> out, bool check_finite) {
    if (workers.empty()) throw std::invalid_argument("no workers: at least one gradient is needed");
    const std::size_t n = workers[0].size();
    if (n >= (std::size_t{1} << 32) - 1)
        throw std::invalid_argument("gradient of " + std::to_string(n) + " values is too long (limit 2^32 - 2)");
    for (std::size_t w = 0; w < workers.size(); ++w)
        if (workers[w].size() != n)
            throw std::invalid_argument("worker " + std::to_string(w) + " has " + std::to_string(workers[w].size()) +
                                        " values but worker 0 has " + std::to_string(n) + "; all must be equal");
    if (out.size() != n)
        throw std::invalid_argument("output has " + std::to_string(out.size()) + " values, expected " +
                                    std::to_string(n));
    if (!check_finite) return;
    for (std::size_t w = 0; w < workers.size(); ++w)
        for (std::size_t i = 0; i < n; ++i)
            if (!std::isfinite(workers[w][i])) throw_not_finite(w, i, workers[w][i]);
}

}  // namespace compression

namespace compression {

std::size_t union_count(std::span<const std::span<const float>> workers) {
    if (workers.empty()) return 0;
    std::size_t count = 0;
    for (std::size_t i = 0; i < workers[0].size(); ++i)
        for (const auto& x : workers)
            if (x[i] != 0.0f) {
                ++count;
                break;
            }
    return count;
}

}  // namespace compression
