// Page-reference traces as CSV: a header naming a `page` column (other columns are allowed
// and ignored), then one reference per line with a non-negative integer page number. Blank
// lines and lines starting with '#' are skipped.
#pragma once

#include "osfm/page_list.hpp"

#include <iosfwd>
#include <stdexcept>
#include <string>
#include <vector>

namespace sextant::osfm {

// A bad trace file: the message starts with FILE:LINE (or FILE: when no line applies).
struct TraceFileError : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

std::vector<Page> parse_trace_csv(std::istream& in, const std::string& file);
std::vector<Page> read_trace_csv(const std::string& path);
void write_trace_csv(const std::vector<Page>& trace, std::ostream& out);

}  // namespace sextant::osfm
