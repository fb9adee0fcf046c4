// Errors that carry a location a user can act on (file, field path, line:column).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace sextant {

// Bad input: a malformed project, an unknown plugin, a bad --set. Maps to exit code 2.
class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Collects every problem found while checking one input, so a user fixes them all at once.
class Problems {
public:
    explicit Problems(std::string file) : file_(std::move(file)) {}
    void add(const std::string& path, const std::string& message) {
        items_.push_back(file_ + ": " + (path.empty() ? "" : path + ": ") + message);
    }
    bool empty() const { return items_.empty(); }
    const std::vector<std::string>& items() const { return items_; }
    // Throws InputError listing every problem, one per line.
    void throw_if_any() const;

private:
    std::string file_;
    std::vector<std::string> items_;
};

}  // namespace sextant
