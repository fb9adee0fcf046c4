// What a plugin declares is checked when it is loaded, so a mistake in a declaration is
// reported once, naming the plugin file and the declaration, instead of surfacing later as
// a confusing validation error or a run that cannot start.
#pragma once

#include "sextant/declarations.hpp"

#include <string>

namespace sextant {

// Throws InputError listing every problem ("FILE: params.mode: default \"x\" is not one of
// its choices (a, b)"): empty or duplicate parameter and metric names, a default that does
// not satisfy its own declaration (range, choices, type), an empty choice list, a minimum
// above the maximum, a unit not in sextant/units.hpp, an unknown target kind.
void check_declarations(const PluginInfo& info, const std::string& file_label);

}  // namespace sextant
