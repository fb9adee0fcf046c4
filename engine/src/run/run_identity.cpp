#include "run/run_identity.hpp"

#include <xxhash.h>

#include <cstdio>

namespace sextant {

std::string run_identity(const std::string& plugin_id, const std::string& plugin_version, const nlohmann::json& params,
                         const nlohmann::json& target, std::uint64_t seed) {
    const nlohmann::json key = {
        {"plugin", plugin_id}, {"version", plugin_version}, {"params", params}, {"target", target}, {"seed", seed}};
    const std::string canonical = key.dump();
    const XXH128_hash_t h = XXH3_128bits(canonical.data(), canonical.size());
    char hex[33];
    std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                  static_cast<unsigned long long>(h.low64));
    return hex;
}

}  // namespace sextant
