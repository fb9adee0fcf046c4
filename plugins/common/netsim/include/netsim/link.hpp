// One direction of a network link and the packet format carried over it.
// Full-duplex cables are two LinkSpecs: the directions never share capacity.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace netsim {

struct LinkSpec {
    double gbps = 100.0;      // line rate of this direction, 1e9 bits per second
    double latency_s = 1e-6;  // fixed one-way delay per packet: propagation, PHY, NIC
    double loss = 0.0;        // probability that a packet sent on this direction is dropped

    // Throws std::invalid_argument naming `where` and the field, e.g. "uplink.gbps must be > 0".
    void validate(std::string_view where) const;

    // Time to put `wire_bytes` on the wire at line rate.
    double serialization_s(std::uint64_t wire_bytes) const {
        return static_cast<double>(wire_bytes) * 8.0 / (gbps * 1e9);
    }
};

// How payload is cut into packets: every packet carries up to payload_bytes of data
// plus header_bytes of framing that occupy the wire but carry no data.
struct PacketFormat {
    std::uint32_t payload_bytes = 256;
    std::uint32_t header_bytes = 78;

    void validate(std::string_view where) const;

    std::uint64_t packets(std::uint64_t payload) const { return (payload + payload_bytes - 1) / payload_bytes; }
    std::uint64_t wire_bytes(std::uint64_t payload) const { return payload + packets(payload) * header_bytes; }
    // Wire size of the last (possibly partial) packet of a message; 0 for an empty one.
    std::uint64_t last_packet_wire_bytes(std::uint64_t payload) const;
};

}  // namespace netsim
