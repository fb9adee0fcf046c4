#include "models/terminal_observer.hpp"

#include <memory>

namespace models {

BuildObserver terminal_observer(std::ostream& out) {
    BuildObserver observer;
    auto last = std::make_shared<int>(-1);  // shared by the observer's copies
    observer.progress = [&out, last](double fraction, const std::string& what) {
        const int percent = static_cast<int>(fraction * 100);
        if (percent == *last) return;
        *last = percent;
        out << "\r" << what << " " << percent << "%   " << std::flush;
    };
    observer.log = [&out](const std::string& line) { out << "\n" << line << std::endl; };
    return observer;
}

}  // namespace models
