// What a plugin declares about itself: typed parameters, metrics, target kinds.
// The engine validates input, the CLI accepts --set and the GUI builds its editor form
// from these declarations alone.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace sextant {

enum class ParamType { Int, Float, Bool, String, Choice, List };

struct ParamDecl {
    std::string name;
    ParamType type = ParamType::Float;
    nlohmann::json default_value;  // must satisfy the declaration
    std::optional<double> min;     // Int/Float: inclusive bounds
    std::optional<double> max;
    std::vector<std::string> choices;  // Choice: allowed values; List: allowed items (empty = any)
    std::string unit;                  // "Gbps", "ms", "" ...
    std::string help;                  // one or two sentences, shown as tooltip and in --help
    std::string source;                // where a default number comes from (paper, assumption)
    bool log_scale = false;            // hint for editors and plots
};

enum class Better { Higher, Lower, Neither };
enum class MetricKind { Summary, Series };
// A headline metric is one of the few a reader looks at first: `sextant-cli list` and the
// GUI's runs table show an experiment's headline metrics by default, the rest on request.
enum class Headline { No, Yes };

struct MetricDecl {
    std::string name;
    std::string unit;
    Better better = Better::Neither;
    MetricKind kind = MetricKind::Summary;
    std::string help;
    bool headline = false;  // see Headline; a few per plugin
};

// What one run needs from a cluster node. A `cluster` target's cpus_per_run, gpus_per_run
// and mem_gb override these; the local target ignores them.
struct RunResources {
    int cpus = 1;
    int gpus = 0;
    double mem_gb = 0;  // 0: the cluster's default per job
};

struct PluginInfo {
    std::string id;       // stable, lowercase: "compression"
    std::string version;  // semantic version of the plugin's algorithms
    std::string name;     // human title
    std::string description;
    std::vector<ParamDecl> params;
    std::vector<MetricDecl> metrics;
    std::vector<std::string> targets;  // "local", "simulated", "cluster" (a plugin that
                                       // runs "local" runs on "cluster" nodes as well)
    RunResources resources;            // defaults for cluster runs
};

// Convenience builders keep plugin declarations short and readable.
inline ParamDecl int_param(std::string name, long long def, std::optional<double> min, std::optional<double> max,
                           std::string help, std::string unit = "") {
    return {std::move(name), ParamType::Int, def, min, max, {}, std::move(unit), std::move(help), {}, false};
}
inline ParamDecl float_param(std::string name, double def, std::optional<double> min, std::optional<double> max,
                             std::string help, std::string unit = "") {
    return {std::move(name), ParamType::Float, def, min, max, {}, std::move(unit), std::move(help), {}, false};
}
inline ParamDecl bool_param(std::string name, bool def, std::string help) {
    return {std::move(name), ParamType::Bool, def, {}, {}, {}, "", std::move(help), {}, false};
}
inline ParamDecl string_param(std::string name, std::string def, std::string help) {
    return {std::move(name), ParamType::String, def, {}, {}, {}, "", std::move(help), {}, false};
}
inline ParamDecl choice_param(std::string name, std::string def, std::vector<std::string> choices, std::string help) {
    return {std::move(name), ParamType::Choice, def, {}, {}, std::move(choices), "", std::move(help), {}, false};
}
inline MetricDecl summary_metric(std::string name, std::string unit, Better better, std::string help = "",
                                 Headline headline = Headline::No) {
    return {std::move(name), std::move(unit), better, MetricKind::Summary, std::move(help), headline == Headline::Yes};
}
inline MetricDecl series_metric(std::string name, std::string unit, Better better, std::string help = "",
                                Headline headline = Headline::No) {
    return {std::move(name), std::move(unit), better, MetricKind::Series, std::move(help), headline == Headline::Yes};
}

inline const char* to_string(ParamType t) {
    switch (t) {
    case ParamType::Int: return "int";
    case ParamType::Float: return "float";
    case ParamType::Bool: return "bool";
    case ParamType::String: return "string";
    case ParamType::Choice: return "choice";
    case ParamType::List: return "list";
    }
    return "?";
}
inline const char* to_string(Better b) {
    switch (b) {
    case Better::Higher: return "higher";
    case Better::Lower: return "lower";
    case Better::Neither: return "neither";
    }
    return "?";
}
inline const char* to_string(MetricKind k) { return k == MetricKind::Series ? "series" : "summary"; }

}  // namespace sextant
