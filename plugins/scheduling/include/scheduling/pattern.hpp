// A job's periodic bandwidth demand on a link: CASSINI's "Up" phases within one iteration.
#pragma once

#include <string>
#include <vector>

namespace sextant::scheduling {

struct Phase {
    double start_ms = 0.0;  // offset from the iteration start
    double duration_ms = 0.0;
    double gbps = 0.0;  // demand while the phase lasts
};

struct Pattern {
    std::string name;
    double iteration_ms = 0.0;  // the period
    std::vector<Phase> phases;
};

// Throws std::invalid_argument naming the job and phase when a pattern is malformed
// (non-positive period, negative numbers, a phase running past the iteration end).
void validate(const Pattern& pattern);

}  // namespace sextant::scheduling
