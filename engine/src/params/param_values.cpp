#include "params/param_values.hpp"

#include "util/closest_name.hpp"
#include "util/json_file.hpp"

#include <cmath>
#include <sstream>

namespace sextant {

namespace {

// Whole numbers in full ("10000000", not the stream's "1e+07": a user types the former),
// others as the stream writes them.
std::string number_text(double v) {
    if (std::trunc(v) == v && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
    std::ostringstream out;
    out << v;
    return out.str();
}

std::string range_text(const ParamDecl& d) {
    if (d.min && d.max) return " in [" + number_text(*d.min) + ", " + number_text(*d.max) + "]";
    if (d.min) return " >= " + number_text(*d.min);
    if (d.max) return " <= " + number_text(*d.max);
    return "";
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
}

bool in_range(const ParamDecl& d, double v) { return (!d.min || v >= *d.min) && (!d.max || v <= *d.max); }

std::vector<std::string> names_of(const PluginInfo& info) {
    std::vector<std::string> names;
    for (const auto& p : info.params) names.push_back(p.name);
    return names;
}

}  // namespace

std::string describe_expected(const ParamDecl& d) {
    switch (d.type) {
    case ParamType::Int: return "an integer" + range_text(d);
    case ParamType::Float: return "a number" + range_text(d);
    case ParamType::Bool: return "true or false";
    case ParamType::String: return "a string";
    case ParamType::Choice: return "one of " + join(d.choices);
    case ParamType::List: return d.choices.empty() ? "a list of strings" : "a list with items from " + join(d.choices);
    }
    return "a value";
}

std::string CheckedValue::error_text() const { return error + did_you_mean_text(suggestion); }

CheckedValue check_param_value(const ParamDecl& d, const nlohmann::json& value) {
    const auto fail = [&] { return CheckedValue{value, "expected " + describe_expected(d) + ", got " + value.dump()}; };
    switch (d.type) {
    case ParamType::Int: {
        if (value.is_number_integer()) {
            return in_range(d, value.get<double>()) ? CheckedValue{value, ""} : fail();
        }
        if (value.is_number_float()) {
            const double v = value.get<double>();
            if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9e15 && in_range(d, v))
                return {static_cast<long long>(v), ""};
        }
        return fail();
    }
    case ParamType::Float:
        if (value.is_number() && std::isfinite(value.get<double>()) && in_range(d, value.get<double>()))
            return {value.get<double>(), ""};
        return fail();
    case ParamType::Bool: return value.is_boolean() ? CheckedValue{value, ""} : fail();
    case ParamType::String: return value.is_string() ? CheckedValue{value, ""} : fail();
    case ParamType::Choice: {
        if (!value.is_string()) return fail();
        for (const auto& c : d.choices)
            if (c == value.get<std::string>()) return {value, ""};
        return {value, "expected " + describe_expected(d) + ", got " + value.dump(),
                closest_name(value.get<std::string>(), d.choices)};
    }
    case ParamType::List: {
        if (!value.is_array()) return fail();
        for (const auto& item : value) {
            if (!item.is_string()) return fail();
            if (d.choices.empty()) continue;
            bool known = false;
            for (const auto& c : d.choices) known = known || c == item.get<std::string>();
            if (!known)
                return {value, "expected " + describe_expected(d) + ", got item " + item.dump(),
                        closest_name(item.get<std::string>(), d.choices)};
        }
        return {value, ""};
    }
    }
    return fail();
}

CheckedValue read_param_text(const ParamDecl& d, const std::string& text) {
    const auto bad = [&](const std::string& why) { return CheckedValue{text, why}; };
    nlohmann::json value;
    switch (d.type) {
    case ParamType::Int: {
        std::size_t used = 0;
        long long v = 0;
        try {
            v = std::stoll(text, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != text.size() || text.empty()) return bad("expected " + describe_expected(d));
        value = v;
        break;
    }
    case ParamType::Float: {
        std::size_t used = 0;
        double v = 0;
        try {
            v = std::stod(text, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != text.size() || text.empty()) return bad("expected " + describe_expected(d));
        value = v;
        break;
    }
    case ParamType::Bool:
        if (text == "true" || text == "1" || text == "yes" || text == "on") value = true;
        else if (text == "false" || text == "0" || text == "no" || text == "off") value = false;
        else return bad("expected true or false");
        break;
    case ParamType::String:
    case ParamType::Choice: value = text; break;
    case ParamType::List: {
        value = nlohmann::json::array();
        std::stringstream items(text);
        std::string item;
        while (std::getline(items, item, ',')) value.push_back(item);
        break;
    }
    }
    auto checked = check_param_value(d, value);
    if (!checked.error.empty()) checked.value = text;
    return checked;
}

nlohmann::json parse_param_text(const ParamDecl& d, const std::string& text) {
    const auto read = read_param_text(d, text);
    if (!read.error.empty()) throw InputError("--set " + d.name + "=" + text + ": " + read.error_text());
    return read.value;
}

const ParamDecl* find_param(const PluginInfo& info, const std::string& name) {
    for (const auto& p : info.params)
        if (p.name == name) return &p;
    return nullptr;
}

nlohmann::json resolve_params(const PluginInfo& info, const nlohmann::json& given, Problems& problems,
                              const std::string& path) {
    nlohmann::json resolved = nlohmann::json::object();
    for (const auto& p : info.params) resolved[p.name] = p.default_value;
    if (!given.is_object()) {
        problems.add(path, "expected an object of parameter values, got " + json_type_name(given));
        return resolved;
    }
    for (const auto& [name, value] : given.items()) {
        const ParamDecl* decl = find_param(info, name);
        if (!decl) {
            problems.add(path + "." + name, "unknown parameter of plugin '" + info.id + "'",
                         closest_name(name, names_of(info)));
            continue;
        }
        const auto checked = check_param_value(*decl, value);
        if (!checked.error.empty()) problems.add(path + "." + name, checked.error, checked.suggestion);
        else resolved[name] = checked.value;
    }
    return resolved;
}

}  // namespace sextant
