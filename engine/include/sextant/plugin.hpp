// Plugin API v2. A plugin is a shared library that exports two C symbols:
//   int sextant_plugin_api_version();         -> must equal the host's kPluginApiVersion
//   sextant::Plugin* sextant_create_plugin(); -> ownership passes to the host
// SEXTANT_PLUGIN(MyPlugin) defines both. Build against the installed SDK with
// find_package(Sextant) and sextant_add_plugin(), or in-tree with the same function.
#pragma once

#include "sextant/declarations.hpp"
#include "sextant/params.hpp"
#include "sextant/run_context.hpp"

namespace sextant {

// 2: PluginInfo gained `resources` (what a cluster run needs); plugins built for 1 are refused.
inline constexpr int kPluginApiVersion = 2;

class Plugin {
public:
    virtual ~Plugin() = default;
    virtual PluginInfo info() const = 0;
    // Runs one point of a sweep. Throwing marks the run failed with the exception's message.
    virtual void run(RunContext& context) = 0;
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
