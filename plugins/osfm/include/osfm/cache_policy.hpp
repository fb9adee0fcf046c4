// Page-cache replacement policies behind one interface: LRU, CLOCK, LFU, ARC and 2Q (online),
// and Belady's OPT (offline: it needs the whole trace, see belady.hpp).
#pragma once

#include "osfm/page_list.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace sextant::osfm {

enum class PolicyKind { Lru, Clock, Lfu, Arc, TwoQ, Opt };

const std::vector<PolicyKind>& online_policies();  // every kind but Opt
const char* policy_name(PolicyKind kind);          // "lru", "clock", "lfu", "arc", "2q", "opt"
// Throws std::invalid_argument naming the accepted names.
PolicyKind parse_policy(const std::string& name);

// What the rest of the machine looks like to a cache policy that wants to know (the learned
// eviction scorer's joint inputs). The OS simulator provides it.
class SystemView {
public:
    enum class Owner { Running, Ready, Blocked, Finished, Unknown };
    virtual ~SystemView() = default;
    virtual std::size_t run_queue() const = 0;     // processes ready to run, not running
    virtual std::size_t device_queue() const = 0;  // requests queued or in service
    virtual Owner owner(Page p) const = 0;         // state of the process whose file holds p
};

class CachePolicy {
public:
    virtual ~CachePolicy() = default;
    // A demand reference: true on a hit. On a miss the page is brought in, evicting one
    // page when the cache is full (demand paging: the new page always enters).
    virtual bool access(Page p) = 0;
    // A prefetched page enters without counting as a reference; nothing happens if cached.
    virtual void prefetch(Page p) = 0;
    virtual bool contains(Page p) const = 0;
    virtual std::size_t size() const = 0;
    virtual std::size_t capacity() const = 0;
    // A copy with the same state: candidates replay from one snapshot.
    virtual std::unique_ptr<CachePolicy> clone() const = 0;
    // The cached pages, the next victim first as far as the policy orders them (a switch to
    // another policy rebuilds its state from this order).
    virtual std::vector<Page> resident() const = 0;
    // The machine around the cache, for policies that use it (called before the first access).
    virtual void observe(const SystemView*) {}
};

// Two-queue tuning: A1in holds kin x capacity pages, the ghost A1out kout x capacity.
struct TwoQTuning {
    double kin = 0.25;   // Johnson & Shasha (VLDB'94) recommend 25% ...
    double kout = 0.50;  // ... and 50% of the cache
};

// An online policy (Opt throws std::invalid_argument: it is offline). capacity >= 1 pages.
std::unique_ptr<CachePolicy> make_policy(PolicyKind kind, std::size_t capacity, TwoQTuning two_q = {});

std::unique_ptr<CachePolicy> make_lru(std::size_t capacity);
std::unique_ptr<CachePolicy> make_clock(std::size_t capacity);
std::unique_ptr<CachePolicy> make_lfu(std::size_t capacity);
std::unique_ptr<CachePolicy> make_arc(std::size_t capacity);
std::unique_ptr<CachePolicy> make_two_q(std::size_t capacity, TwoQTuning tuning);

}  // namespace sextant::osfm
