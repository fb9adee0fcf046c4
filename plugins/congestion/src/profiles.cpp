#include "congestion/profiles.hpp"

#include <stdexcept>
#include <utility>

namespace sextant::congestion {

extern const std::vector<std::pair<const char*, const char*>> kBuiltinProfiles;

std::vector<std::string> builtin_profile_names() {
    std::vector<std::string> names;
    for (const auto& [name, text] : kBuiltinProfiles) names.emplace_back(name);
    return names;
}

std::shared_ptr<const netsim::packet::IterationProfile> load_profile(const std::string& spec) {
    if (spec.rfind("file:", 0) == 0)
        return std::make_shared<const netsim::packet::IterationProfile>(
            netsim::packet::read_iteration_profile(spec.substr(5)));
    std::string names;
    for (const auto& [name, text] : kBuiltinProfiles) {
        if (spec == name) {
            auto p = netsim::packet::parse_iteration_profile(text, std::string("profiles/") + name + ".csv");
            p.name = name;
            return std::make_shared<const netsim::packet::IterationProfile>(std::move(p));
        }
        names += std::string(names.empty() ? "" : ", ") + name;
    }
    throw std::invalid_argument("profile '" + spec + "': expected " + names + " or file:PATH (a CSV with header " +
                                "step,name,compute_ms,gradient_bytes,all_to_all_bytes,source)");
}

}  // namespace sextant::congestion
