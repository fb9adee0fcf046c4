#include "modality/profile_csv.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

namespace sextant::modality {

namespace {

std::string trim(const std::string& s) {
    size_t a = s.find_first_not_of(" \t\r"), b = s.find_last_not_of(" \t\r");
    return a == std::string::npos ? std::string{} : s.substr(a, b - a + 1);
}

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) cells.push_back(trim(cell));
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    return cells;
}

std::string known_names() {
    std::string s;
    for (unsigned m : all_masks()) s += (s.empty() ? "" : ", ") + config_name(m);
    return s;
}

// The canonical name of a permutation such as "A+V", or "".
std::string canonical_of(const std::string& name) {
    unsigned mask = 0;
    std::stringstream ss(name);
    std::string part;
    while (std::getline(ss, part, '+')) {
        part = trim(part);
        unsigned bit = part == "V" ? kV : part == "A" ? kA : part == "T" ? kT : 0u;
        if (bit == 0 || (mask & bit)) return {};
        mask |= bit;
    }
    return mask ? config_name(mask) : std::string{};
}

struct Row {
    int line;
    int batch;
    double latency;
    double accuracy;
};

}  // namespace

Profile parse_profile_csv(std::istream& in, const std::string& file) {
    auto fail = [&](int line, const std::string& field, const std::string& what) {
        throw ProfileFileError(file + ":" + std::to_string(line) + ": " + field + ": " + what);
    };
    std::string text;
    int line_no = 0;
    std::map<std::string, int> column;
    std::map<unsigned, std::vector<Row>> rows;
    while (std::getline(in, text)) {
        ++line_no;
        std::string t = trim(text);
        if (t.empty() || t[0] == '#') continue;
        std::vector<std::string> cells = split(t);
        if (column.empty()) {
            for (size_t i = 0; i < cells.size(); ++i) column[cells[i]] = static_cast<int>(i);
            for (const char* need : {"config", "batch", "latency_ms", "accuracy"})
                if (!column.count(need))
                    fail(line_no, need, "missing column (expected the header config,batch,latency_ms,accuracy)");
            continue;
        }
        auto cell = [&](const char* field) -> std::string {
            size_t i = static_cast<size_t>(column.at(field));
            if (i >= cells.size() || cells[i].empty()) fail(line_no, field, "missing value");
            return cells[i];
        };
        auto number = [&](const char* field) {
            std::string s = cell(field);
            double v = 0;
            auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
            if (ec != std::errc{} || p != s.data() + s.size())
                fail(line_no, field, "expected a number, got '" + s + "'");
            if (!std::isfinite(v)) fail(line_no, field, "expected a finite number, got '" + s + "'");
            return v;
        };
        std::string name = cell("config");
        unsigned mask = parse_config_name(name);
        if (!mask) {
            std::string canon = canonical_of(name);
            fail(line_no, "config",
                 "unknown configuration '" + name + "'" +
                     (canon.empty() ? " (expected one of " + known_names() + ")" : " (write it as '" + canon + "')"));
        }
        std::string bs = cell("batch");
        int batch = 0;
        auto [p, ec] = std::from_chars(bs.data(), bs.data() + bs.size(), batch);
        if (ec != std::errc{} || p != bs.data() + bs.size() || batch < 1)
            fail(line_no, "batch", "expected a positive integer, got '" + bs + "'");
        double latency = number("latency_ms");
        if (latency <= 0) fail(line_no, "latency_ms", "expected a positive time in ms, got " + cell("latency_ms"));
        double accuracy = number("accuracy");
        if (accuracy < 0 || accuracy > 1)
            fail(line_no, "accuracy", "expected a fraction in [0, 1], got " + cell("accuracy"));
        for (const Row& r : rows[mask]) {
            if (r.batch == batch)
                fail(line_no, "batch",
                     "batch " + bs + " of " + name + " already given at line " + std::to_string(r.line));
            if (r.accuracy != accuracy)
                fail(line_no, "accuracy",
                     "differs from " + name + "'s accuracy at line " + std::to_string(r.line) +
                         " (one accuracy per configuration)");
        }
        rows[mask].push_back({line_no, batch, latency, accuracy});
    }
    if (column.empty())
        fail(std::max(line_no, 1), "config", "empty file (expected the header config,batch,latency_ms,accuracy)");

    std::string missing;
    for (unsigned m : all_masks())
        if (!rows.count(m)) missing += (missing.empty() ? "" : ", ") + config_name(m);
    if (!missing.empty())
        fail(line_no, "config", "missing configurations " + missing + " (all 7 of " + known_names() + " are needed)");

    Profile profile;
    for (unsigned m : all_masks()) {
        std::vector<Row>& rs = rows.at(m);
        std::sort(rs.begin(), rs.end(), [](const Row& a, const Row& b) { return a.batch < b.batch; });
        Config c;
        c.mask = m;
        c.accuracy = rs.front().accuracy;
        for (size_t i = 0; i < rs.size(); ++i) {
            if (i > 0 && rs[i].latency < rs[i - 1].latency)
                fail(rs[i].line, "latency_ms",
                     config_name(m) + " batch " + std::to_string(rs[i].batch) + " takes " +
                         std::to_string(rs[i].latency) + " ms, less than batch " + std::to_string(rs[i - 1].batch) +
                         " (line " + std::to_string(rs[i - 1].line) + "); latency must not fall as the batch grows");
            c.latency_ms.emplace_back(rs[i].batch, rs[i].latency);
        }
        profile.configs.push_back(std::move(c));
    }
    return profile;
}

Profile read_profile_csv(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw ProfileFileError(path + ": cannot open");
    return parse_profile_csv(in, path);
}

void write_profile_csv(const Profile& profile, std::ostream& out) {
    out << "config,batch,latency_ms,accuracy\n";
    out.precision(9);
    for (const auto& c : profile.configs)
        for (const auto& [b, ms] : c.latency_ms) out << c.name() << ',' << b << ',' << ms << ',' << c.accuracy << '\n';
}

}  // namespace sextant::modality
