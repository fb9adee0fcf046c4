#include "federated/auxo.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <stdexcept>

namespace federated {

namespace {

double distance(const std::vector<float>& a, const std::vector<float>& b) {
    double s = 0;
    for (std::size_t i = 0; i < a.size(); ++i) s += (a[i] - b[i]) * static_cast<double>(a[i] - b[i]);
    return std::sqrt(s);
}

// Lloyd's 2-means from a k-means++ start; returns 0/1 per row.
std::vector<int> two_means(const std::vector<std::vector<float>>& u, Rng& rng) {
    const std::size_t n = u.size(), d = u[0].size();
    std::vector<std::vector<float>> c = {u[below(rng, n)]};
    std::vector<double> far(n);
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) total += (far[i] = std::pow(distance(u[i], c[0]), 2));
    double pick = uniform(rng) * total;
    std::size_t j = 0;
    while (j + 1 < n && pick >= far[j]) pick -= far[j++];
    c.push_back(u[j]);
    std::vector<int> side(n, 0);
    for (int it = 0; it < 50; ++it) {
        bool changed = false;
        for (std::size_t i = 0; i < n; ++i) {
            const int s = distance(u[i], c[1]) < distance(u[i], c[0]) ? 1 : 0;
            changed |= s != side[i];
            side[i] = s;
        }
        for (int k = 0; k < 2; ++k) {
            std::vector<float> m(d, 0.0f);
            std::size_t count = 0;
            for (std::size_t i = 0; i < n; ++i)
                if (side[i] == k) {
                    ++count;
                    for (std::size_t t = 0; t < d; ++t) m[t] += u[i][t];
                }
            if (count == 0) continue;
            for (auto& x : m) x /= static_cast<float>(count);
            c[static_cast<std::size_t>(k)] = std::move(m);
        }
        if (!changed && it > 0) break;
    }
    return side;
}

}  // namespace

double side_separation(const std::vector<std::vector<float>>& u, const std::vector<int>& side) {
    std::vector<int> label(side.size());
    for (std::size_t i = 0; i < side.size(); ++i) label[i] = side[i] != 0;
    return group_separation(u, label, 2);
}

double group_separation(const std::vector<std::vector<float>>& u, const std::vector<int>& label, int k) {
    if (k < 2 || u.empty()) return 0;
    const std::size_t groups = static_cast<std::size_t>(k), d = u[0].size();
    std::vector<std::size_t> count(groups, 0);
    for (int g : label) {
        if (g < 0 || g >= k) return 0;
        ++count[static_cast<std::size_t>(g)];
    }
    for (auto c : count)
        if (c < 2) return 0;
    std::vector<std::vector<double>> centre(groups, std::vector<double>(d, 0.0));
    for (std::size_t i = 0; i < u.size(); ++i)
        for (std::size_t t = 0; t < d; ++t) centre[static_cast<std::size_t>(label[i])][t] += u[i][t];
    for (std::size_t g = 0; g < groups; ++g)
        for (auto& x : centre[g]) x /= static_cast<double>(count[g]);
    double within = 0;
    for (std::size_t i = 0; i < u.size(); ++i)
        for (std::size_t t = 0; t < d; ++t)
            within += std::pow(u[i][t] - centre[static_cast<std::size_t>(label[i])][t], 2);
    within /= static_cast<double>(u.size() - groups);  // k centroids estimated
    if (!(within > 0)) return 0;
    double least = 1e300;
    for (std::size_t a = 0; a < groups; ++a)
        for (std::size_t b = a + 1; b < groups; ++b) {
            double between = 0;
            for (std::size_t t = 0; t < d; ++t)
                between += (centre[a][t] - centre[b][t]) * (centre[a][t] - centre[b][t]);
            // Sample centroids lie apart by chance: E[between] = true^2 + within x (1/na + 1/nb).
            // Remove that, so the test asks how far apart the groups' populations are, at any n.
            const double chance = within * (1.0 / static_cast<double>(count[a]) + 1.0 / static_cast<double>(count[b]));
            least = std::min(least, std::sqrt(std::max(0.0, between - chance) / within));
        }
    return least;
}

std::vector<int> k_means(const std::vector<std::vector<float>>& u, int k, Rng& rng, int restarts) {
    const std::size_t n = u.size();
    std::vector<int> best(n, 0);
    if (k < 2 || n == 0) return best;
    const std::size_t groups = static_cast<std::size_t>(k);
    // Dot products: the squared distance of row i to the mean of a set C is
    // g_ii - 2/|C| sum_{j in C} g_ij + 1/|C|^2 sum_{j,l in C} g_jl.
    std::vector<double> g(n * n);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j <= i; ++j) {
            double dot = 0;
            for (std::size_t t = 0; t < u[i].size(); ++t) dot += static_cast<double>(u[i][t]) * u[j][t];
            g[i * n + j] = g[j * n + i] = dot;
        }
    auto d2 = [&](std::size_t i, std::size_t j) { return g[i * n + i] + g[j * n + j] - 2 * g[i * n + j]; };
    double best_ss = 1e300;
    for (int r = 0; r < std::max(1, restarts); ++r) {
        // k-means++ start: each next seed drawn with probability ~ squared distance to the nearest seed.
        std::vector<std::size_t> seeds = {below(rng, n)};
        std::vector<double> far(n);
        for (std::size_t i = 0; i < n; ++i) far[i] = d2(i, seeds[0]);
        while (seeds.size() < groups) {
            const double total = std::accumulate(far.begin(), far.end(), 0.0);
            std::size_t j = 0;
            if (total > 0) {
                double pick = uniform(rng) * total;
                while (j + 1 < n && pick >= far[j]) pick -= far[j++];
            } else {
                j = below(rng, n);
            }
            seeds.push_back(j);
            for (std::size_t i = 0; i < n; ++i) far[i] = std::min(far[i], d2(i, j));
        }
        std::vector<int> label(n, 0);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t c = 1; c < groups; ++c)
                if (d2(i, seeds[c]) < d2(i, seeds[static_cast<std::size_t>(label[i])])) label[i] = static_cast<int>(c);
        double ss = 1e300;
        for (int it = 0; it < 100; ++it) {
            std::vector<double> sum(n * groups, 0.0), inner(groups, 0.0);
            std::vector<std::size_t> count(groups, 0);
            for (std::size_t j = 0; j < n; ++j) ++count[static_cast<std::size_t>(label[j])];
            for (std::size_t i = 0; i < n; ++i)
                for (std::size_t j = 0; j < n; ++j)
                    sum[i * groups + static_cast<std::size_t>(label[j])] += g[i * n + j];
            for (std::size_t i = 0; i < n; ++i)
                inner[static_cast<std::size_t>(label[i])] += sum[i * groups + static_cast<std::size_t>(label[i])];
            bool changed = false;
            ss = 0;
            std::vector<int> next(n);
            for (std::size_t i = 0; i < n; ++i) {
                double nearest = 1e300;
                for (std::size_t c = 0; c < groups; ++c) {
                    if (count[c] == 0) continue;
                    const double m = static_cast<double>(count[c]);
                    const double dist = g[i * n + i] - 2 * sum[i * groups + c] / m + inner[c] / (m * m);
                    if (c == static_cast<std::size_t>(label[i])) ss += dist;
                    if (dist < nearest) nearest = dist, next[i] = static_cast<int>(c);
                }
                changed |= next[i] != label[i];
            }
            if (!changed) break;
            label = std::move(next);
        }
        if (ss < best_ss) best_ss = ss, best = label;
    }
    return best;
}

GroupsSeparation groups_separation(const std::vector<std::vector<float>>& u, const std::vector<int>& side,
                                   int max_groups, Rng& rng) {
    GroupsSeparation out;
    out.by_groups.push_back(side_separation(u, side));
    out.separation = out.by_groups[0];
    // Each side's rows, to look for groups within it: the split is along the sides, so the
    // groups it is justified by must not straddle them (a group cut in two fails the test).
    std::vector<std::size_t> rows[2];
    for (std::size_t i = 0; i < u.size(); ++i) rows[side[i] != 0].push_back(i);
    for (int k = 3; k <= max_groups; ++k) {
        double best = 0;
        for (int k0 = 1; k0 < k; ++k0) {
            const int per[2] = {k0, k - k0};
            std::vector<int> label(u.size(), 0);
            bool enough = true;
            for (int s = 0; s < 2 && enough; ++s) {
                const int base = s == 0 ? 0 : k0;
                if (rows[s].size() < 2 * static_cast<std::size_t>(per[s])) {
                    enough = false;
                    break;
                }
                std::vector<std::vector<float>> part;
                for (std::size_t i : rows[s]) part.push_back(u[i]);
                const auto found = per[s] == 1 ? std::vector<int>(part.size(), 0) : k_means(part, per[s], rng);
                for (std::size_t t = 0; t < rows[s].size(); ++t) label[rows[s][t]] = base + found[t];
            }
            if (enough) best = std::max(best, group_separation(u, label, k));
        }
        out.by_groups.push_back(best);
        if (best > out.separation) out.separation = best, out.groups = k;
    }
    return out;
}

Auxo::Auxo(std::size_t clients, AuxoSettings settings, std::uint64_t seed)
    : s_(std::move(settings)), n_(clients), seed_(seed), rng_(stream(seed, Stream::auxo)), epsilon_(s_.explore_rate) {
    for (int r : s_.split_rounds)
        if (r < 1) throw std::invalid_argument("auxo: split rounds must be >= 1");
    if (!(s_.split_min_participants >= 0))
        throw std::invalid_argument("auxo_split_min_participants: expected a number >= 0");
    if (!(s_.train_ratio > 0)) throw std::invalid_argument("auxo: train_ratio must be > 0");
    if (!(s_.split_separation >= 0)) throw std::invalid_argument("auxo_split_separation: expected a number >= 0");
    if (s_.split_test_groups < 2 || s_.split_test_groups > 16)
        throw std::invalid_argument("auxo_split_test_groups: expected 2..16");
    std::sort(s_.split_rounds.begin(), s_.split_rounds.end());
    cap_ = s_.split_rounds.empty() ? static_cast<std::size_t>(std::max(1, s_.max_cohorts))
                                   : std::size_t{1} << s_.split_rounds.size();
    reward_.assign(n_ * cap_, 0.0f);
    side_.assign(n_, 0.0f);
    trained_.assign(n_, 0);
    rounds_ = {0};
}

int Auxo::assigned(std::uint32_t client) const {
    if (trained_[client] == 0) return -1;
    int best = 0;
    for (int k = 1; k < static_cast<int>(cohorts()); ++k)
        if (reward(client, k) > reward(client, best)) best = k;
    return best;
}

int Auxo::choose(std::uint32_t client) {
    const auto c = cohorts();
    if (trained_[client] == 0) return static_cast<int>(below(rng_, c));
    const bool explore = uniform(rng_) < epsilon_;
    epsilon_ *= s_.explore_decay;
    return explore ? static_cast<int>(below(rng_, c)) : assigned(client);
}

void Auxo::label_sides(const std::vector<std::vector<float>>& u, std::span<const std::uint32_t> clients) {
    const std::size_t n = u.size();
    std::vector<std::size_t> known[2], unknown;
    for (std::size_t i = 0; i < n; ++i) {
        const float s = side_[clients[i]];
        (s < 0 ? known[0] : s > 0 ? known[1] : unknown).push_back(i);
    }
    auto vote = [&](std::size_t i, int side) { side_[clients[i]] += side ? 1.0f : -1.0f; };
    if (known[0].empty() && known[1].empty()) {  // first time: 2-means
        const auto side = two_means(u, rng_);
        for (std::size_t i = 0; i < n; ++i) vote(i, side[i]);
        return;
    }
    if (known[0].empty() || known[1].empty()) {
        // One side known: the n/4 nearest to it join it; the n/4 farthest are taken for the
        // other side (our choice, so both sides exist; the note only describes the first half).
        const int s = known[0].empty() ? 1 : 0;
        std::vector<std::pair<double, std::size_t>> by;
        for (std::size_t i : unknown) {
            double d = 1e300;
            for (std::size_t j : known[s]) d = std::min(d, distance(u[i], u[j]));
            by.emplace_back(d, i);
        }
        std::sort(by.begin(), by.end());
        const std::size_t q = std::min(by.size() / 2, std::max<std::size_t>(1, n / 4));
        for (std::size_t t = 0; t < q; ++t) vote(by[t].second, s), vote(by[by.size() - 1 - t].second, 1 - s);
        return;
    }
    // Both sides known: a 1-NN classifier on the leaning clients labels every participant
    // (a known one is judged by its other neighbours, so a wrong lean can be undone).
    for (std::size_t i = 0; i < n; ++i) {
        double best[2] = {1e300, 1e300};
        for (int s = 0; s < 2; ++s)
            for (std::size_t j : known[s])
                if (j != i) best[s] = std::min(best[s], distance(u[i], u[j]));
        if (best[0] == best[1]) continue;  // not confident
        vote(i, best[1] < best[0] ? 1 : 0);
    }
}

double Auxo::members(int k) const {
    // As FedScale counts a cohort (y_kmeans == k): its assigned clients plus the never-trained,
    // who draw a cohort uniformly at each decision (counted here by expectation, 1/cohorts).
    std::size_t mine = 0, untrained = 0;
    for (std::uint32_t c = 0; c < n_; ++c) {
        if (trained_[c] == 0) ++untrained;
        else if (assigned(c) == k) ++mine;
    }
    return static_cast<double>(mine) + static_cast<double>(untrained) / static_cast<double>(cohorts());
}

bool Auxo::should_split(int k) const {
    if (static_cast<std::size_t>(cohorts()) >= cap_) return false;
    if (!s_.split_rounds.empty())
        return std::find(s_.split_rounds.begin(), s_.split_rounds.end(), rounds_[static_cast<std::size_t>(k)]) !=
               s_.split_rounds.end();
    // Size rule: the cohort big enough for split_min_participants per round, both sides big
    // enough, and after the first split not too unequal.
    if (members(k) < s_.split_min_participants / s_.train_ratio) return false;
    std::size_t sides[2] = {0, 0};
    for (std::uint32_t c = 0; c < n_; ++c)
        if (assigned(c) == k && side_[c] != 0) ++sides[side_[c] > 0];
    const double need = s_.min_side_share * static_cast<double>(n_) * std::pow(0.9, static_cast<double>(cohorts() - 1));
    if (static_cast<double>(sides[0]) < need || static_cast<double>(sides[1]) < need) return false;
    const double ratio = static_cast<double>(sides[1]) / static_cast<double>(sides[0]);
    return cohorts() == 1 || (ratio > 0.5 && ratio < 2);
}

int Auxo::split(int k) {
    std::vector<std::uint32_t> members;
    for (std::uint32_t c = 0; c < n_; ++c)
        if (assigned(c) == k) members.push_back(c);
    const int j = static_cast<int>(cohorts());
    rounds_.push_back(rounds_[static_cast<std::size_t>(k)]);
    for (std::uint32_t c = 0; c < n_; ++c) reward(c, j) = reward(c, k);  // clients keep R in both
    // The preferred side gets +1 and the train count, so a leaning member now belongs there;
    // members that never leaned stay with the parent (ties go to the lower index).
    for (std::uint32_t c : members) {
        if (side_[c] != 0) reward(c, side_[c] > 0 ? j : k) += 1.0f + static_cast<float>(trained_[c]);
        side_[c] = 0;
    }
    return j;
}

int Auxo::observe(int k, int global_round, std::span<const std::uint32_t> clients, std::span<const float> signals,
                  std::size_t dim) {
    if (k < 0 || k >= static_cast<int>(cohorts()) || signals.size() != clients.size() * dim)
        throw std::invalid_argument("Auxo::observe: bad cohort or signal size");
    ++rounds_[static_cast<std::size_t>(k)];
    const std::size_t n = clients.size();
    // Mean-centred updates: the reward measures distances between them; the sub-cohort
    // labelling uses them L2-normalised (cosine geometry).
    std::vector<float> mean(dim, 0.0f);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t t = 0; t < dim; ++t) mean[t] += signals[i * dim + t] / static_cast<float>(n);
    std::vector<std::vector<float>> centred(n, std::vector<float>(dim)), u(n);
    for (std::size_t i = 0; i < n; ++i) {
        double norm = 0;
        for (std::size_t t = 0; t < dim; ++t) norm += std::pow(centred[i][t] = signals[i * dim + t] - mean[t], 2);
        norm = std::sqrt(norm);
        u[i] = centred[i];
        if (norm > 0)
            for (auto& x : u[i]) x = static_cast<float>(x / norm);
    }
    // Cohort reward: distance to the centroid of the known members (R > 1 here).
    if (cohorts() >= 2 && n > 0) {
        std::vector<float> centroid(dim, 0.0f);
        std::size_t known = 0;
        for (std::size_t i = 0; i < n; ++i)
            if (reward(clients[i], k) > 1) {
                ++known;
                for (std::size_t t = 0; t < dim; ++t) centroid[t] += centred[i][t];
            }
        if (known > 0) {
            for (auto& x : centroid) x /= static_cast<float>(known);
            std::vector<double> d(n);
            double mean_d = 0, var = 0;
            for (std::size_t i = 0; i < n; ++i)
                mean_d += (d[i] = distance(centred[i], centroid)) / static_cast<double>(n);
            for (double x : d) var += (x - mean_d) * (x - mean_d) / static_cast<double>(n);
            const double scale = mean_d + std::sqrt(var), ratio = static_cast<double>(known) / static_cast<double>(n);
            for (std::size_t i = 0; i < n; ++i) {
                const double r = scale > 0 ? (s_.reward_scale - s_.reward_scale / scale * d[i]) * ratio : 0;
                reward(clients[i], k) += static_cast<float>(r);
                if (r < 0) side_[clients[i]] = 0;
            }
        }
    }
    for (auto c : clients) ++trained_[c];
    const int local = rounds_[static_cast<std::size_t>(k)];
    const bool labelling = global_round <= s_.stop_round &&
                           (s_.split_rounds.empty() || local <= s_.split_rounds.back()) &&
                           static_cast<std::size_t>(cohorts()) < cap_;
    if (labelling && n >= 2) label_sides(u, clients);
    if (!labelling || !should_split(k)) return -1;
    // Our separation test (skipped when 0, FedScale's rule): the participants that lean to a
    // side must fall into 2..split_test_groups groups that lie apart pairwise, each group on
    // one side (2: the two sides themselves). Measured and recorded either way; the split
    // follows the two sides.
    SplitTest test{k, global_round, 0, 2, {}, false, {}};
    std::vector<std::vector<float>> leaning;
    std::vector<int> side;
    for (std::size_t i = 0; i < n; ++i)
        if (side_[clients[i]] != 0) {
            leaning.push_back(u[i]), side.push_back(side_[clients[i]] > 0);
            test.sides[side_[clients[i]] > 0].push_back(clients[i]);
        }
    // k-means draws from a stream of its own per test (Auxo's seed, the test's number), so the
    // cohort choices' stream is the same whatever split_test_groups is.
    Rng groups_rng = stream(seed_, Stream::auxo, 1 + tests_.size());
    GroupsSeparation g = groups_separation(leaning, side, s_.split_test_groups, groups_rng);
    test.separation = g.separation, test.groups = g.groups, test.by_groups = std::move(g.by_groups);
    test.split = s_.split_separation <= 0 || test.separation >= s_.split_separation;
    tests_.push_back(std::move(test));
    return tests_.back().split ? split(k) : -1;
}

double adjusted_rand_index(std::span<const int> a, std::span<const int> b) {
    if (a.size() != b.size()) throw std::invalid_argument("adjusted_rand_index: labelings differ in length");
    std::map<std::pair<int, int>, double> cells;
    std::map<int, double> rows, cols;
    for (std::size_t i = 0; i < a.size(); ++i) ++cells[{a[i], b[i]}], ++rows[a[i]], ++cols[b[i]];
    auto pairs = [](double x) { return x * (x - 1) / 2; };
    double index = 0, ra = 0, cb = 0;
    for (const auto& [k, v] : cells) index += pairs(v);
    for (const auto& [k, v] : rows) ra += pairs(v);
    for (const auto& [k, v] : cols) cb += pairs(v);
    const double expected = ra * cb / std::max(1.0, pairs(static_cast<double>(a.size())));
    const double top = (ra + cb) / 2;
    return top == expected ? 1.0 : (index - expected) / (top - expected);
}

}  // namespace federated
