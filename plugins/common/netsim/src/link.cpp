#include "netsim/link.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace netsim {

namespace {
[[noreturn]] void fail(std::string_view where, std::string_view field, std::string_view expected, double got) {
    std::ostringstream os;
    os << where << '.' << field << " must be " << expected << " (got " << got << ")";
    throw std::invalid_argument(os.str());
}
}  // namespace

void LinkSpec::validate(std::string_view where) const {
    if (!std::isfinite(gbps) || gbps <= 0) fail(where, "gbps", "a finite rate > 0 Gbps", gbps);
    if (!std::isfinite(latency_s) || latency_s < 0) fail(where, "latency_s", "a finite delay >= 0 s", latency_s);
    if (!(loss >= 0.0 && loss < 1.0)) fail(where, "loss", "a probability in [0, 1)", loss);
}

void PacketFormat::validate(std::string_view where) const {
    if (payload_bytes == 0) fail(where, "payload_bytes", "at least 1 byte", payload_bytes);
    if (payload_bytes > 65536) fail(where, "payload_bytes", "at most 65536 bytes", payload_bytes);
    if (header_bytes > 65536) fail(where, "header_bytes", "at most 65536 bytes", header_bytes);
}

std::uint64_t PacketFormat::last_packet_wire_bytes(std::uint64_t payload) const {
    if (payload == 0) return 0;
    std::uint64_t rest = payload % payload_bytes;
    return (rest == 0 ? payload_bytes : rest) + header_bytes;
}

}  // namespace netsim
