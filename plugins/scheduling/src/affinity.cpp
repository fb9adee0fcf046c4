#include "scheduling/affinity.hpp"

#include <cmath>
#include <numeric>
#include <queue>
#include <stdexcept>
#include <tuple>

namespace sextant::scheduling {

double wrap(double x, double period) {
    double r = std::fmod(x, period);
    if (r < 0) r += period;
    if (r >= period) r = 0;
    return r;
}

int count_loops(const std::vector<std::vector<int>>& link_members, int jobs) {
    // Union-find over the jobs; every edge that joins two jobs already joined closes a loop.
    std::vector<int> parent(static_cast<size_t>(jobs));
    std::iota(parent.begin(), parent.end(), 0);
    const auto root = [&](int job) {
        while (parent[job] != job) job = parent[job] = parent[parent[job]];
        return job;
    };
    int loops = 0;
    for (const std::vector<int>& members : link_members)
        for (size_t k = 1; k < members.size(); ++k) {
            const int a = root(members[0]), b = root(members[k]);
            if (a == b) ++loops;
            else parent[b] = a;
        }
    return loops;
}

ShiftPlan assign_time_shifts(const std::vector<LinkShifts>& links, const std::map<int, double>& period_ms,
                             const std::vector<int>& reference_order, double tolerance_ms) {
    std::map<int, std::vector<size_t>> links_of;  // job -> indices into `links`
    for (size_t i = 0; i < links.size(); ++i)
        for (auto [job, s] : links[i].shift_ms) {
            if (!period_ms.count(job))
                throw std::invalid_argument("affinity graph: no period for job " + std::to_string(job));
            links_of[job].push_back(i);
        }
    ShiftPlan plan;
    std::vector<char> visited(links.size(), 0);
    // Max-heap on score; ties go to the earlier link so the result is deterministic.
    using Entry = std::tuple<double, int, size_t, int>;  // score, -link id, index, from job
    auto start = [&](int root) {
        if (plan.shift_ms.count(root) || !links_of.count(root)) return;
        std::priority_queue<Entry> heap;
        auto reach = [&](int job, double shift) {
            plan.shift_ms[job] = shift;
            plan.reference[job] = root;
            for (size_t i : links_of[job])
                if (!visited[i]) heap.emplace(links[i].score, -links[i].link, i, job);
        };
        reach(root, 0.0);
        while (!heap.empty()) {
            auto [score, neg_id, i, from] = heap.top();
            heap.pop();
            if (visited[i]) continue;
            visited[i] = 1;
            double from_edge = 0;
            for (auto [job, s] : links[i].shift_ms)
                if (job == from) from_edge = s;
            const double origin = plan.shift_ms[from] - from_edge;  // the link's time origin
            bool broken = false;
            for (auto [job, s] : links[i].shift_ms) {
                if (job == from) continue;
                const double period = period_ms.at(job);
                const double implied = wrap(origin + s, period);
                if (!plan.shift_ms.count(job)) {
                    reach(job, implied);
                    continue;
                }
                ++plan.loops;
                double diff = std::abs(implied - plan.shift_ms[job]);
                diff = std::min(diff, period - diff);
                if (diff > tolerance_ms) broken = true;
            }
            if (broken) plan.broken_links.push_back(links[i].link);
        }
    };
    for (int job : reference_order) start(job);
    for (const auto& [job, idx] : links_of) start(job);
    return plan;
}

}  // namespace sextant::scheduling
