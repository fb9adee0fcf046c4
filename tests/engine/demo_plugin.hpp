// The declarations the sweep and problem tests check against: a bounded int, a float in
// [0, 1] and a choice.
#pragma once

#include "sextant/declarations.hpp"

namespace sextant::testing {

inline PluginInfo demo_plugin() {
    PluginInfo info;
    info.id = "demo";
    info.version = "2.0";
    info.params = {int_param("workers", 8, 1, 64, "Workers"), float_param("density", 0.01, 0, 1, "Density"),
                   choice_param("scheme", "lhc", {"lhc", "dense", "topk"}, "Scheme")};
    info.targets = {"local"};
    return info;
}

}  // namespace sextant::testing
