// The dense baselines: float32 allreduce and SwitchML-style fixed point.
#include "compression/baselines.hpp"
#include "compression/dense_rounds.hpp"

#include <collective/memory_group.hpp>

namespace compression {

namespace {

using Rounds = double (*)(collective::Group&, std::span<const std::span<const float>>, std::span<float>);

Report run_in_memory(Rounds rounds, std::span<const std::span<const float>> workers, std::span<float> out) {
    check_inputs(workers, out, false);  // the rounds check finiteness, naming the worker
    const std::size_t K = workers.size();
    collective::MemoryGroup group;
    group.start(K);
    const double decode = rounds(group, workers, out);
    Report rep;
    rep.values = out.size();
    rep.workers = K;
    rep.rounds = group.tally().rounds;
    rep.timing = {group.tally().encode_s / static_cast<double>(K), group.tally().reduce_s, decode};
    rep.union_nonzeros = union_count(workers);
    return rep;
}

}  // namespace

Report DenseScheme::aggregate(std::span<const std::span<const float>> workers, std::span<float> out) {
    return run_in_memory(dense_rounds, workers, out);
}

Report DenseIntScheme::aggregate(std::span<const std::span<const float>> workers, std::span<float> out) {
    return run_in_memory(dense_int_rounds, workers, out);
}

}  // namespace compression
