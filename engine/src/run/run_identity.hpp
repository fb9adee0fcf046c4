// A run's stable identity: the same plugin version, parameters, target and seed always give
// the same id, so re-running a project recognises runs already done.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace sextant {

// 32 hex digits (XXH3-128 of the canonical JSON; object keys are sorted by nlohmann::json).
std::string run_identity(const std::string& plugin_id, const std::string& plugin_version, const nlohmann::json& params,
                         const nlohmann::json& target, std::uint64_t seed);

}  // namespace sextant
