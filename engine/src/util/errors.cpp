#include "util/errors.hpp"

namespace sextant {

void Problems::throw_if_any() const {
    if (items_.empty()) return;
    std::string text;
    for (const auto& item : items_) {
        if (!text.empty()) text += '\n';
        text += item;
    }
    throw InputError(text);
}

}  // namespace sextant
