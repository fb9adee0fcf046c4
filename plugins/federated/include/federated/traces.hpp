// Client system traces in FedScale's style: compute speed (ms per sample), bandwidth, and
// daily availability windows (a device counts as available while idle and charging).
// Synthesised from the seed, or read from a CSV file; clients past the file's rows take
// its rows round-robin by client index, as FedScale assigns its device profiles.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <vector>

namespace federated {

class Population;

struct Window {  // available from `start_h` (hour of day) for `hours`, every day
    float start_h = 0, hours = 0;
};

struct ClientTrace {
    static constexpr int kMaxWindows = 4;
    float ms_per_sample = 5;  // compute time for one training sample (forward + backward)
    float kbps = 10000;       // up/down bandwidth, kbit/s
    std::uint8_t windows = 0;
    std::array<Window, kMaxWindows> window{};
    bool available(double t_s) const;
    double available_until(double t_s) const;  // end of the window holding t (t itself if none)
};

struct TraceConfig {
    // Synthesised traces; every default is an assumption stated in the plugin's help text.
    double compute_median_ms = 5, compute_sigma = 0.6;  // FedScale's lognormal(1, 0.6) x 5 ms/sample fallback
    double kbps_median = 20000, kbps_sigma = 0.8;       // MobiPerf-like WiFi spread (assumed)
    double night_median_h = 6, night_sigma = 0.5;       // nightly charging window (research note)
    double minority_night_median_h = 2;                 // the low-availability minority's window
    int minority_group = -1;                            // group with low availability; -1 = none
    int short_windows = 2;                              // daytime windows per client ...
    double short_window_h = 0.5;                        // ... of this length (assumed)
    std::uint64_t seed = 1;
};

class TraceError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Traces {
public:
    static Traces synthesise(const Population& population, const TraceConfig& config);
    // CSV: header `client,ms_per_sample,kbps,windows`; windows = `start_h+hours` items
    // separated by ';' (e.g. `22.5+6;12+0.5`). Bad rows throw TraceError "FILE:LINE: ...".
    static Traces read_csv(const std::filesystem::path& file, std::size_t clients);

    std::size_t size() const { return traces_.size(); }
    const ClientTrace& operator[](std::size_t client) const { return traces_[client]; }
    double mean_available_fraction() const;  // averaged over a day, all clients

private:
    std::vector<ClientTrace> traces_;
};

}  // namespace federated
