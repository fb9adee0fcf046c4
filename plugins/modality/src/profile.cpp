#include "modality/profile.hpp"

#include <cmath>
#include <stdexcept>

namespace sextant::modality {

const std::vector<unsigned>& all_masks() {
    static const std::vector<unsigned> masks{kV, kA, kT, kV | kA, kV | kT, kA | kT, kV | kA | kT};
    return masks;
}

std::string config_name(unsigned mask) {
    std::string s;
    for (auto [bit, letter] : {std::pair{kV, 'V'}, std::pair{kA, 'A'}, std::pair{kT, 'T'}})
        if (mask & bit) {
            if (!s.empty()) s += '+';
            s += letter;
        }
    return s;
}

unsigned parse_config_name(const std::string& name) {
    for (unsigned m : all_masks())
        if (config_name(m) == name) return m;
    return 0;
}

double Config::latency(int batch) const {
    for (const auto& [b, ms] : latency_ms)
        if (b == batch) return ms;
    throw std::out_of_range("configuration " + name() + " has no latency for batch " + std::to_string(batch));
}

const Config& Profile::config(unsigned mask) const {
    for (const auto& c : configs)
        if (c.mask == mask) return c;
    throw std::out_of_range("profile has no configuration " + config_name(mask));
}

int Profile::full_index() const {
    for (size_t i = 0; i < configs.size(); ++i)
        if (configs[i].mask == kAllModalities) return static_cast<int>(i);
    return -1;
}

void validate(const Profile& p) {
    if (p.configs.empty()) throw std::invalid_argument("profile has no configurations");
    for (const auto& c : p.configs) {
        if (c.mask == 0 || (c.mask & ~kAllModalities)) throw std::invalid_argument("invalid configuration mask");
        const std::string n = c.name();
        if (!(c.accuracy >= 0.0 && c.accuracy <= 1.0)) throw std::invalid_argument(n + ": accuracy must be in [0, 1]");
        if (c.latency_ms.empty()) throw std::invalid_argument(n + ": no batch sizes");
        for (size_t i = 0; i < c.latency_ms.size(); ++i) {
            auto [b, ms] = c.latency_ms[i];
            if (b < 1) throw std::invalid_argument(n + ": batch sizes must be positive");
            if (!std::isfinite(ms) || ms <= 0)
                throw std::invalid_argument(n + ": latencies must be finite and positive");
            if (i > 0 && b <= c.latency_ms[i - 1].first)
                throw std::invalid_argument(n + ": batch sizes must be ascending and distinct");
            if (i > 0 && ms < c.latency_ms[i - 1].second)
                throw std::invalid_argument(n + ": latency falls from batch " +
                                            std::to_string(c.latency_ms[i - 1].first) + " to batch " +
                                            std::to_string(b));
        }
    }
}

}  // namespace sextant::modality
