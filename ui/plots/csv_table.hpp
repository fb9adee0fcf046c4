// A table of text cells written as CSV: what the plots plotted and what the tables show.
#pragma once

#include <string>
#include <vector>

namespace sextant::ui {

struct CsvTable {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};

// RFC 4180 quoting (sextant::csv_field); returns false with a message when the file
// cannot be written.
bool write_csv(const CsvTable& table, const std::string& path, std::string* error = nullptr);

}  // namespace sextant::ui
