#include "params/axis_values.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace sextant {

namespace {

// 12 significant digits: 0.01 instead of 0.010000000000000004 in tables and file names,
// and the same value (so the same run identity) whatever rounding the arithmetic did.
double tidy(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.12g", v);
    return std::strtod(text, nullptr);
}

// Uniform double in [0, 1) from the raw 64-bit output: the same on every platform, unlike
// std::uniform_real_distribution.
double unit_draw(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

}  // namespace

std::vector<double> linear_values(double from, double to, int count) {
    std::vector<double> out;
    for (int i = 0; i < count; ++i) out.push_back(tidy(count == 1 ? from : from + (to - from) * i / (count - 1)));
    if (count > 1) out.back() = to;  // exact end despite rounding
    return out;
}

std::vector<double> log_values(double from, double to, int count) {
    std::vector<double> out;
    for (int i = 0; i < count; ++i)
        out.push_back(tidy(
            std::exp(std::log(from) + (std::log(to) - std::log(from)) * (count == 1 ? 0.0 : double(i) / (count - 1)))));
    if (!out.empty()) out.front() = from;
    if (count > 1) out.back() = to;
    return out;
}

std::vector<double> spaced_values(const GridAxis& axis) {
    switch (axis.spacing) {
    case GridAxis::Spacing::Linear: return linear_values(axis.from.value(), axis.to.value(), axis.count);
    case GridAxis::Spacing::Log: return log_values(axis.from.value(), axis.to.value(), axis.count);
    case GridAxis::Spacing::Values: break;
    }
    return {};
}

nlohmann::json numeric_value(const ParamDecl& decl, double v) {
    if (decl.type == ParamType::Int) return static_cast<long long>(std::llround(v));
    return v;
}

nlohmann::json draw_value(const RandomAxis& axis, const ParamDecl& decl, std::mt19937_64& rng) {
    const double u = unit_draw(rng);
    const double from = axis.from.value(), to = axis.to.value();
    switch (axis.distribution) {
    case RandomAxis::Distribution::Choice:
        return axis
            .choices[std::min<std::size_t>(static_cast<std::size_t>(u * axis.choices.size()), axis.choices.size() - 1)];
    case RandomAxis::Distribution::LogUniform:
        return numeric_value(decl, std::exp(std::log(from) + u * (std::log(to) - std::log(from))));
    case RandomAxis::Distribution::Uniform: break;
    }
    return numeric_value(decl, from + u * (to - from));
}

}  // namespace sextant
