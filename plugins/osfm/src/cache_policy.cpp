#include "osfm/cache_policy.hpp"

#include <stdexcept>

namespace sextant::osfm {

const std::vector<PolicyKind>& online_policies() {
    static const std::vector<PolicyKind> kinds{PolicyKind::Lru, PolicyKind::Clock, PolicyKind::Lfu, PolicyKind::Arc,
                                               PolicyKind::TwoQ};
    return kinds;
}

const char* policy_name(PolicyKind kind) {
    switch (kind) {
    case PolicyKind::Lru: return "lru";
    case PolicyKind::Clock: return "clock";
    case PolicyKind::Lfu: return "lfu";
    case PolicyKind::Arc: return "arc";
    case PolicyKind::TwoQ: return "2q";
    case PolicyKind::Opt: return "opt";
    }
    return "?";
}

PolicyKind parse_policy(const std::string& name) {
    for (PolicyKind k :
         {PolicyKind::Lru, PolicyKind::Clock, PolicyKind::Lfu, PolicyKind::Arc, PolicyKind::TwoQ, PolicyKind::Opt})
        if (name == policy_name(k)) return k;
    throw std::invalid_argument("unknown policy '" + name + "': expected one of lru, clock, lfu, arc, 2q, opt");
}

std::unique_ptr<CachePolicy> make_policy(PolicyKind kind, std::size_t capacity, TwoQTuning two_q) {
    if (capacity < 1) throw std::invalid_argument("cache capacity must be at least 1 page");
    switch (kind) {
    case PolicyKind::Lru: return make_lru(capacity);
    case PolicyKind::Clock: return make_clock(capacity);
    case PolicyKind::Lfu: return make_lfu(capacity);
    case PolicyKind::Arc: return make_arc(capacity);
    case PolicyKind::TwoQ: return make_two_q(capacity, two_q);
    case PolicyKind::Opt: break;
    }
    throw std::invalid_argument("opt is offline: replay it over a whole trace (belady.hpp)");
}

}  // namespace sextant::osfm
