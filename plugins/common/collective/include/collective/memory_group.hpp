// K participants in one process: a round encodes each worker's message in turn and folds
// it into the result in worker order (float sums are therefore those of a ring that adds
// in rank order). The codec's in-process schemes run on it; it keeps its scratch message
// between calls, so a scheme reused per tensor allocates nothing again.
#pragma once

#include "collective/group.hpp"

namespace collective {

class MemoryGroup final : public Group {
public:
    // Starts an aggregation of `workers` participants: forgets the tally, keeps the scratch.
    void start(std::size_t workers);

    std::size_t size() const override { return workers_; }
    std::size_t members() const override { return workers_; }
    std::string member_name(std::size_t local) const override { return "worker " + std::to_string(local); }
    // Thread CPU time: the codec is single-threaded, so this is its cost per core,
    // undisturbed by other processes sharing the machine.
    double now() const override;
    void round(const std::string& name, Reduce op, Words& result, const Encode& encode, Pass pass) override;

private:
    std::size_t workers_ = 0;
    Words message_;
};

}  // namespace collective
