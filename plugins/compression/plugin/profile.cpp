#include "profile.hpp"

#include <nlohmann/json.hpp>

#include <dlfcn.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace sextant::compression_plugin {

namespace fs = std::filesystem;
using nlohmann::json;

std::uint64_t TensorProfile::row_size() const {
    std::uint64_t r = 1;
    for (std::size_t i = 1; i < shape.size(); ++i) r *= shape[i];
    return r;
}

std::uint64_t TensorProfile::size() const { return rows() * row_size(); }

std::uint64_t Profile::parameters() const {
    std::uint64_t n = 0;
    for (const auto& t : tensors) n += t.size();
    return n;
}

namespace {

[[noreturn]] void bad(const fs::path& file, const std::string& what) {
    throw std::runtime_error("profile " + file.string() + ": " + what);
}

const json& need(const fs::path& file, const json& j, const std::string& key, const std::string& where) {
    if (!j.is_object() || !j.contains(key)) bad(file, where + " has no '" + key + "'");
    return j.at(key);
}

Sourced sourced(const fs::path& file, const json& j, const std::string& key, const std::string& where) {
    const json& s = need(file, j, key, where);
    if (!s.is_object() || !s.contains("value") || !s["value"].is_number() || !s.contains("source") ||
        !s["source"].is_string() || s["source"].get<std::string>().empty())
        bad(file, where + "." + key + " must be {\"value\": number, \"source\": \"citation or 'assumption: ...'\"}");
    return {s["value"].get<double>(), s["source"].get<std::string>()};
}

}  // namespace

Profile load_profile(const fs::path& file) {
    std::ifstream in(file);
    if (!in) bad(file, "cannot open");
    json j;
    try {
        j = json::parse(in);
    } catch (const json::parse_error& e) {
        bad(file, std::string("not valid JSON: ") + e.what());
    }
    Profile p;
    p.file = file;
    p.id = need(file, j, "profile", "the file").get<std::string>();
    p.title = need(file, j, "title", "the file").get<std::string>();
    p.model_choice = j.value("model_choice", "");
    for (const auto& [k, v] : need(file, j, "sources", "the file").items()) p.sources[k] = v.get<std::string>();
    p.samples_per_worker = sourced(file, j, "samples_per_worker", "the file");
    p.value_scale = sourced(file, j, "value_scale", "the file");
    const json& tensors = need(file, j, "tensors", "the file");
    if (!tensors.is_array() || tensors.empty()) bad(file, "'tensors' must be a non-empty list");
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        const json& t = tensors[i];
        const std::string where = "tensors[" + std::to_string(i) + "]";
        TensorProfile tp;
        tp.name = need(file, t, "name", where).get<std::string>();
        const std::string named = where + " (" + tp.name + ")";
        tp.shape = need(file, t, "shape", named).get<std::vector<std::uint64_t>>();
        if (tp.shape.empty() || std::find(tp.shape.begin(), tp.shape.end(), 0u) != tp.shape.end())
            bad(file, named + ".shape must be a non-empty list of positive sizes");
        tp.kind = need(file, t, "kind", named).get<std::string>();
        tp.source = need(file, t, "source", named).get<std::string>();
        if (tp.kind == "embedding") {
            tp.lookups_per_sample = need(file, t, "lookups_per_sample", named).get<double>();
            tp.zipf = sourced(file, t, "zipf", named);
            if (tp.lookups_per_sample <= 0 || tp.zipf.value < 0)
                bad(file, named + ": lookups_per_sample must be > 0 and zipf >= 0");
        } else if (tp.kind == "prefix") {
            tp.rows_touched = sourced(file, t, "rows_touched", named);
            if (tp.rows_touched.value < 1 || tp.rows_touched.value > static_cast<double>(tp.rows()))
                bad(file, named + ".rows_touched must be between 1 and the row count");
        } else if (tp.kind == "measured") {
            tp.worker_density = sourced(file, t, "worker_density", named);
            tp.union_density = sourced(file, t, "union_density", named);
            const json& k = need(file, t, "workers", named);
            if (!k.is_number_integer() || k.get<long long>() < 1) bad(file, named + ".workers must be an integer >= 1");
            tp.measured_workers = k.get<std::size_t>();
            tp.by_rows = t.value("embedding", false);
            const double wd = tp.worker_density.value, ud = tp.union_density.value;
            if (!(wd >= 0 && wd <= 1) || !(ud >= 0 && ud <= 1) || ud < wd - 1e-12)
                bad(file, named + ": need 0 <= worker_density <= union_density <= 1, got " + std::to_string(wd) +
                              " and " + std::to_string(ud));
        } else if (tp.kind != "dense") {
            bad(file, named + ".kind '" + tp.kind + "' is not dense, embedding, prefix or measured");
        }
        p.tensors.push_back(std::move(tp));
    }
    return p;
}

std::vector<fs::path> profile_dirs() {
    std::vector<fs::path> dirs;
    if (const char* env = std::getenv("SEXTANT_COMPRESSION_PROFILES")) dirs.emplace_back(env);
#ifdef SEXTANT_COMPRESSION_PROFILE_SOURCE_DIR
    dirs.emplace_back(SEXTANT_COMPRESSION_PROFILE_SOURCE_DIR);
#endif
#ifdef SEXTANT_COMPRESSION_PROFILES_FROM_PLUGIN_DIR
    // Installed: the same relative path as from the plugin install dir to the data dir.
    Dl_info info{};
    if (dladdr(reinterpret_cast<void*>(&profile_dirs), &info) && info.dli_fname)
        dirs.push_back(
            (fs::path(info.dli_fname).parent_path() / SEXTANT_COMPRESSION_PROFILES_FROM_PLUGIN_DIR).lexically_normal());
#endif
    return dirs;
}

std::vector<std::string> available_profiles() {
    std::vector<std::string> ids;
    for (const auto& dir : profile_dirs()) {
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(dir, ec))
            if (e.path().extension() == ".json") ids.push_back(e.path().stem().string());
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

Profile find_profile(const std::string& id) {
    for (const auto& dir : profile_dirs()) {
        const fs::path file = dir / (id + ".json");
        if (fs::exists(file)) return load_profile(file);
    }
    std::string known;
    for (const auto& p : available_profiles()) known += (known.empty() ? "" : ", ") + p;
    std::string searched;
    for (const auto& d : profile_dirs()) searched += (searched.empty() ? "" : ", ") + d.string();
    throw std::runtime_error("profile '" + id + "' not found (available: " + (known.empty() ? "none" : known) +
                             "; searched " + searched + ")");
}

double measured_pool(double wd, double ud, std::size_t workers) {
    if (wd <= 0) return 0;
    auto union_of = [&](double pool) {
        return pool * -std::expm1(static_cast<double>(workers) * std::log1p(-wd / pool));
    };
    double lo = wd, hi = 1.0;  // union_of grows with the pool: wd at pool = wd, 1 - (1 - wd)^K at 1
    if (ud <= union_of(lo)) return lo;
    if (ud >= union_of(hi)) return hi;
    for (int i = 0; i < 100; ++i) {
        const double mid = 0.5 * (lo + hi);
        (union_of(mid) < ud ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

double expected_density(const Profile& profile, const TensorProfile& t, std::size_t workers, double dense_keep) {
    if (t.kind == "dense") return 1.0 - std::pow(1.0 - dense_keep, static_cast<double>(workers));
    if (t.kind == "measured") {
        const double wd = t.worker_density.value;
        const double pool = measured_pool(wd, t.union_density.value, t.measured_workers);
        return pool > 0 ? pool * -std::expm1(static_cast<double>(workers) * std::log1p(-wd / pool)) : 0.0;
    }
    if (t.kind == "prefix") return t.rows_touched.value / static_cast<double>(t.rows());
    // Embedding: Zipf(s) row popularity; E[distinct rows] = sum_i 1 - (1 - p_i)^draws.
    const double draws = static_cast<double>(workers) * profile.samples_per_worker.value * t.lookups_per_sample;
    const std::uint64_t V = t.rows();
    double norm = 0;
    for (std::uint64_t i = 1; i <= V; ++i) norm += std::pow(static_cast<double>(i), -t.zipf.value);
    double distinct = 0;
    for (std::uint64_t i = 1; i <= V; ++i) {
        const double p = std::pow(static_cast<double>(i), -t.zipf.value) / norm;
        distinct += -std::expm1(draws * std::log1p(-p));
    }
    return distinct / static_cast<double>(V);
}

}  // namespace sextant::compression_plugin
