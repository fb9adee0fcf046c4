#include "scheduling/profiles.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sextant::scheduling {

extern const char* const kBuiltinModelsJson;  // generated from profiles/models.json

namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& origin, const std::string& where, const std::string& what) {
    throw std::invalid_argument(origin + ": " + where + ": " + what);
}

// Every number is {"value": x, "source": "..."}; a bare number is refused so that no
// figure enters the simulation without saying where it came from.
double sourced_number(const json& obj, const std::string& key, const std::string& origin, const std::string& where,
                      bool required, double fallback) {
    if (!obj.contains(key)) {
        if (required) fail(origin, where + "." + key, "missing (expected {\"value\": number, \"source\": text})");
        return fallback;
    }
    const json& v = obj.at(key);
    std::string at = where + "." + key;
    if (!v.is_object() || !v.contains("value") || !v.at("value").is_number())
        fail(origin, at, "expected {\"value\": number, \"source\": text}");
    if (!v.contains("source") || !v.at("source").is_string() || v.at("source").get<std::string>().empty())
        fail(origin, at + ".source", "missing: say where the number comes from or mark it 'assumption'");
    double x = v.at("value").get<double>();
    if (!(x >= 0)) fail(origin, at + ".value", "expected a non-negative number");
    return x;
}

// {"backward": {"value": [{"compute_ms": x, "gradients": f}, ...], "source": "..."}}
std::vector<BackwardBucket> backward_buckets(const json& seg, const std::string& origin, const std::string& where) {
    const std::string at = where + ".backward";
    const json& v = seg.at("backward");
    if (!v.is_object() || !v.contains("value") || !v.at("value").is_array() || v.at("value").empty())
        fail(origin, at,
             "expected {\"value\": [{\"compute_ms\": ms, \"gradients\": fraction}, ...], \"source\": text}");
    if (!v.contains("source") || !v.at("source").is_string() || v.at("source").get<std::string>().empty())
        fail(origin, at + ".source", "missing: say where the buckets come from or mark them 'assumption'");
    std::vector<BackwardBucket> out;
    double total = 0;
    const json& list = v.at("value");
    for (size_t b = 0; b < list.size(); ++b) {
        const std::string bw = at + ".value[" + std::to_string(b) + "]";
        const json& e = list[b];
        if (!e.is_object() || !e.contains("compute_ms") || !e.at("compute_ms").is_number() ||
            !e.contains("gradients") || !e.at("gradients").is_number())
            fail(origin, bw, "expected {\"compute_ms\": ms, \"gradients\": fraction}");
        BackwardBucket k{e.at("compute_ms").get<double>(), e.at("gradients").get<double>()};
        if (!(k.compute_ms >= 0)) fail(origin, bw + ".compute_ms", "expected a non-negative number");
        if (!(k.gradients >= 0 && k.gradients <= 1)) fail(origin, bw + ".gradients", "expected a fraction in [0, 1]");
        total += k.gradients;
        out.push_back(k);
    }
    if (total > 1 + 1e-6)
        fail(origin, at + ".value", "the buckets' gradients add up to " + std::to_string(total) + " (expected <= 1)");
    return out;
}

}  // namespace

std::string normalise_model_name(const std::string& name) {
    std::string out;
    for (char c : name) {
        if (c == '(') break;  // Gavel-style "ResNet-50 (batch size 64)"
        if (std::isalnum(static_cast<unsigned char>(c)))
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

ProfileTable ProfileTable::parse(const std::string& text, const std::string& origin) {
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::parse_error& e) {
        throw std::invalid_argument(origin + ": not valid JSON: " + e.what());
    }
    if (!doc.is_object() || !doc.contains("models") || !doc.at("models").is_array())
        fail(origin, "models", "expected an array of model profiles");
    ProfileTable table;
    const json& models = doc.at("models");
    for (size_t i = 0; i < models.size(); ++i) {
        const json& m = models[i];
        std::string where = "models[" + std::to_string(i) + "]";
        if (!m.is_object()) fail(origin, where, "expected an object");
        ModelProfile p;
        if (!m.contains("name") || !m.at("name").is_string()) fail(origin, where + ".name", "expected a string");
        p.name = m.at("name").get<std::string>();
        where += " (" + p.name + ")";
        p.parallelism = m.value("parallelism", std::string("data"));
        if (p.parallelism != "data" && p.parallelism != "hybrid")
            fail(origin, where + ".parallelism", "expected 'data' or 'hybrid'");
        p.parameters_millions = sourced_number(m, "parameters_millions", origin, where, true, 0);
        p.gradient_bytes = sourced_number(m, "gradient_bytes", origin, where, true, 4);
        p.pipeline_stages = sourced_number(m, "pipeline_stages", origin, where, false, 1);
        if (p.pipeline_stages < 1) fail(origin, where + ".pipeline_stages.value", "expected >= 1");
        p.max_gbps = sourced_number(m, "max_gbps", origin, where, false, 0);
        if (!m.contains("iteration") || !m.at("iteration").is_array() || m.at("iteration").empty())
            fail(origin, where + ".iteration", "expected a non-empty array of segments");
        const json& segs = m.at("iteration");
        for (size_t k = 0; k < segs.size(); ++k) {
            std::string sw = where + ".iteration[" + std::to_string(k) + "]";
            const json& s = segs[k];
            if (!s.is_object() || s.size() != 1)
                fail(origin, sw,
                     "expected one of {\"compute_ms\": ..}, {\"allreduce\": ..}, {\"transfer_mb\": ..}, "
                     "{\"backward\": ..}");
            ProfileSegment seg;
            if (s.contains("compute_ms")) {
                seg.kind = ProfileSegment::Kind::Compute;
                seg.value = sourced_number(s, "compute_ms", origin, sw, true, 0);
            } else if (s.contains("allreduce")) {
                seg.kind = ProfileSegment::Kind::AllReduce;
                seg.value = sourced_number(s, "allreduce", origin, sw, true, 0);
                if (seg.value > 1)
                    fail(origin, sw + ".allreduce.value", "expected a fraction of the gradients in [0, 1]");
            } else if (s.contains("transfer_mb")) {
                seg.kind = ProfileSegment::Kind::Transfer;
                seg.value = sourced_number(s, "transfer_mb", origin, sw, true, 0);
            } else if (s.contains("backward")) {
                seg.kind = ProfileSegment::Kind::Backward;
                seg.buckets = backward_buckets(s, origin, sw);
            } else {
                fail(origin, sw,
                     "unknown segment '" + s.begin().key() +
                         "' (expected compute_ms, allreduce, transfer_mb or backward)");
            }
            p.iteration.push_back(seg);
        }
        if (table.find(p.name)) fail(origin, where + ".name", "duplicate model name");
        table.models_.push_back(std::move(p));
    }
    if (table.models_.empty()) fail(origin, "models", "no model profiles");
    return table;
}

ProfileTable ProfileTable::load(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw std::invalid_argument(file.string() + ": cannot open the model profile file");
    std::stringstream buf;
    buf << in.rdbuf();
    return parse(buf.str(), file.string());
}

const ProfileTable& ProfileTable::builtin() {
    static const ProfileTable table = parse(kBuiltinModelsJson, "profiles/models.json (built in)");
    return table;
}

const ModelProfile* ProfileTable::find(const std::string& name) const {
    std::string key = normalise_model_name(name);
    for (const auto& m : models_)
        if (normalise_model_name(m.name) == key) return &m;
    return nullptr;
}

std::string ProfileTable::names() const {
    std::string out;
    for (const auto& m : models_) out += (out.empty() ? "" : ", ") + m.name;
    return out;
}

}  // namespace sextant::scheduling
