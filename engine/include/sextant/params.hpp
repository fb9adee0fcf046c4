// Typed, read-only access to a run's validated parameter values.
#pragma once

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace sextant {

class Params {
public:
    Params() = default;
    explicit Params(nlohmann::json values) : values_(std::move(values)) {}

    bool has(const std::string& name) const { return values_.contains(name); }
    long long integer(const std::string& name) const { return at(name).get<long long>(); }
    double real(const std::string& name) const { return at(name).get<double>(); }
    bool flag(const std::string& name) const { return at(name).get<bool>(); }
    std::string text(const std::string& name) const { return at(name).get<std::string>(); }
    std::vector<std::string> texts(const std::string& name) const { return at(name).get<std::vector<std::string>>(); }
    const nlohmann::json& json() const { return values_; }

private:
    const nlohmann::json& at(const std::string& name) const {
        auto it = values_.find(name);
        if (it == values_.end()) throw std::out_of_range("parameter '" + name + "' is not set");
        return *it;
    }
    nlohmann::json values_ = nlohmann::json::object();
};

}  // namespace sextant
