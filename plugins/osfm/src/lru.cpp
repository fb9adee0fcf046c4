// LRU: one recency list; a hit moves the page to the newest end, a miss evicts the oldest.
#include "osfm/cache_policy.hpp"

namespace sextant::osfm {

namespace {

class Lru final : public CachePolicy {
public:
    explicit Lru(std::size_t capacity) : capacity_(capacity), pages_(1, capacity + 1) {}

    bool access(Page p) override {
        bool hit = pages_.list_of(p) != PageLists::kNone;
        if (!hit && pages_.size(0) == capacity_) pages_.pop_oldest(0);
        pages_.push_newest(0, p);
        return hit;
    }
    void prefetch(Page p) override {
        if (!contains(p)) access(p);  // Linux puts readahead pages on the list like a first reference
    }
    bool contains(Page p) const override { return pages_.list_of(p) != PageLists::kNone; }
    std::size_t size() const override { return pages_.size(0); }
    std::size_t capacity() const override { return capacity_; }
    std::unique_ptr<CachePolicy> clone() const override { return std::make_unique<Lru>(*this); }
    std::vector<Page> resident() const override { return pages_.oldest_first(0); }

private:
    std::size_t capacity_;
    PageLists pages_;
};

}  // namespace

std::unique_ptr<CachePolicy> make_lru(std::size_t capacity) { return std::make_unique<Lru>(capacity); }

}  // namespace sextant::osfm
