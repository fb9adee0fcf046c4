#include "compression/simulated/fabric.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace compression::simulated {

HostCollective parse_host_collective(const std::string& text) {
    if (text == "ring") return HostCollective::ring;
    if (text == "parameter-server") return HostCollective::parameter_server;
    throw std::invalid_argument("host_collective must be 'ring' or 'parameter-server' (got '" + text + "')");
}

const char* to_string(HostCollective c) { return c == HostCollective::ring ? "ring" : "parameter-server"; }

namespace {
[[noreturn]] void fail(std::vector<std::string> params, const char* expected, double got) {
    std::ostringstream os;
    os << params.front() << " must be " << expected << " (got " << got << ")";
    std::ostringstream value;
    value << got;
    const std::string message = os.str();
    throw FabricError(std::move(params), expected + std::string(", got ") + value.str(), message);
}
[[noreturn]] void fail(const char* name, const char* expected, double got) {
    fail(std::vector<std::string>{name}, expected, got);
}
bool finite_positive(double x) { return std::isfinite(x) && x > 0; }
bool finite_non_negative(double x) { return std::isfinite(x) && x >= 0; }
}  // namespace

void Fabric::validate() const {
    if (workers < 1) fail("workers", "at least 1", workers);
    if (!finite_positive(link_gbps)) fail("link_gbps", "a rate > 0 Gbps", link_gbps);
    if (!finite_non_negative(link_latency_us)) fail("link_latency_us", "a delay >= 0 us", link_latency_us);
    if (!finite_non_negative(switch_latency_us)) fail("switch_latency_us", "a delay >= 0 us", switch_latency_us);
    if (!(loss_rate >= 0.0 && loss_rate < 1.0)) fail("loss_rate", "a probability in [0, 1)", loss_rate);
    if (!finite_positive(retransmit_timeout_ms)) fail("retransmit_timeout_ms", "a time > 0 ms", retransmit_timeout_ms);
    if (switch_slots < 1) fail("switch_slots", "at least 1", switch_slots);
    if (switch_payload_bytes < 4 || switch_payload_bytes % 4 != 0 || switch_payload_bytes > 65536) {
        fail("switch_payload_bytes", "a multiple of 4 between 4 and 65536 bytes", switch_payload_bytes);
    }
    if (switch_header_bytes > 65536) fail("switch_header_bytes", "at most 65536 bytes", switch_header_bytes);
    if (host_payload_bytes < 1 || host_payload_bytes > 65536) {
        fail("host_payload_bytes", "between 1 and 65536 bytes", host_payload_bytes);
    }
    if (host_header_bytes > 65536) fail("host_header_bytes", "at most 65536 bytes", host_header_bytes);
    if (aggregators_colocated && aggregators > workers) {
        fail({"aggregators", "aggregators_colocated", "workers"},
             "at most the number of workers when aggregators_colocated is true", aggregators);
    }
    if (aggregator_rounds < 1) fail("aggregator_rounds", "at least 1", aggregator_rounds);
}

netsim::SwitchAggregationConfig Fabric::switch_config() const {
    netsim::SwitchAggregationConfig c;
    c.workers = workers;
    c.slots = switch_slots;
    c.packets = netsim::PacketFormat{switch_payload_bytes, switch_header_bytes};
    c.uplinks = {netsim::LinkSpec{link_gbps, link_latency_us * 1e-6, loss_rate}};
    c.downlinks = c.uplinks;
    c.switch_latency_s = switch_latency_us * 1e-6;
    c.retransmit_timeout_s = retransmit_timeout_ms * 1e-3;
    c.seed = seed;
    return c;
}

netsim::StarFabric Fabric::host_fabric() const {
    netsim::StarFabric f;
    f.workers = workers;
    // Host transports (TCP, RoCE) recover losses below the flow model: links are lossless here.
    f.link = netsim::LinkSpec{link_gbps, link_latency_us * 1e-6, 0.0};
    f.packets = netsim::PacketFormat{host_payload_bytes, host_header_bytes};
    f.switch_latency_s = switch_latency_us * 1e-6;
    return f;
}

netsim::AggregatorSetup Fabric::aggregator_setup() const {
    return netsim::AggregatorSetup{aggregators == 0 ? workers : aggregators, aggregators_colocated, aggregator_rounds};
}

}  // namespace compression::simulated
