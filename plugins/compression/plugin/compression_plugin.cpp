// The `compression` plugin: declarations, and run() dispatching to the chosen target.
#include "settings.hpp"
#include "target.hpp"

#include <sextant/plugin.hpp>

#include <stdexcept>

namespace sextant::compression_plugin {

class CompressionPlugin : public Plugin {
public:
    PluginInfo info() const override { return plugin_info(); }
    std::vector<ParamConflict> check(const Params& params) const override { return setting_conflicts(params); }
    void run(RunContext& ctx) override {
        const Settings settings = read_settings(ctx.params(), ctx.seed());
        const auto& target = ctx.target();
        const std::string kind = target.is_object() ? target.value("kind", "local") : "local";
        make_target(kind)->run(settings, ctx);
    }
};

}  // namespace sextant::compression_plugin

SEXTANT_PLUGIN(sextant::compression_plugin::CompressionPlugin)
