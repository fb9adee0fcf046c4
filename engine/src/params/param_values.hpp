// Checking parameter values against a plugin's declarations.
#pragma once

#include "sextant/declarations.hpp"
#include "util/errors.hpp"
#include "util/problems.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace sextant {

// Returns the value in canonical form (an integral float for an int parameter becomes an
// integer), or an error text "expected ..., got ..." when it does not fit the declaration.
struct CheckedValue {
    nlohmann::json value;
    std::string error;            // empty when the value is acceptable
    std::string suggestion = {};  // the choice closest to a mistyped one, or ""
    // The error with its suggestion, as one line for a field's tooltip.
    std::string error_text() const;
};
CheckedValue check_param_value(const ParamDecl& decl, const nlohmann::json& value);

// What a declaration accepts, in words: "an integer in [1, 64]", "one of lhc, dense".
std::string describe_expected(const ParamDecl& decl);

// Reads a value typed as text for this declaration ("4", "true", "lhc,topk"): the value in
// canonical form, or why it does not read or fit (the value is then the text itself).
CheckedValue read_param_text(const ParamDecl& decl, const std::string& text);
// The same for the text of `--set NAME=VALUE`; throws InputError naming the flag.
nlohmann::json parse_param_text(const ParamDecl& decl, const std::string& text);

const ParamDecl* find_param(const PluginInfo& info, const std::string& name);

// Complete parameter set: `given` checked name by name (unknown names get a suggestion),
// missing ones filled with declared defaults. Problems are reported under `path`.
nlohmann::json resolve_params(const PluginInfo& info, const nlohmann::json& given, Problems& problems,
                              const std::string& path);

}  // namespace sextant
