// A Collective over Gloo's TCP transport: ranks meet through a file store (a folder all
// ranks can reach: the run's artifact folder on this machine, a shared file system across
// machines) and connect a full mesh. allreduce is a ring (reduce-scatter, then allgather)
// on Gloo's point-to-point buffers, written here so every byte sent is counted and so the
// codec's operators (OR, byte max, wrapping int32 sum) apply - Gloo's own allreduce takes
// a custom function too, but would hide what it sends.
#pragma once

#include "compression_training/collective.hpp"

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

namespace compression_training {

struct GlooOptions {
    std::filesystem::path rendezvous;  // an empty folder, the same for all ranks
    std::string host = "127.0.0.1";    // the address this rank listens on
    std::string iface;                 // when set, this interface's address instead of host ("ib0")
    std::chrono::milliseconds timeout{120000};
};

class GlooCollective : public Collective {
public:
    // Blocks until all `size` ranks have connected (or the timeout passes: throws).
    GlooCollective(int rank, int size, const GlooOptions& options);
    ~GlooCollective() override;

    int rank() const override;
    int size() const override;
    void allreduce(compression::Reduce op, std::span<std::uint32_t> words) override;
    std::uint64_t bytes_sent() const override;
    std::uint64_t bytes_received() const override;
    std::uint64_t allreduce_bytes(std::size_t words) const override;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace compression_training
