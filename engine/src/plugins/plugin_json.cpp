#include "plugins/plugin_json.hpp"

namespace sextant {

using nlohmann::json;

namespace {

template <typename Enum>
Enum parse_enum(const std::string& text, std::initializer_list<Enum> values) {
    for (Enum v : values)
        if (text == to_string(v)) return v;
    throw std::invalid_argument("unknown value '" + text + "'");
}

}  // namespace

json to_json(const PluginInfo& info) {
    json params = json::array();
    for (const auto& p : info.params) {
        json j = {{"name", p.name},
                  {"type", to_string(p.type)},
                  {"default", p.default_value},
                  {"unit", p.unit},
                  {"help", p.help}};
        if (p.min) j["min"] = *p.min;
        if (p.max) j["max"] = *p.max;
        if (!p.choices.empty()) j["choices"] = p.choices;
        if (!p.source.empty()) j["source"] = p.source;
        if (p.log_scale) j["log_scale"] = true;
        params.push_back(std::move(j));
    }
    json metrics = json::array();
    for (const auto& m : info.metrics)
        metrics.push_back({{"name", m.name},
                           {"unit", m.unit},
                           {"better", to_string(m.better)},
                           {"kind", to_string(m.kind)},
                           {"help", m.help},
                           {"headline", m.headline}});
    return {{"id", info.id},
            {"version", info.version},
            {"name", info.name},
            {"description", info.description},
            {"params", params},
            {"metrics", metrics},
            {"targets", info.targets},
            {"resources",
             {{"cpus", info.resources.cpus}, {"gpus", info.resources.gpus}, {"mem_gb", info.resources.mem_gb}}}};
}

PluginInfo plugin_info_from_json(const json& doc) {
    PluginInfo info;
    info.id = doc.at("id");
    info.version = doc.at("version");
    info.name = doc.value("name", info.id);
    info.description = doc.value("description", "");
    info.targets = doc.value("targets", std::vector<std::string>{});
    if (doc.contains("resources")) {
        const auto& r = doc["resources"];
        info.resources = {r.value("cpus", 1), r.value("gpus", 0), r.value("mem_gb", 0.0)};
    }
    for (const auto& j : doc.at("params")) {
        ParamDecl p;
        p.name = j.at("name");
        p.type = parse_enum<ParamType>(j.at("type"), {ParamType::Int, ParamType::Float, ParamType::Bool,
                                                      ParamType::String, ParamType::Choice, ParamType::List});
        p.default_value = j.value("default", json());
        if (j.contains("min")) p.min = j["min"].get<double>();
        if (j.contains("max")) p.max = j["max"].get<double>();
        p.choices = j.value("choices", std::vector<std::string>{});
        p.unit = j.value("unit", "");
        p.help = j.value("help", "");
        p.source = j.value("source", "");
        p.log_scale = j.value("log_scale", false);
        info.params.push_back(std::move(p));
    }
    for (const auto& j : doc.at("metrics")) {
        MetricDecl m;
        m.name = j.at("name");
        m.unit = j.value("unit", "");
        m.better = parse_enum<Better>(j.value("better", "neither"), {Better::Higher, Better::Lower, Better::Neither});
        m.kind = parse_enum<MetricKind>(j.value("kind", "summary"), {MetricKind::Summary, MetricKind::Series});
        m.help = j.value("help", "");
        m.headline = j.value("headline", false);
        info.metrics.push_back(std::move(m));
    }
    return info;
}

}  // namespace sextant
