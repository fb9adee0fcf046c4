#include "federated/server_optimizer.hpp"

#include <cmath>
#include <stdexcept>

namespace federated {

Aggregator aggregator_kind(const std::string& name) {
    if (name == "fedavg") return Aggregator::fedavg;
    if (name == "fedprox") return Aggregator::fedprox;
    if (name == "fedyogi") return Aggregator::fedyogi;
    throw std::invalid_argument("aggregator: expected fedavg, fedprox or fedyogi, got '" + name + "'");
}

const char* to_string(Aggregator a) {
    switch (a) {
    case Aggregator::fedavg: return "fedavg";
    case Aggregator::fedprox: return "fedprox";
    case Aggregator::fedyogi: return "fedyogi";
    }
    return "?";
}

void ServerOptimizer::apply(std::vector<float>& w, std::span<const float> d) {
    if (d.size() != w.size()) throw std::invalid_argument("ServerOptimizer: update and model sizes differ");
    if (kind_ != Aggregator::fedyogi) {
        for (std::size_t i = 0; i < w.size(); ++i) w[i] += d[i];
        return;
    }
    if (m_.empty()) {  // FedScale's YoGi starts v at tau^2 and the momentum at 0
        m_.assign(w.size(), 0.0f);
        v_.assign(w.size(), static_cast<float>(yogi_.tau * yogi_.tau));
    }
    const float b1 = static_cast<float>(yogi_.beta1), b2 = static_cast<float>(yogi_.beta2);
    const float eta = static_cast<float>(yogi_.eta), tau = static_cast<float>(yogi_.tau);
    for (std::size_t i = 0; i < w.size(); ++i) {
        const float g2 = d[i] * d[i];
        m_[i] = b1 * m_[i] + (1 - b1) * d[i];
        const float diff = v_[i] - g2;
        v_[i] -= (1 - b2) * g2 * static_cast<float>((diff > 0) - (diff < 0));
        w[i] += eta * m_[i] / (std::sqrt(v_[i]) + tau);
    }
}

}  // namespace federated
