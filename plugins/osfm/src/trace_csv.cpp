#include "osfm/trace_csv.hpp"

#include <charconv>
#include <fstream>
#include <istream>
#include <ostream>
#include <string_view>

namespace sextant::osfm {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

}  // namespace

std::vector<Page> parse_trace_csv(std::istream& in, const std::string& file) {
    auto fail = [&](long line, const std::string& what) {
        throw TraceFileError(file + ":" + std::to_string(line) + ": " + what);
    };
    std::vector<Page> pages;
    std::string text;
    long line = 0;
    long page_column = -1, columns = 0;
    while (std::getline(in, text)) {
        ++line;
        std::string_view t = trim(text);
        if (t.empty() || t.front() == '#') continue;
        // split on commas without allocating
        long column = 0;
        std::string_view cell, rest = t;
        bool found = false;
        for (;;) {
            std::size_t comma = rest.find(',');
            std::string_view c = trim(rest.substr(0, comma));
            if (page_column < 0) {
                if (c == "page") page_column = column;
            } else if (column == page_column) {
                cell = c;
                found = true;
            }
            ++column;
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
        if (columns == 0) {
            if (page_column < 0) fail(line, "no 'page' column in the header '" + std::string(t) + "'");
            columns = column;
            continue;
        }
        if (column != columns)
            fail(line,
                 "expected " + std::to_string(columns) + " fields like the header, got " + std::to_string(column));
        if (!found || cell.empty()) fail(line, "page: missing value");
        Page p = 0;
        auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), p);
        if (ec != std::errc{} || end != cell.data() + cell.size())
            fail(line, "page: expected a non-negative integer, got '" + std::string(cell) + "'");
        pages.push_back(p);
    }
    if (columns == 0) throw TraceFileError(file + ": empty file (expected a header with a 'page' column)");
    if (pages.empty()) throw TraceFileError(file + ": no references after the header");
    return pages;
}

std::vector<Page> read_trace_csv(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw TraceFileError(path + ": cannot open the trace file");
    return parse_trace_csv(in, path);
}

void write_trace_csv(const std::vector<Page>& trace, std::ostream& out) {
    out << "page\n";
    for (Page p : trace) out << p << '\n';
}

}  // namespace sextant::osfm
