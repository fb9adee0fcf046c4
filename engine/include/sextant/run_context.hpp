// What a plugin sees while it runs: its inputs, and the channel for results.
// In a worker process every call becomes one line of the JSON-lines protocol.
#pragma once

#include "sextant/params.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>

namespace sextant {

enum class LogLevel { Debug, Info, Warning, Error };

class RunContext {
public:
    virtual ~RunContext() = default;

    // Inputs (immutable for the run).
    virtual const Params& params() const = 0;
    virtual const nlohmann::json& target() const = 0;  // {"kind": "local"|"simulated"|"cluster", ...}
    virtual std::uint64_t seed() const = 0;
    virtual std::filesystem::path artifact_dir() const = 0;  // created on demand, unique per run

    // Results.
    virtual void metric(const std::string& name, long long step, double value) = 0;  // a series point
    virtual void summary(const std::string& name, double value) = 0;                 // one value per run
    virtual void progress(double fraction, const std::string& message = "") = 0;     // 0..1
    virtual void log(LogLevel level, const std::string& message) = 0;
    virtual void artifact(const std::filesystem::path& path, const std::string& kind) = 0;

    // Long loops poll this and return early when it becomes true.
    virtual bool cancelled() const = 0;
};

}  // namespace sextant
