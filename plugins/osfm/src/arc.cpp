// ARC (Megiddo & Modha, FAST'03, Fig. 4): T1 holds pages seen once recently, T2 pages seen at
// least twice; the ghosts B1 and B2 remember what each evicted, and a hit on a ghost moves the
// target size p of T1 towards the list that would have kept the page.
#include "osfm/cache_policy.hpp"

#include <algorithm>

namespace sextant::osfm {

namespace {

enum { T1, T2, B1, B2 };

class Arc final : public CachePolicy {
public:
    explicit Arc(std::size_t capacity) : c_(capacity), lists_(4, 2 * capacity + 1) {}

    bool access(Page x) override {
        const int on = lists_.list_of(x);
        if (on == T1 || on == T2) {  // case I
            lists_.push_newest(T2, x);
            return true;
        }
        const double b1 = static_cast<double>(lists_.size(B1)), b2 = static_cast<double>(lists_.size(B2));
        if (on == B1) {  // case II
            p_ = std::min(static_cast<double>(c_), p_ + std::max(b2 / b1, 1.0));
            replace(false);
            lists_.push_newest(T2, x);
            return false;
        }
        if (on == B2) {  // case III
            p_ = std::max(0.0, p_ - std::max(b1 / b2, 1.0));
            replace(true);
            lists_.push_newest(T2, x);
            return false;
        }
        admit_new(x);  // case IV
        return false;
    }
    void prefetch(Page x) override {
        const int on = lists_.list_of(x);
        if (on == T1 || on == T2) return;
        if (on != PageLists::kNone) lists_.remove(x);  // a ghost: forget it, no adaptation
        admit_new(x);
    }
    bool contains(Page x) const override {
        const int on = lists_.list_of(x);
        return on == T1 || on == T2;
    }
    std::size_t size() const override { return lists_.size(T1) + lists_.size(T2); }
    std::size_t capacity() const override { return c_; }
    std::unique_ptr<CachePolicy> clone() const override { return std::make_unique<Arc>(*this); }
    std::vector<Page> resident() const override {
        std::vector<Page> out = lists_.oldest_first(T1), t2 = lists_.oldest_first(T2);
        out.insert(out.end(), t2.begin(), t2.end());
        return out;
    }

private:
    void admit_new(Page x) {
        const std::size_t l1 = lists_.size(T1) + lists_.size(B1);
        const std::size_t total = l1 + lists_.size(T2) + lists_.size(B2);
        if (l1 == c_) {
            if (lists_.size(T1) < c_) {
                lists_.pop_oldest(B1);
                replace(false);
            } else {
                lists_.pop_oldest(T1);
            }
        } else if (total >= c_) {
            if (total == 2 * c_) lists_.pop_oldest(B2);
            replace(false);
        }
        lists_.push_newest(T1, x);
    }
    // REPLACE(x, p): evict from T1 into B1 or from T2 into B2.
    void replace(bool x_in_b2) {
        const double t1 = static_cast<double>(lists_.size(T1));
        if (t1 >= 1 && ((x_in_b2 && t1 == p_) || t1 > p_)) lists_.push_newest(B1, lists_.oldest(T1));
        else if (lists_.size(T2) > 0) lists_.push_newest(B2, lists_.oldest(T2));
        else lists_.push_newest(B1, lists_.oldest(T1));
    }

    std::size_t c_;
    double p_ = 0;
    PageLists lists_;
};

}  // namespace

std::unique_ptr<CachePolicy> make_arc(std::size_t capacity) { return std::make_unique<Arc>(capacity); }

}  // namespace sextant::osfm
