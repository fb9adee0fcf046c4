#include "netsim/packet/iteration_profile.hpp"

#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace netsim::packet {

double IterationProfile::compute_s() const {
    double s = 0;
    for (const IterationStep& step : steps) s += step.compute_s;
    return s;
}

std::uint64_t IterationProfile::gradient_bytes() const {
    std::uint64_t b = 0;
    for (const IterationStep& step : steps) b += step.gradient_bytes;
    return b;
}

namespace {

std::string trim(const std::string& s) {
    std::size_t a = s.find_first_not_of(" \t\r");
    std::size_t b = s.find_last_not_of(" \t\r");
    return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

const char* const kHeader = "step,name,compute_ms,gradient_bytes,all_to_all_bytes,source";

}  // namespace

IterationProfile parse_iteration_profile(const std::string& text, const std::string& origin) {
    IterationProfile p;
    p.name = origin;
    std::istringstream in(text);
    std::string line;
    int number = 0;
    bool header = false;
    auto fail = [&](const std::string& what) {
        throw std::invalid_argument(origin + ":" + std::to_string(number) + ": " + what);
    };
    while (std::getline(in, line)) {
        ++number;
        line = trim(line);
        if (line.empty() || line[0] == '#') continue;
        if (!header) {
            if (line != kHeader) fail(std::string("expected the header '") + kHeader + "'");
            header = true;
            continue;
        }
        std::vector<std::string> f;
        std::size_t pos = 0;
        for (int i = 0; i < 5; ++i) {
            std::size_t comma = line.find(',', pos);
            if (comma == std::string::npos) fail("expected 6 fields (" + std::string(kHeader) + ")");
            f.push_back(trim(line.substr(pos, comma - pos)));
            pos = comma + 1;
        }
        f.push_back(trim(line.substr(pos)));
        IterationStep s;
        if (f[0] == "forward") s.kind = IterationStep::Kind::Forward;
        else if (f[0] == "backward") s.kind = IterationStep::Kind::Backward;
        else if (f[0] == "all-to-all") s.kind = IterationStep::Kind::AllToAll;
        else fail("step '" + f[0] + "': expected forward, backward or all-to-all");
        s.name = f[1];
        double values[3];
        const char* names[3] = {"compute_ms", "gradient_bytes", "all_to_all_bytes"};
        for (int i = 0; i < 3; ++i) {
            std::size_t used = 0;
            try {
                values[i] = std::stod(f[2 + i], &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used == 0 || used != f[2 + i].size() || !(values[i] >= 0) || !std::isfinite(values[i]))
                fail(std::string(names[i]) + " '" + f[2 + i] + "': expected a number >= 0");
        }
        s.compute_s = values[0] * 1e-3;
        s.gradient_bytes = static_cast<std::uint64_t>(std::llround(values[1]));
        s.all_to_all_bytes = static_cast<std::uint64_t>(std::llround(values[2]));
        if (s.kind != IterationStep::Kind::Backward && s.gradient_bytes)
            fail("gradient_bytes: only backward steps produce gradients");
        if (s.kind != IterationStep::Kind::AllToAll && s.all_to_all_bytes)
            fail("all_to_all_bytes: only all-to-all steps exchange data");
        if (s.kind == IterationStep::Kind::AllToAll && (s.compute_s > 0 || s.all_to_all_bytes == 0))
            fail("an all-to-all step needs all_to_all_bytes > 0 and compute_ms 0");
        if (f[5].empty()) fail("source: every row names where its numbers come from");
        s.source = f[5];
        p.steps.push_back(std::move(s));
    }
    if (!header) throw std::invalid_argument(origin + ": no header '" + std::string(kHeader) + "'");
    if (p.steps.empty()) throw std::invalid_argument(origin + ": no steps");
    return p;
}

IterationProfile read_iteration_profile(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::invalid_argument("profile file '" + path + "' cannot be read");
    std::stringstream text;
    text << in.rdbuf();
    return parse_iteration_profile(text.str(), path);
}

std::vector<GradientBucket> make_buckets(const IterationProfile& profile, std::uint64_t bucket_bytes) {
    std::vector<GradientBucket> buckets;
    GradientBucket open;
    for (std::size_t i = 0; i < profile.steps.size(); ++i) {
        if (profile.steps[i].gradient_bytes == 0) continue;
        open.bytes += profile.steps[i].gradient_bytes;
        open.ready_after_step = i;
        if (open.bytes >= bucket_bytes) {
            buckets.push_back(open);
            open = {};
        }
    }
    if (open.bytes) buckets.push_back(open);
    return buckets;
}

}  // namespace netsim::packet
