#include "compression_training/gloo_collective.hpp"

#include <gloo/common/error.h>
#include <gloo/rendezvous/context.h>
#include <gloo/rendezvous/file_store.h>
#include <gloo/transport/tcp/device.h>
#include <gloo/transport/unbound_buffer.h>

#include <collective/reduce.hpp>

#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace compression_training {

namespace {

// Chunk c of a ring over n words and p ranks: [start, start + len).
struct Chunks {
    std::size_t n, p;
    std::size_t start(std::size_t c) const { return c * (n / p) + std::min(c, n % p); }
    std::size_t len(std::size_t c) const { return n / p + (c < n % p ? 1 : 0); }
};

}  // namespace

struct GlooCollective::Impl {
    int rank = 0, size = 1;
    std::chrono::milliseconds timeout{};
    std::shared_ptr<gloo::rendezvous::Context> context;
    std::uint64_t sent = 0, received = 0;

    void wait_recv(gloo::transport::UnboundBuffer& b, int from) {
        if (!b.waitRecv(timeout))
            throw std::runtime_error("rank " + std::to_string(rank) + ": receive from rank " + std::to_string(from) +
                                     " aborted");
    }
    void wait_send(gloo::transport::UnboundBuffer& b, int to) {
        if (!b.waitSend(timeout))
            throw std::runtime_error("rank " + std::to_string(rank) + ": send to rank " + std::to_string(to) +
                                     " aborted");
    }

    void ring(compression::Reduce op, std::span<std::uint32_t> w) {
        const std::size_t p = static_cast<std::size_t>(size), r = static_cast<std::size_t>(rank);
        const Chunks ch{w.size(), p};
        const int right = static_cast<int>((r + 1) % p), left = static_cast<int>((r + p - 1) % p);
        const auto slot = static_cast<std::uint64_t>(context->nextSlot());
        // Separate buffer objects for sending and receiving: each has one operation pending.
        auto out = context->createUnboundBuffer(w.data(), w.size_bytes());
        auto in = context->createUnboundBuffer(w.data(), w.size_bytes());
        std::vector<std::uint32_t> tmp(ch.len(0));
        auto tmp_in = context->createUnboundBuffer(tmp.data(), tmp.size() * 4);

        // Reduce-scatter: after p-1 steps rank r holds the full reduction of chunk r+1.
        for (std::size_t s = 0; s + 1 < p; ++s) {
            const std::size_t sc = (r + p - s) % p, rc = (r + 2 * p - s - 1) % p;
            if (ch.len(sc)) out->send(right, slot, ch.start(sc) * 4, ch.len(sc) * 4);
            if (ch.len(rc)) {
                tmp_in->recv(left, slot, 0, ch.len(rc) * 4);
                wait_recv(*tmp_in, left);
                collective::reduce_words(op, w.subspan(ch.start(rc), ch.len(rc)), std::span(tmp).first(ch.len(rc)));
                received += ch.len(rc) * 4;
            }
            if (ch.len(sc)) {
                wait_send(*out, right);
                sent += ch.len(sc) * 4;
            }
        }
        // Allgather: pass the finished chunks around the ring.
        for (std::size_t s = 0; s + 1 < p; ++s) {
            const std::size_t sc = (r + 1 + p - s) % p, rc = (r + p - s) % p;
            if (ch.len(sc)) out->send(right, slot, ch.start(sc) * 4, ch.len(sc) * 4);
            if (ch.len(rc)) {
                in->recv(left, slot, ch.start(rc) * 4, ch.len(rc) * 4);
                wait_recv(*in, left);
                received += ch.len(rc) * 4;
            }
            if (ch.len(sc)) {
                wait_send(*out, right);
                sent += ch.len(sc) * 4;
            }
        }
    }
};

namespace {

// Empty when `host` resolves to an address this rank can listen on, else getaddrinfo's word.
std::string resolve_problem(const std::string& host) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &found);
    if (found) ::freeaddrinfo(found);
    return rc == 0 ? "" : std::string("the name does not resolve (") + ::gai_strerror(rc) + ")";
}

}  // namespace

GlooCollective::GlooCollective(int rank, int size, const GlooOptions& options) : impl_(std::make_unique<Impl>()) {
    if (size < 1 || rank < 0 || rank >= size)
        throw std::invalid_argument("rank " + std::to_string(rank) + " is not in 0.." + std::to_string(size - 1));
    impl_->rank = rank;
    impl_->size = size;
    impl_->timeout = options.timeout;
    try {
        gloo::transport::tcp::attr attr;
        if (options.iface.empty()) attr.hostname = options.host;
        else attr.iface = options.iface;
        std::shared_ptr<gloo::transport::Device> device;
        // Gloo crashes (SIGSEGV) on a host name that does not resolve: ask first.
        if (options.iface.empty()) {
            if (const std::string problem = resolve_problem(options.host); !problem.empty())
                throw std::runtime_error("rank " + std::to_string(rank) + " of " + std::to_string(size) +
                                         " cannot listen on host " + options.host + ": " + problem +
                                         " (name the interface to use with the target's network_interface)");
        }
        try {
            device = gloo::transport::tcp::CreateDevice(attr);
        } catch (const std::exception& e) {  // Gloo's ENFORCE errors are not gloo::Exception
            throw std::runtime_error(
                "rank " + std::to_string(rank) + " of " + std::to_string(size) + " cannot listen on " +
                (options.iface.empty() ? "host " + options.host : "interface " + options.iface) + ": " + e.what());
        }
        std::filesystem::create_directories(options.rendezvous);
        gloo::rendezvous::FileStore store(options.rendezvous.string());
        impl_->context = std::make_shared<gloo::rendezvous::Context>(rank, size);
        impl_->context->setTimeout(options.timeout);
        impl_->context->connectFullMesh(store, device);
    } catch (const gloo::Exception& e) {
        throw std::runtime_error("rank " + std::to_string(rank) + " of " + std::to_string(size) +
                                 ": Gloo rendezvous in " + options.rendezvous.string() +
                                 (options.iface.empty() ? "" : " over interface " + options.iface) +
                                 " failed: " + e.what());
    }
}

GlooCollective::~GlooCollective() = default;

int GlooCollective::rank() const { return impl_->rank; }
int GlooCollective::size() const { return impl_->size; }
std::uint64_t GlooCollective::bytes_sent() const { return impl_->sent; }
std::uint64_t GlooCollective::bytes_received() const { return impl_->received; }

std::uint64_t GlooCollective::allreduce_bytes(std::size_t words) const {
    const std::size_t p = static_cast<std::size_t>(impl_->size), r = static_cast<std::size_t>(impl_->rank);
    const Chunks ch{words, p};
    std::uint64_t bytes = 0;
    for (std::size_t s = 0; s + 1 < p; ++s) bytes += ch.len((r + p - s) % p) * 4 + ch.len((r + 1 + p - s) % p) * 4;
    return bytes;
}

void GlooCollective::allreduce(compression::Reduce op, std::span<std::uint32_t> words) {
    if (impl_->size == 1 || words.empty()) return;
    try {
        impl_->ring(op, words);
    } catch (const gloo::Exception& e) {
        throw std::runtime_error("rank " + std::to_string(impl_->rank) +
                                 ": Gloo allreduce failed (a peer died or "
                                 "timed out after " +
                                 std::to_string(impl_->timeout.count() / 1000) + " s): " + e.what());
    }
}

}  // namespace compression_training
