// Plugin API v3. A plugin is a shared library that exports two C symbols:
//   int sextant_plugin_api_version();         -> the API it was built for (kPluginApiVersion)
//   sextant::Plugin* sextant_create_plugin(); -> ownership passes to the host
// SEXTANT_PLUGIN(MyPlugin) defines both. Build against the installed SDK with
// find_package(Sextant) and sextant_add_plugin(), or in-tree with the same function.
#pragma once

#include "sextant/declarations.hpp"
#include "sextant/params.hpp"
#include "sextant/run_context.hpp"

#include <string>
#include <vector>

namespace sextant {

// 2: PluginInfo gained `resources` (what a cluster run needs); plugins built for 1 are refused.
// 3: Plugin gained check() (values that cannot run together, found before any run starts).
//    It is the last virtual function, so a plugin built for 2 still loads: the host never
//    calls check() on it.
inline constexpr int kPluginApiVersion = 3;
inline constexpr int kOldestPluginApiVersion = 2;

// A combination of parameter values a plugin cannot run, found by Plugin::check.
struct ParamConflict {
    std::vector<std::string> params;  // the parameters whose values conflict, as declared
    std::string expected;             // what would run: "dense, dense-int or lhc with transport gloo"
};

class Plugin {
public:
    virtual ~Plugin() = default;
    virtual PluginInfo info() const = 0;
    // Runs one point of a sweep. Throwing marks the run failed with the exception's message.
    virtual void run(RunContext& context) = 0;
    // Rejects combinations of values the declarations cannot express (each value is already
    // valid on its own). Called by `sextant-cli validate` and before any run of a sweep starts,
    // once per distinct point; it must be quick and must not touch files a run would write.
    virtual std::vector<ParamConflict> check(const Params& /*params*/) const { return {}; }
};

}  // namespace sextant

#if defined(_WIN32)
#define SEXTANT_EXPORT __declspec(dllexport)
#else
#define SEXTANT_EXPORT __attribute__((visibility("default")))
#endif

#define SEXTANT_PLUGIN(PluginClass)                                                                     \
    extern "C" SEXTANT_EXPORT int sextant_plugin_api_version() { return ::sextant::kPluginApiVersion; } \
    extern "C" SEXTANT_EXPORT ::sextant::Plugin* sextant_create_plugin() { return new PluginClass(); }
