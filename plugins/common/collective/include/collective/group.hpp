// A group reducing one message per participant, round after round: the interface that
// protocols (the compression codec's schemes) are written against once, whatever carries
// the rounds. A process holds the data of some of the participants, its members: all K in
// memory (the codec), one over Gloo (a training rank), all K on the simulated switch.
//
// A round: every member encodes its message (the same length in the whole group), the
// group reduces them element-wise, and every member holds the reduction. What a member
// computes from a round's result is the same everywhere (it depends only on the result),
// so a protocol decodes once per process.
#pragma once

#include "collective/reduce.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace collective {

using Words = std::vector<std::uint32_t>;

// Whether a round's messages wait for the previous round's result (the next pass over the
// network: one more latency) or are built from the same inputs and travel with it in the
// same pass (LHC's one-pass index and sketch).
enum class Pass { next, same };

struct Round {
    std::string name;  // "meta", "index", "sketch", "repair", ...
    Reduce op = Reduce::sum_int32;
    std::uint64_t bytes_sent = 0;      // per participant, upstream
    std::uint64_t bytes_received = 0;  // per participant, downstream
    Pass pass = Pass::next;
};

// Dependent passes over the network among `rounds`: the rounds that start a new pass.
std::size_t passes(const std::vector<Round>& rounds);

// What the rounds so far cost. Times are in the group's clock (now()).
struct Tally {
    std::vector<Round> rounds;
    double encode_s = 0;  // building messages, summed over this process's members
    double reduce_s = 0;  // the reductions: in memory, the network (Gloo) or simulated (switch)
};

class Group {
public:
    // Fills member `local`'s message for this round (sizing it).
    using Encode = std::function<void(std::size_t local, Words& message)>;

    virtual ~Group() = default;
    virtual std::size_t size() const = 0;     // participants in the whole reduction (K)
    virtual std::size_t members() const = 0;  // those whose data this process holds
    // Who member `local` is, for error messages: "worker 3", "rank 1".
    virtual std::string member_name(std::size_t local) const = 0;
    // Seconds on the group's clock (the codec's is thread CPU time, a rank's wall time).
    virtual double now() const = 0;

    // One round named `name`: `result` holds the reduction of all participants' messages
    // afterwards. Records the round and its encode and reduce times in tally(). With
    // Pass::same the messages must not depend on the previous round's result: a transport
    // may send both in one pass (the in-memory and Gloo groups still reduce them in turn).
    virtual void round(const std::string& name, Reduce op, Words& result, const Encode& encode,
                       Pass pass = Pass::next) = 0;

    // Encoding work done outside a round (scanning a gradient), counted with encode_s.
    template <class F>
    void encode_step(F&& step) {
        const double t = now();
        step();
        tally_.encode_s += now() - t;
    }
    const Tally& tally() const { return tally_; }

protected:
    Tally tally_;
};

// The participant's share of message bytes for a round of `words`, as rounds count it.
inline std::uint64_t message_bytes(const Words& words) { return words.size() * 4ull; }

}  // namespace collective
