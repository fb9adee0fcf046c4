// The smallest useful plugin: one parameter, one series, one summary.
#include <sextant/plugin.hpp>

#include <cmath>

class HelloPlugin final : public sextant::Plugin {
public:
    sextant::PluginInfo info() const override {
        sextant::PluginInfo info;
        info.id = "hello";
        info.version = "1.0.0";
        info.name = "Hello, Sextant";
        info.description = "Reports a decaying curve; shows the plugin API in 40 lines.";
        info.params = {sextant::int_param("steps", 10, 1, 1000000, "How many points to report"),
                       sextant::float_param("rate", 0.5, 0.0, 10.0, "Decay per step", "1/step")};
        info.metrics = {sextant::series_metric("value", "", sextant::Better::Lower),
                        sextant::summary_metric("final_value", "", sextant::Better::Lower, "Value at the last step",
                                                sextant::Headline::Yes)};
        info.targets = {"local"};
        return info;
    }

    void run(sextant::RunContext& ctx) override {
        const auto steps = ctx.params().integer("steps");
        const double rate = ctx.params().real("rate");
        double value = 1.0;
        for (long long step = 0; step < steps && !ctx.cancelled(); ++step) {
            value = std::exp(-rate * static_cast<double>(step));
            ctx.metric("value", step, value);
            ctx.progress(static_cast<double>(step + 1) / static_cast<double>(steps));
        }
        ctx.summary("final_value", value);
    }
};

SEXTANT_PLUGIN(HelloPlugin)
