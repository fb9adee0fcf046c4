// Settings valid one by one that a study cannot run together, with the parameters involved:
// run_study refuses them at its start, the plugin's check() before any run starts.
#pragma once

#include "caching/study.hpp"

#include <string>
#include <vector>

namespace caching {

struct SettingConflict {
    std::vector<std::string> params;
    std::string expected;
};

std::vector<SettingConflict> setting_conflicts(const StudyConfig& config);

}  // namespace caching
