// Timing of the codec's steps in CPU time of the calling thread: the codec is single-
// threaded, so this is its cost per core, undisturbed by other processes sharing the
// machine (memory stalls still count).
#pragma once

#include <time.h>

namespace compression {

class Stopwatch {
public:
    Stopwatch() : start_(now()) {}
    double seconds() const { return now() - start_; }

private:
    static double now() {
        timespec t{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
    }
    double start_;
};

}  // namespace compression
