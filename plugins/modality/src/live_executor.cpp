#include "modality/live_executor.hpp"

#include "modality/profile.hpp"

#include <xxhash.h>

namespace sextant::modality {

LiveExecutor::LiveExecutor(const AvtServer& server, std::uint64_t seed) : server_(server), seed_(seed) {
    if (server.split().count() == 0) throw std::invalid_argument("live executor: the test split is empty");
}

std::int64_t LiveExecutor::sample_of(std::int64_t request) const {
    const std::uint64_t key[2] = {seed_, static_cast<std::uint64_t>(request)};
    return static_cast<std::int64_t>(XXH3_64bits(key, sizeof key) % server_.split().count());
}

double LiveExecutor::run(const BatchWork& w, std::vector<char>& correct) {
    if (w.batch < 1 || w.requests.empty() || static_cast<int>(w.requests.size()) > w.batch)
        throw std::invalid_argument("live executor: a batch of " + std::to_string(w.batch) + " rows with " +
                                    std::to_string(w.requests.size()) + " requests");
    std::vector<std::int64_t> samples;
    for (auto r : w.requests) samples.push_back(sample_of(r));
    samples.resize(static_cast<std::size_t>(w.batch), samples.front());  // padding
    AvtRequests in = server_.prepare(samples, (w.mask & kA) != 0);
    const AvtServer::Served s = server_.serve(w.mask, in);
    correct.resize(w.requests.size());
    for (std::size_t i = 0; i < w.requests.size(); ++i) correct[i] = s.labels[i] == in.labels[i];
    busy_s_ += s.seconds;
    wall_s_ += s.wall_seconds;
    ++batches_;
    return s.seconds;
}

bool LiveExecutor::correct(std::int64_t request, unsigned mask) {
    auto it = right_.find(request);
    if (it == right_.end()) {
        unsigned bits = 0;
        for (unsigned m : all_masks()) {
            AvtRequests in = server_.prepare({sample_of(request)}, (m & kA) != 0);
            if (server_.serve(m, in).labels[0] == in.labels[0]) bits |= 1u << m;
        }
        it = right_.emplace(request, bits).first;
    }
    return (it->second >> mask) & 1u;
}

}  // namespace sextant::modality
