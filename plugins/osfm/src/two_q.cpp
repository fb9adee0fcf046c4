// Full 2Q (Johnson & Shasha, VLDB'94): a first reference enters the FIFO A1in; pages pushed out
// of A1in are remembered in the ghost FIFO A1out; a reference to a remembered page admits it
// to the LRU list Am. A hit in A1in changes nothing (correlated references).
#include "osfm/cache_policy.hpp"

#include <algorithm>
#include <cmath>

namespace sextant::osfm {

namespace {

enum { A1in, A1out, Am };

class TwoQ final : public CachePolicy {
public:
    TwoQ(std::size_t capacity, TwoQTuning t)
        : c_(capacity),
          kin_(std::max<std::size_t>(1, static_cast<std::size_t>(std::floor(t.kin * capacity)))),
          kout_(std::max<std::size_t>(1, static_cast<std::size_t>(std::floor(t.kout * capacity)))),
          lists_(3, capacity + kout_ + 1) {}

    bool access(Page x) override {
        const int on = lists_.list_of(x);
        if (on == Am) {
            lists_.push_newest(Am, x);
            return true;
        }
        if (on == A1in) return true;
        if (on == A1out) {
            lists_.remove(x);
            reclaim();
            lists_.push_newest(Am, x);
            return false;
        }
        reclaim();
        lists_.push_newest(A1in, x);
        return false;
    }
    void prefetch(Page x) override {
        const int on = lists_.list_of(x);
        if (on == A1in || on == Am) return;
        if (on == A1out) lists_.remove(x);
        reclaim();
        lists_.push_newest(A1in, x);
    }
    bool contains(Page x) const override {
        const int on = lists_.list_of(x);
        return on == A1in || on == Am;
    }
    std::size_t size() const override { return lists_.size(A1in) + lists_.size(Am); }
    std::size_t capacity() const override { return c_; }
    std::unique_ptr<CachePolicy> clone() const override { return std::make_unique<TwoQ>(*this); }
    std::vector<Page> resident() const override {
        std::vector<Page> out = lists_.oldest_first(A1in), am = lists_.oldest_first(Am);
        out.insert(out.end(), am.begin(), am.end());
        return out;
    }

private:
    // Makes room for one page.
    void reclaim() {
        if (size() < c_) return;
        if (lists_.size(A1in) > kin_ || lists_.size(Am) == 0) {
            Page y = lists_.oldest(A1in);
            lists_.push_newest(A1out, y);
            if (lists_.size(A1out) > kout_) lists_.pop_oldest(A1out);
        } else {
            lists_.pop_oldest(Am);
        }
    }

    std::size_t c_, kin_, kout_;
    PageLists lists_;
};

}  // namespace

std::unique_ptr<CachePolicy> make_two_q(std::size_t capacity, TwoQTuning tuning) {
    return std::make_unique<TwoQ>(capacity, tuning);
}

}  // namespace sextant::osfm
