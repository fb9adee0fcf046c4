#include "util/problems.hpp"

#include "util/closest_name.hpp"
#include "util/errors.hpp"

namespace sextant {

std::string field_path(const std::string& parent, const std::string& field) {
    return parent.empty() ? field : parent + "." + field;
}

std::string problem_text(const Problem& p) {
    return p.file + ": " + (p.path.empty() ? "" : p.path + ": ") + p.message + did_you_mean_text(p.suggestion);
}

std::vector<std::string> Problems::texts() const {
    std::vector<std::string> out;
    for (const auto& p : items_) out.push_back(problem_text(p));
    return out;
}

void Problems::throw_if_any() const {
    if (items_.empty()) return;
    std::string text;
    for (const auto& line : texts()) text += (text.empty() ? "" : "\n") + line;
    throw InputError(text);
}

}  // namespace sextant
