// An in-memory Collective for tests: K threads, each a rank; a reduction combines the
// ranks' messages in rank order (as the codec's in-process schemes combine workers), and
// counts each message once, as the codec reports message sizes.
#pragma once

#include <compression_training/collective.hpp>
#include <compression_training/gloo_collective.hpp>

#include <barrier>
#include <functional>
#include <thread>
#include <vector>

namespace compression_training::testing {

class ThreadGroup {
public:
    explicit ThreadGroup(int size) : size_(size), sync_(size), slots_(static_cast<std::size_t>(size)) {}
    int size() const { return size_; }

    void allreduce(int rank, compression::Reduce op, std::span<std::uint32_t> words) {
        slots_[static_cast<std::size_t>(rank)].assign(words.begin(), words.end());
        sync_.arrive_and_wait();
        std::vector<std::uint32_t> acc = slots_[0];
        for (std::size_t r = 1; r < slots_.size(); ++r) collective::reduce_words(op, acc, slots_[r]);
        std::copy(acc.begin(), acc.end(), words.begin());
        sync_.arrive_and_wait();  // nobody overwrites a slot before all have read it
    }

    // Runs body(rank) on one thread per rank and waits for all.
    void run(const std::function<void(int)>& body) {
        std::vector<std::thread> threads;
        for (int r = 0; r < size_; ++r) threads.emplace_back(body, r);
        for (auto& t : threads) t.join();
    }

private:
    int size_;
    std::barrier<> sync_;
    std::vector<std::vector<std::uint32_t>> slots_;
};

class ThreadCollective : public Collective {
public:
    ThreadCollective(ThreadGroup& group, int rank) : group_(group), rank_(rank) {}
    int rank() const override { return rank_; }
    int size() const override { return group_.size(); }
    void allreduce(compression::Reduce op, std::span<std::uint32_t> words) override {
        group_.allreduce(rank_, op, words);
        sent_ += words.size() * 4;
        received_ += words.size() * 4;
    }
    std::uint64_t bytes_sent() const override { return sent_; }
    std::uint64_t bytes_received() const override { return received_; }
    std::uint64_t allreduce_bytes(std::size_t words) const override { return words * 4; }

private:
    ThreadGroup& group_;
    int rank_;
    std::uint64_t sent_ = 0, received_ = 0;
};

}  // namespace compression_training::testing
