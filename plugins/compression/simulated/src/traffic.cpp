#include "compression/simulated/traffic.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace compression::simulated {

const char* to_string(Path path) {
    switch (path) {
    case Path::in_network: return "in-network";
    case Path::host_sum: return "host-sum";
    case Path::allgather: return "allgather";
    case Path::aggregator: return "aggregator";
    }
    return "?";
}

Path path_for(Reduce op, bool in_network) {
    if (op == Reduce::gather) return Path::allgather;
    if (op == Reduce::merge) return Path::aggregator;
    return in_network && switch_can(op) ? Path::in_network : Path::host_sum;
}

Traffic traffic_from_report(const std::string& scheme, const Report& report, bool in_network) {
    if (report.workers == 0) throw std::invalid_argument("codec report has 0 workers; nothing was aggregated");
    Traffic t;
    t.scheme = scheme;
    t.workers = static_cast<std::uint32_t>(report.workers);
    t.dense_bytes = 4ull * report.values;
    t.codec_seconds = report.timing.encode_s + report.timing.decode_s;
    t.has_codec = scheme != "dense";
    for (const Round& r : report.rounds) {
        t.phases.push_back(Phase{r.name, r.op, path_for(r.op, in_network), r.bytes_sent, r.bytes_received, r.pass});
    }
    return t;
}

Traffic Traffic::scaled(double factor) const {
    if (!(factor > 0.0) || !std::isfinite(factor)) {
        throw std::invalid_argument("traffic scale factor must be a finite number > 0 (got " + std::to_string(factor) +
                                    ")");
    }
    Traffic t = *this;
    auto scale = [factor](std::uint64_t bytes) {
        return static_cast<std::uint64_t>(std::ceil(static_cast<double>(bytes) * factor));
    };
    t.dense_bytes = scale(dense_bytes);
    t.codec_seconds = codec_seconds * factor;
    for (Phase& p : t.phases) {
        if (p.name == "meta") continue;
        p.bytes_sent = scale(p.bytes_sent);
        p.bytes_received = scale(p.bytes_received);
    }
    return t;
}

Traffic Traffic::fused() const {
    Traffic t = *this;
    t.phases.clear();
    for (const Phase& p : phases) {
        auto same = [&p](const Phase& q) {
            return q.name == p.name && q.op == p.op && q.path == p.path && q.pass == p.pass;
        };
        auto it = std::find_if(t.phases.begin(), t.phases.end(), same);
        if (it == t.phases.end()) {
            t.phases.push_back(p);
        } else {
            it->bytes_sent += p.bytes_sent;
            it->bytes_received += p.bytes_received;
        }
    }
    return t;
}

Traffic& Traffic::operator+=(const Traffic& other) {
    if (phases.empty() && dense_bytes == 0 && workers == 0) return *this = other;
    if (other.workers != workers || other.scheme != scheme) {
        throw std::invalid_argument("cannot add traffic of scheme '" + other.scheme + "' on " +
                                    std::to_string(other.workers) + " workers to scheme '" + scheme + "' on " +
                                    std::to_string(workers) + " workers");
    }
    phases.insert(phases.end(), other.phases.begin(), other.phases.end());
    dense_bytes += other.dense_bytes;
    codec_seconds += other.codec_seconds;
    return *this;
}

Traffic dense_in_network_traffic(std::uint64_t values, std::uint32_t workers) {
    Traffic t;
    t.scheme = "dense-int";
    t.workers = workers;
    t.dense_bytes = 4 * values;
    t.phases.push_back(Phase{"meta", Reduce::max_byte, Path::in_network, 4, 4});
    t.phases.push_back(Phase{"values", Reduce::sum_int32, Path::in_network, 4 * values, 4 * values});
    return t;
}

}  // namespace compression::simulated
