#include "plots/csv_table.hpp"

#include "store/run_export.hpp"

#include <fstream>

namespace sextant::ui {

bool write_csv(const CsvTable& table, const std::string& path, std::string* error) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    auto line = [&](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i) out << (i ? "," : "") << csv_field(cells[i]);
        out << "\n";
    };
    line(table.header);
    for (const auto& row : table.rows) line(row);
    out.close();
    if (!out) {
        if (error) *error = path + ": cannot write";
        return false;
    }
    return true;
}

}  // namespace sextant::ui
