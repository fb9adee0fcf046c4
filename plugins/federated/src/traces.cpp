#include "federated/traces.hpp"

#include "federated/population.hpp"
#include "federated/random.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

namespace federated {

namespace {

constexpr double kDay = 86400;

double hour_of_day(double t_s) { return std::fmod(t_s, kDay) / 3600.0; }

// Hours since the window opened, if t lies in it (windows may wrap past midnight).
double into(const Window& w, double hour) {
    double d = hour - w.start_h;
    if (d < 0) d += 24;
    return d < w.hours ? d : -1;
}

}  // namespace

bool ClientTrace::available(double t_s) const {
    const double h = hour_of_day(t_s);
    for (int i = 0; i < windows; ++i)
        if (into(window[i], h) >= 0) return true;
    return false;
}

double ClientTrace::available_until(double t_s) const {
    const double h = hour_of_day(t_s);
    double end = t_s;
    for (int i = 0; i < windows; ++i) {
        const double d = into(window[i], h);
        if (d >= 0) end = std::max(end, t_s + (window[i].hours - d) * 3600.0);
    }
    return end;
}

Traces Traces::synthesise(const Population& population, const TraceConfig& c) {
    Traces out;
    out.traces_.resize(population.size());
    for (std::size_t i = 0; i < population.size(); ++i) {
        Rng r = stream(c.seed, Stream::traces, i);
        std::normal_distribution<double> z;
        ClientTrace& t = out.traces_[i];
        t.ms_per_sample = static_cast<float>(c.compute_median_ms * std::exp(c.compute_sigma * z(r)));
        t.kbps = static_cast<float>(c.kbps_median * std::exp(c.kbps_sigma * z(r)));
        // Night: the window opens between 21:00 and 03:00 local time (time zones and habits).
        const bool minority = population.group(i) == c.minority_group;
        const double median = minority ? c.minority_night_median_h : c.night_median_h;
        t.window[0] = {static_cast<float>(std::fmod(21 + 6 * uniform(r), 24.0)),
                       static_cast<float>(std::min(20.0, median * std::exp(c.night_sigma * z(r))))};
        t.windows = 1;
        for (int k = 0; k < c.short_windows && t.windows < ClientTrace::kMaxWindows; ++k)
            t.window[t.windows++] = {static_cast<float>(24 * uniform(r)),
                                     static_cast<float>(minority ? 0 : c.short_window_h)};
    }
    return out;
}

Traces Traces::read_csv(const std::filesystem::path& file, std::size_t clients) {
    std::ifstream in(file);
    if (!in) throw TraceError(file.string() + ": cannot open the trace file");
    const std::string where = file.string() + ":";
    std::string line;
    std::size_t n = 0;
    if (!std::getline(in, line) || line.rfind("client,ms_per_sample,kbps,windows", 0) != 0)
        throw TraceError(where + "1: expected the header 'client,ms_per_sample,kbps,windows'");
    std::vector<ClientTrace> rows;
    n = 1;
    auto number = [&](const std::string& text, const char* field, double min) {
        double v = 0;
        const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || p != text.data() + text.size() || !std::isfinite(v) || v < min)
            throw TraceError(where + std::to_string(n) + ": " + field + ": expected a number >= " +
                             std::to_string(static_cast<int>(min)) + ", got '" + text + "'");
        return v;
    };
    while (std::getline(in, line)) {
        ++n;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        std::vector<std::string> f;
        std::stringstream ss(line);
        for (std::string cell; std::getline(ss, cell, ',');) f.push_back(cell);
        if (line.back() == ',') f.emplace_back();
        if (f.size() != 4)
            throw TraceError(where + std::to_string(n) +
                             ": expected 4 fields (client,ms_per_sample,kbps,windows), got " +
                             std::to_string(f.size()));
        if (number(f[0], "client", 0) != static_cast<double>(rows.size()))
            throw TraceError(where + std::to_string(n) + ": client: expected " + std::to_string(rows.size()) +
                             " (rows in client order), got '" + f[0] + "'");
        ClientTrace t;
        t.ms_per_sample = static_cast<float>(number(f[1], "ms_per_sample", 0));
        t.kbps = static_cast<float>(number(f[2], "kbps", 0));
        if (t.kbps <= 0)
            throw TraceError(where + std::to_string(n) + ": kbps: expected a number > 0, got '" + f[2] + "'");
        std::stringstream ws(f[3]);
        for (std::string w; std::getline(ws, w, ';');) {
            const auto plus = w.find('+');
            if (plus == std::string::npos)
                throw TraceError(where + std::to_string(n) +
                                 ": windows: expected 'start_h+hours' items separated by ';', got '" + w + "'");
            const double start = number(w.substr(0, plus), "window start_h", 0);
            const double hours = number(w.substr(plus + 1), "window hours", 0);
            if (start >= 24 || hours > 24)
                throw TraceError(where + std::to_string(n) + ": windows: start_h must be < 24 and hours <= 24, got '" +
                                 w + "'");
            if (t.windows == ClientTrace::kMaxWindows)
                throw TraceError(where + std::to_string(n) + ": windows: at most " +
                                 std::to_string(ClientTrace::kMaxWindows) + " per client");
            t.window[t.windows++] = {static_cast<float>(start), static_cast<float>(hours)};
        }
        rows.push_back(t);
    }
    if (rows.empty()) throw TraceError(where + std::to_string(n) + ": no client rows after the header");
    Traces out;
    out.traces_.resize(clients);
    for (std::size_t i = 0; i < clients; ++i) out.traces_[i] = rows[i % rows.size()];
    return out;
}

double Traces::mean_available_fraction() const {
    if (traces_.empty()) return 0;
    double sum = 0;
    for (const auto& t : traces_)
        for (int h = 0; h < 96; ++h) sum += t.available(h * 900.0 + 1) ? 1 : 0;
    return sum / (96.0 * static_cast<double>(traces_.size()));
}

}  // namespace federated
