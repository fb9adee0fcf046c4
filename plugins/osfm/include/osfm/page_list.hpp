// Recency lists of pages over one node pool: LRU, ARC (T1, T2, B1, B2) and 2Q (A1in, A1out,
// Am) are all a few lists plus one page -> node index. Nodes are indices, not pointers, so a
// policy copies with its default copy constructor (policy selection replays from snapshots).
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace sextant::osfm {

using Page = std::uint64_t;

class PageLists {
public:
    static constexpr int kNone = -1;

    explicit PageLists(int lists, std::size_t expected_pages = 0) : lists_(lists) {
        where_.reserve(expected_pages);
        nodes_.reserve(expected_pages);
    }

    // The list a page is on, or kNone.
    int list_of(Page p) const {
        auto it = where_.find(p);
        return it == where_.end() ? kNone : nodes_[it->second].list;
    }
    std::size_t size(int list) const { return lists_[list].size; }
    // Least recently inserted/touched page of a list (the list must not be empty).
    Page oldest(int list) const { return nodes_[lists_[list].tail].page; }

    std::vector<Page> oldest_first(int list) const {
        std::vector<Page> out;
        out.reserve(lists_[list].size);
        for (int n = lists_[list].tail; n != kNone; n = nodes_[n].prev) out.push_back(nodes_[n].page);
        return out;
    }

    // Puts the page at the newest end of `list`, taking it off any list it is on.
    void push_newest(int list, Page p) {
        auto [it, fresh] = where_.try_emplace(p, 0);
        int n;
        if (fresh) {
            n = allocate(p);
            it->second = n;
        } else {
            n = it->second;
            unlink(n);
        }
        link_head(list, n);
    }
    void remove(Page p) {
        auto it = where_.find(p);
        if (it == where_.end()) return;
        unlink(it->second);
        free_.push_back(it->second);
        where_.erase(it);
    }
    // Removes and returns the oldest page of a list (the list must not be empty).
    Page pop_oldest(int list) {
        Page p = oldest(list);
        remove(p);
        return p;
    }

private:
    struct Node {
        Page page = 0;
        int prev = kNone, next = kNone;
        int list = kNone;
    };
    struct List {
        int head = kNone, tail = kNone;
        std::size_t size = 0;
    };

    int allocate(Page p) {
        int n;
        if (!free_.empty()) {
            n = free_.back();
            free_.pop_back();
        } else {
            n = static_cast<int>(nodes_.size());
            nodes_.emplace_back();
        }
        nodes_[n] = Node{p, kNone, kNone, kNone};
        return n;
    }
    void unlink(int n) {
        Node& x = nodes_[n];
        if (x.list == kNone) return;
        List& l = lists_[x.list];
        if (x.prev != kNone) nodes_[x.prev].next = x.next;
        else l.head = x.next;
        if (x.next != kNone) nodes_[x.next].prev = x.prev;
        else l.tail = x.prev;
        --l.size;
        x.prev = x.next = x.list = kNone;
    }
    void link_head(int list, int n) {
        Node& x = nodes_[n];
        List& l = lists_[list];
        x.list = list;
        x.prev = kNone;
        x.next = l.head;
        if (l.head != kNone) nodes_[l.head].prev = n;
        else l.tail = n;
        l.head = n;
        ++l.size;
    }

    std::vector<List> lists_;
    std::vector<Node> nodes_;
    std::vector<int> free_;
    std::unordered_map<Page, int> where_;
};

}  // namespace sextant::osfm
