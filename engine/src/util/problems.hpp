// What is wrong with an input, kept structured (where, what, what was probably meant) so the
// CLI prints it and the GUI shows it beside the field it is about, neither parsing text.
#pragma once

#include <string>
#include <vector>

namespace sextant {

struct Problem {
    std::string file;        // the input: "project.sextant", "target"
    std::string path;        // the field: "experiments[0].params.steps", ".sweep.grid[0].values"; "" for all of it
    std::string message;     // "expected an integer in [0, 100], got 1000"
    std::string suggestion;  // the known name closest to an unknown one ("steps" for "stepz"), or ""
};

// `parent.field`, or `field` at the top of an input (paths relative to what a check looks at).
std::string field_path(const std::string& parent, const std::string& field);

// One line as `sextant-cli validate` prints it: "file: path: message (did you mean 'x'?)".
std::string problem_text(const Problem& problem);

// Collects every problem found while checking one input, so a user fixes them all at once.
class Problems {
public:
    explicit Problems(std::string file) : file_(std::move(file)) {}
    void add(const std::string& path, const std::string& message, const std::string& suggestion = {}) {
        items_.push_back({file_, path, message, suggestion});
    }
    bool empty() const { return items_.empty(); }
    std::size_t size() const { return items_.size(); }
    const std::vector<Problem>& items() const { return items_; }
    // Each problem as problem_text() writes it.
    std::vector<std::string> texts() const;
    // Throws InputError listing every problem, one per line.
    void throw_if_any() const;

private:
    std::string file_;
    std::vector<Problem> items_;
};

}  // namespace sextant
