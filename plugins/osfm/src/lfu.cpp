// LFU over the pages in the cache: evict the fewest references since the page came in, the
// least recently used among equals. A min-heap with lazy deletion: a hit pushes a new entry
// and stale ones are skipped (and compacted away when they outnumber live ones).
#include "osfm/cache_policy.hpp"

#include <algorithm>
#include <functional>
#include <tuple>
#include <unordered_map>

namespace sextant::osfm {

namespace {

class Lfu final : public CachePolicy {
public:
    explicit Lfu(std::size_t capacity) : capacity_(capacity) { where_.reserve(capacity + 1); }

    bool access(Page p) override {
        auto it = where_.find(p);
        if (it != where_.end()) {
            touch(p, it->second, it->second.count + 1);
            return true;
        }
        insert(p, 1);
        return false;
    }
    void prefetch(Page p) override {
        // Counted like a first reference, as every other policy here admits a prefetched page.
        // (Entering at count 0 makes LFU evict read-ahead pages before their first use:
        // docs/osfm.md measures that interaction.)
        if (!contains(p)) insert(p, 1);
    }
    bool contains(Page p) const override { return where_.count(p) != 0; }
    std::size_t size() const override { return where_.size(); }
    std::size_t capacity() const override { return capacity_; }
    std::unique_ptr<CachePolicy> clone() const override { return std::make_unique<Lfu>(*this); }
    std::vector<Page> resident() const override {
        std::vector<Entry> live;
        for (const auto& [page, s] : where_) live.emplace_back(s.count, s.tick, page);
        std::sort(live.begin(), live.end());
        std::vector<Page> out;
        for (const auto& e : live) out.push_back(std::get<2>(e));
        return out;
    }

private:
    struct State {
        std::uint64_t count;
        std::uint64_t tick;  // last reference, for the LRU tie-break
    };
    using Entry = std::tuple<std::uint64_t, std::uint64_t, Page>;  // count, tick, page

    void touch(Page p, State& s, std::uint64_t count) {
        s = {count, ++tick_};
        heap_.emplace_back(s.count, s.tick, p);
        std::push_heap(heap_.begin(), heap_.end(), std::greater<>{});
        if (heap_.size() > 2 * where_.size() + 64) compact();
    }
    void insert(Page p, std::uint64_t count) {
        if (where_.size() == capacity_) evict();
        State& s = where_[p];
        touch(p, s, count);
    }
    void evict() {
        for (;;) {
            std::pop_heap(heap_.begin(), heap_.end(), std::greater<>{});
            auto [count, tick, page] = heap_.back();
            heap_.pop_back();
            auto it = where_.find(page);
            if (it != where_.end() && it->second.tick == tick) {
                where_.erase(it);
                return;
            }
        }
    }
    void compact() {
        heap_.clear();
        for (const auto& [page, s] : where_) heap_.emplace_back(s.count, s.tick, page);
        std::make_heap(heap_.begin(), heap_.end(), std::greater<>{});
    }

    std::size_t capacity_;
    std::uint64_t tick_ = 0;
    std::vector<Entry> heap_;
    std::unordered_map<Page, State> where_;
};

}  // namespace

std::unique_ptr<CachePolicy> make_lfu(std::size_t capacity) { return std::make_unique<Lfu>(capacity); }

}  // namespace sextant::osfm
