#include "collective/memory_group.hpp"

#include <stdexcept>
#include <time.h>

namespace collective {

void MemoryGroup::start(std::size_t workers) {
    workers_ = workers;
    tally_ = {};
}

double MemoryGroup::now() const {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

void MemoryGroup::round(const std::string& name, Reduce op, Words& result, const Encode& encode, Pass pass) {
    for (std::size_t w = 0; w < workers_; ++w) {
        double t = now();
        Words& msg = w == 0 ? result : message_;  // worker 0 builds into the result
        encode(w, msg);
        const double encoded = now();
        tally_.encode_s += encoded - t;
        if (w == 0) continue;
        if (msg.size() != result.size())
            throw std::logic_error("round '" + name + "': worker " + std::to_string(w) + " sent " +
                                   std::to_string(msg.size()) + " words, worker 0 sent " +
                                   std::to_string(result.size()));
        reduce_words(op, result, msg);
        tally_.reduce_s += now() - encoded;
    }
    tally_.rounds.push_back({name, op, message_bytes(result), message_bytes(result), pass});
}

}  // namespace collective
