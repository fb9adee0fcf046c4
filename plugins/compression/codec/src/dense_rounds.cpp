#include "compression/dense_rounds.hpp"

#include "compression/fixed_point.hpp"
#include "compression/scheme.hpp"

#include <cmath>
#include <cstring>
#include <stdexcept>

namespace compression {

namespace {

void check_finite(const collective::Group& group, std::size_t member, std::span<const float> x) {
    for (std::size_t i = 0; i < x.size(); ++i)
        if (!std::isfinite(x[i])) throw_not_finite(group.member_name(member), i, x[i]);
}

void check_members(const collective::Group& group, std::span<const std::span<const float>> mine) {
    if (mine.size() != group.members())
        throw std::logic_error(std::to_string(mine.size()) + " gradients for " + std::to_string(group.members()) +
                               " members");
}

}  // namespace

double dense_rounds(collective::Group& group, std::span<const std::span<const float>> mine, std::span<float> sum) {
    check_members(group, mine);
    const std::size_t n = sum.size();
    Message values;
    group.round("values", Reduce::sum_float32, values, [&](std::size_t m, Message& msg) {
        check_finite(group, m, mine[m]);
        msg.resize(n);
        if (n) std::memcpy(msg.data(), mine[m].data(), n * 4);  // the message is the gradient itself
    });
    const double t = group.now();
    if (n) std::memcpy(sum.data(), values.data(), n * 4);
    return group.now() - t;
}

double dense_int_rounds(collective::Group& group, std::span<const std::span<const float>> mine, std::span<float> sum) {
    check_members(group, mine);
    const std::size_t n = sum.size();
    Message meta;
    group.round("meta", Reduce::max_byte, meta, [&](std::size_t m, Message& msg) {
        check_finite(group, m, mine[m]);
        msg.assign(1, max_exponent_byte(mine[m]));
    });
    const FixedPoint fixed(static_cast<std::uint8_t>(meta[0] & 0xffu), group.size());
    Message values;
    group.round("values", Reduce::sum_int32, values, [&](std::size_t m, Message& msg) {
        msg.resize(n);
        for (std::size_t i = 0; i < n; ++i) msg[i] = static_cast<std::uint32_t>(fixed.encode(mine[m][i]));
    });
    const double t = group.now();
    for (std::size_t i = 0; i < n; ++i) sum[i] = fixed.decode(static_cast<std::int32_t>(values[i]));
    return group.now() - t;
}

}  // namespace compression
