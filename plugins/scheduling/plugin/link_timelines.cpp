#include "link_timelines.hpp"

#include <algorithm>
#include <iomanip>
#include <numeric>
#include <stdexcept>

namespace sextant::scheduling {

LinkTimelines::LinkTimelines(const std::filesystem::path& dir, const std::vector<std::string>& link_names,
                             RunContext& ctx)
    : dir_(dir), ctx_(ctx) {
    std::filesystem::create_directories(dir);
    utilisation_.open(dir / kUtilisationFile);
    excess_.open(dir / kExcessFile);
    if (!utilisation_ || !excess_) throw std::runtime_error("cannot write link timelines in " + dir.string());
    utilisation_ << "time_s";
    excess_ << "time_s";
    for (const auto& name : link_names) utilisation_ << ',' << name, excess_ << ',' << name;
    utilisation_ << '\n' << std::setprecision(6);
    excess_ << '\n' << std::setprecision(6);
}

void LinkTimelines::add(double end_s, const std::vector<double>& utilisation, const std::vector<double>& excess_gbps) {
    utilisation_ << end_s;
    excess_ << end_s;
    for (std::size_t l = 0; l < utilisation.size(); ++l) utilisation_ << ',' << utilisation[l];
    for (std::size_t l = 0; l < excess_gbps.size(); ++l) excess_ << ',' << excess_gbps[l];
    utilisation_ << '\n';
    excess_ << '\n';
    const double busiest = utilisation.empty() ? 0.0 : *std::max_element(utilisation.begin(), utilisation.end());
    ctx_.metric(kBusiestSeries, bins_, busiest);
    ctx_.metric(kExcessSeries, bins_, std::accumulate(excess_gbps.begin(), excess_gbps.end(), 0.0));
    ++bins_;
}

void LinkTimelines::finish() {
    utilisation_.close();
    excess_.close();
    // Artifacts are named relative to the run's artifact folder.
    ctx_.artifact(kUtilisationFile, "csv");
    ctx_.artifact(kExcessFile, "csv");
}

}  // namespace sextant::scheduling
