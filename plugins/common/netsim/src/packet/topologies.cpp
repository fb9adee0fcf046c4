#include "netsim/packet/topologies.hpp"

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace netsim::packet {

namespace {

LinkSpec spec(double gbps, double latency_s) {
    LinkSpec s;
    s.gbps = gbps;
    s.latency_s = latency_s;
    return s;
}

double fabric_rate(const ShapeLinks& l) { return l.fabric_gbps > 0 ? l.fabric_gbps : l.host_gbps; }

void check_links(const ShapeLinks& l) {
    if (!(l.host_gbps > 0)) throw std::invalid_argument("host_gbps must be > 0");
    if (!(l.fabric_gbps >= 0)) throw std::invalid_argument("fabric_gbps must be >= 0");
    if (!(l.latency_s >= 0)) throw std::invalid_argument("link latency must be >= 0");
    if (!(l.switch_latency_s >= 0)) throw std::invalid_argument("switch latency must be >= 0");
}

std::uint32_t parse_count(const std::string& text, const std::string& what) {
    std::size_t used = 0;
    unsigned long v = 0;
    try {
        v = std::stoul(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || v == 0 || v > 100000)
        throw std::invalid_argument(what + ": expected a whole number >= 1, got '" + text + "'");
    return static_cast<std::uint32_t>(v);
}

}  // namespace

Network make_single_switch(std::uint32_t hosts, const ShapeLinks& links) {
    check_links(links);
    if (hosts < 2) throw std::invalid_argument("single-switch: need at least 2 hosts");
    Network n;
    NodeId sw = n.topology.add_switch("switch", links.switch_latency_s);
    for (std::uint32_t i = 0; i < hosts; ++i) {
        NodeId h = n.topology.add_host("host" + std::to_string(i));
        n.topology.connect(h, sw, spec(links.host_gbps, links.latency_s));
        n.hosts.push_back(h);
    }
    n.description = "single-switch:" + std::to_string(hosts);
    return n;
}

Network make_dumbbell(std::uint32_t senders, const ShapeLinks& links) {
    check_links(links);
    if (senders < 1) throw std::invalid_argument("dumbbell: need at least 1 sender");
    Network n;
    NodeId a = n.topology.add_switch("left", links.switch_latency_s);
    NodeId b = n.topology.add_switch("right", links.switch_latency_s);
    n.topology.connect(a, b, spec(fabric_rate(links), links.latency_s));
    for (int side = 0; side < 2; ++side)
        for (std::uint32_t i = 0; i < senders; ++i) {
            NodeId h = n.topology.add_host((side == 0 ? "sender" : "receiver") + std::to_string(i));
            n.topology.connect(h, side == 0 ? a : b, spec(links.host_gbps, links.latency_s));
            n.hosts.push_back(h);
        }
    n.description = "dumbbell:" + std::to_string(senders);
    return n;
}

Network make_leaf_spine(std::uint32_t leaves, std::uint32_t hosts_per_leaf, double oversubscription,
                        const ShapeLinks& links) {
    check_links(links);
    if (leaves < 1 || hosts_per_leaf < 1)
        throw std::invalid_argument("leaf-spine: need >= 1 leaf and >= 1 host per leaf");
    if (!(oversubscription >= 1)) throw std::invalid_argument("leaf-spine: oversubscription must be >= 1");
    double up = hosts_per_leaf * links.host_gbps / oversubscription / fabric_rate(links);
    auto spines = static_cast<std::uint32_t>(std::llround(up));
    if (spines < 1 || std::abs(up - spines) > 1e-9)
        throw std::invalid_argument("leaf-spine: " + std::to_string(hosts_per_leaf) + " hosts x " +
                                    std::to_string(links.host_gbps) + " Gb/s / oversubscription " +
                                    std::to_string(oversubscription) + " is not a whole number of " +
                                    std::to_string(fabric_rate(links)) + " Gb/s uplinks");
    Network n;
    std::vector<NodeId> spine_ids, leaf_ids;
    for (std::uint32_t s = 0; s < spines; ++s)
        spine_ids.push_back(n.topology.add_switch("spine" + std::to_string(s), links.switch_latency_s));
    for (std::uint32_t l = 0; l < leaves; ++l) {
        NodeId leaf = n.topology.add_switch("leaf" + std::to_string(l), links.switch_latency_s);
        leaf_ids.push_back(leaf);
        if (leaves > 1)
            for (NodeId s : spine_ids) n.topology.connect(leaf, s, spec(fabric_rate(links), links.latency_s));
    }
    for (std::uint32_t l = 0; l < leaves; ++l)
        for (std::uint32_t h = 0; h < hosts_per_leaf; ++h) {
            NodeId host = n.topology.add_host("host" + std::to_string(l * hosts_per_leaf + h));
            n.topology.connect(host, leaf_ids[l], spec(links.host_gbps, links.latency_s));
            n.hosts.push_back(host);
        }
    std::ostringstream d;
    d << "leaf-spine:" << leaves << "x" << hosts_per_leaf << ":" << oversubscription;
    n.description = d.str();
    return n;
}

Network make_network(const std::string& text, const ShapeLinks& links) {
    auto colon = text.find(':');
    std::string kind = text.substr(0, colon);
    std::string rest = colon == std::string::npos ? "" : text.substr(colon + 1);
    const std::string expected =
        "expected single-switch:N, dumbbell:N, leaf-spine:LEAVESxHOSTS[:OVERSUBSCRIPTION] or file:PATH";
    if (kind == "single-switch") return make_single_switch(parse_count(rest, "single-switch:N"), links);
    if (kind == "dumbbell") return make_dumbbell(parse_count(rest, "dumbbell:N"), links);
    if (kind == "file") {
        Network n = read_topology_file(rest, links.switch_latency_s);
        return n;
    }
    if (kind == "leaf-spine") {
        auto x = rest.find('x');
        if (x == std::string::npos) throw std::invalid_argument("topology '" + text + "': " + expected);
        auto c = rest.find(':', x);
        std::uint32_t leaves = parse_count(rest.substr(0, x), "leaf-spine LEAVES");
        std::uint32_t hosts =
            parse_count(rest.substr(x + 1, c == std::string::npos ? std::string::npos : c - x - 1), "leaf-spine HOSTS");
        double over = 1;
        if (c != std::string::npos) {
            std::string o = rest.substr(c + 1);
            std::size_t used = 0;
            try {
                over = std::stod(o, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used != o.size() || !(over >= 1))
                throw std::invalid_argument("leaf-spine OVERSUBSCRIPTION: expected a number >= 1, got '" + o + "'");
        }
        return make_leaf_spine(leaves, hosts, over, links);
    }
    throw std::invalid_argument("topology '" + text + "': " + expected);
}

namespace {

double with_unit(const std::string& text, const std::string& where,
                 std::initializer_list<std::pair<const char*, double>> units) {
    for (auto [unit, scale] : units) {
        std::string u(unit);
        if (text.size() > u.size() && text.compare(text.size() - u.size(), u.size(), u) == 0) {
            std::string num = text.substr(0, text.size() - u.size());
            std::size_t used = 0;
            double v = 0;
            try {
                v = std::stod(num, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used == num.size() && v >= 0) return v * scale;
        }
    }
    std::string accepted;
    for (auto [unit, scale] : units) accepted += std::string(accepted.empty() ? "" : ", ") + unit;
    throw std::invalid_argument(where + ": expected a number with a unit (" + accepted + "), got '" + text + "'");
}

}  // namespace

Network read_topology_file(const std::string& path, double switch_latency_s) {
    std::ifstream in(path);
    if (!in) throw std::invalid_argument(path + ": cannot open topology file");
    std::uint32_t nodes = 0, switches = 0, cables = 0;
    std::string line;
    int line_no = 1;
    if (!std::getline(in, line) || !(std::istringstream(line) >> nodes >> switches >> cables) || nodes == 0)
        throw std::invalid_argument(path + ":1: expected 'NODES SWITCHES LINKS'");
    std::set<std::uint32_t> switch_ids;
    ++line_no;
    if (switches > 0) {
        if (!std::getline(in, line)) throw std::invalid_argument(path + ":2: expected the switch ids");
        std::istringstream ids(line);
        std::uint32_t id;
        while (ids >> id) {
            if (id >= nodes)
                throw std::invalid_argument(path + ":2: switch id " + std::to_string(id) + " is not below NODES " +
                                            std::to_string(nodes));
            switch_ids.insert(id);
        }
        if (switch_ids.size() != switches)
            throw std::invalid_argument(path + ":2: expected " + std::to_string(switches) +
                                        " distinct switch ids, got " + std::to_string(switch_ids.size()));
    }
    Network n;
    for (std::uint32_t v = 0; v < nodes; ++v) {
        if (switch_ids.count(v)) {
            n.topology.add_switch("switch" + std::to_string(v), switch_latency_s);
        } else {
            n.hosts.push_back(n.topology.add_host("host" + std::to_string(v)));
        }
    }
    for (std::uint32_t c = 0; c < cables; ++c) {
        ++line_no;
        std::string where = path + ":" + std::to_string(line_no);
        if (!std::getline(in, line))
            throw std::invalid_argument(where + ": expected link " + std::to_string(c + 1) + " of " +
                                        std::to_string(cables));
        std::istringstream fields(line);
        std::uint32_t a = 0, b = 0;
        std::string rate, delay;
        if (!(fields >> a >> b >> rate >> delay))
            throw std::invalid_argument(where + ": expected 'A B RATE DELAY LOSS'");
        if (a >= nodes || b >= nodes)
            throw std::invalid_argument(where + ": node id is not below NODES " + std::to_string(nodes));
        LinkSpec s;
        s.gbps = with_unit(rate, where + " RATE", {{"Gbps", 1.0}, {"Mbps", 1e-3}});
        s.latency_s = with_unit(delay, where + " DELAY", {{"ms", 1e-3}, {"us", 1e-6}, {"ns", 1e-9}});
        if (!(s.gbps > 0)) throw std::invalid_argument(where + " RATE: must be > 0");
        n.topology.connect(a, b, s);
    }
    n.description = "file:" + path;
    return n;
}

}  // namespace netsim::packet
