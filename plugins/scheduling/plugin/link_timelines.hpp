// The per-link timelines of a run: every `timeline_bin_s` the simulator reports each link's
// utilisation and its offered traffic above capacity. All links go to two CSV artifacts (one
// column per link, for plotting any link); the fabric-wide figures of each bin also become
// series metrics, so the workbench's metric-vs-step plot shows them without opening files.
#pragma once

#include <sextant/run_context.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace sextant::scheduling {

class LinkTimelines {
public:
    static constexpr const char* kUtilisationFile = "link_utilisation.csv";
    static constexpr const char* kExcessFile = "link_excess_gbps.csv";
    static constexpr const char* kBusiestSeries = "busiest_link_utilisation";
    static constexpr const char* kExcessSeries = "excess_gbps";

    // Opens both files in `dir`; throws std::runtime_error naming the folder when it cannot.
    LinkTimelines(const std::filesystem::path& dir, const std::vector<std::string>& link_names, RunContext& ctx);

    // One bin ending at `end_s`: utilisation (0..1) and excess (Gbps) per link, in link order.
    // Series step = bin index (time = step x timeline_bin_s).
    void add(double end_s, const std::vector<double>& utilisation, const std::vector<double>& excess_gbps);
    // Closes the files and registers them as the run's artifacts.
    void finish();

private:
    std::filesystem::path dir_;
    std::ofstream utilisation_, excess_;
    RunContext& ctx_;
    long long bins_ = 0;
};

}  // namespace sextant::scheduling
