// The run's link timelines: every link in the CSV artifacts, the fabric-wide figures of each
// bin as series the workbench can plot.
#include "link_timelines.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

using namespace sextant;
using namespace sextant::scheduling;

namespace {

class RecordingContext : public RunContext {
public:
    const Params& params() const override { return params_; }
    const nlohmann::json& target() const override { return target_; }
    std::uint64_t seed() const override { return 1; }
    std::filesystem::path artifact_dir() const override { return {}; }
    void metric(const std::string& name, long long step, double value) override { series[name][step] = value; }
    void summary(const std::string&, double) override {}
    void progress(double, const std::string&) override {}
    void log(LogLevel, const std::string&) override {}
    void artifact(const std::filesystem::path& path, const std::string&) override { artifacts.push_back(path); }
    bool cancelled() const override { return false; }

    std::map<std::string, std::map<long long, double>> series;
    std::vector<std::filesystem::path> artifacts;

private:
    Params params_{nlohmann::json::object()};
    nlohmann::json target_ = {{"kind", "simulated"}};
};

std::string read(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST(LinkTimelines, EveryLinkInTheFilesAndTheFabricInTheSeries) {
    const auto dir = std::filesystem::temp_directory_path() / "sextant_link_timelines_test";
    std::filesystem::remove_all(dir);
    RecordingContext ctx;
    {
        LinkTimelines t(dir, {"s0.up", "leaf0.up", "leaf1.up"}, ctx);
        t.add(60, {0.25, 1.0, 0.5}, {0.0, 12.5, 2.5});
        t.add(120, {0.75, 0.0, 0.0}, {0.0, 0.0, 0.0});
        t.finish();
    }
    EXPECT_EQ(read(dir / LinkTimelines::kUtilisationFile),
              "time_s,s0.up,leaf0.up,leaf1.up\n60,0.25,1,0.5\n120,0.75,0,0\n");
    EXPECT_EQ(read(dir / LinkTimelines::kExcessFile), "time_s,s0.up,leaf0.up,leaf1.up\n60,0,12.5,2.5\n120,0,0,0\n");
    // Step = bin index: the busiest link of each bin, and the excess summed over links.
    EXPECT_EQ(ctx.series[LinkTimelines::kBusiestSeries], (std::map<long long, double>{{0, 1.0}, {1, 0.75}}));
    EXPECT_EQ(ctx.series[LinkTimelines::kExcessSeries], (std::map<long long, double>{{0, 15.0}, {1, 0.0}}));
    EXPECT_EQ(ctx.artifacts.size(), 2u);
    std::filesystem::remove_all(dir);
}

TEST(LinkTimelines, UnwritableFolderIsNamed) {
    RecordingContext ctx;
    try {
        LinkTimelines t("/proc/sextant-cannot-write-here", {"s0.up"}, ctx);
        FAIL() << "expected an error";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("/proc/sextant-cannot-write-here"), std::string::npos) << e.what();
    }
}
