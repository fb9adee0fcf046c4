#include "compression/wire.hpp"

#include <stdexcept>

namespace compression {

bool switch_can(Reduce op) {
    switch (op) {
    case Reduce::sum_int32:
    case Reduce::bit_or:
    case Reduce::max_byte:
    case Reduce::max_uint32: return true;
    default: return false;
    }
}

void aggregate_into(Reduce op, Message& acc, const Message& msg) {
    if (acc.size() != msg.size())
        throw std::invalid_argument("aggregate: messages differ in length (" + std::to_string(acc.size()) + " vs " +
                                    std::to_string(msg.size()) + " words)");
    collective::reduce_words(op, acc, msg);
}

Message aggregate(Reduce op, std::span<const Message> messages) {
    if (messages.empty()) return {};
    Message acc = messages[0];
    for (std::size_t w = 1; w < messages.size(); ++w) aggregate_into(op, acc, messages[w]);
    return acc;
}

}  // namespace compression
