// The units a parameter or metric may declare, each with the quantity it measures. A plugin
// declaring a unit not listed here is refused on load (a typo such as "Gb/s" would otherwise
// label axes wrongly and keep the same quantity from comparing across plugins). Add a unit
// here when a plugin needs a new one.
#pragma once

#include <optional>
#include <string_view>

namespace sextant {

enum class Quantity {
    None,   // "": a plain number (loss, accuracy as a fraction, a score)
    Ratio,  // fractions, percentages, factors
    Count,  // how many of something
    Time,
    Data,
    DataRate,
    Frequency,  // events per unit of time or per step
    Compute,    // floating-point operations, or GPU time
    ComputeRate,
    Energy,
    Power,
    PerData,  // events per amount of data (ECN marks per GB)
    Angle,
    Flag,  // 0 or 1
};

struct Unit {
    std::string_view symbol;
    Quantity quantity;
};

inline constexpr Unit kUnits[] = {
    {"", Quantity::None},
    {"fraction", Quantity::Ratio},
    {"%", Quantity::Ratio},
    {"x", Quantity::Ratio},
    {"dB", Quantity::Ratio},
    {"count", Quantity::Count},
    {"values", Quantity::Count},
    {"items", Quantity::Count},
    {"pages", Quantity::Count},
    {"packets", Quantity::Count},
    {"flows", Quantity::Count},
    {"jobs", Quantity::Count},
    {"requests", Quantity::Count},
    {"queries", Quantity::Count},
    {"tokens", Quantity::Count},
    {"samples", Quantity::Count},
    {"examples", Quantity::Count},
    {"images", Quantity::Count},
    {"impressions", Quantity::Count},
    {"steps", Quantity::Count},
    {"epochs", Quantity::Count},
    {"rounds", Quantity::Count},
    {"clients", Quantity::Count},
    {"workers", Quantity::Count},
    {"nodes", Quantity::Count},
    {"GPUs", Quantity::Count},
    {"parameters", Quantity::Count},
    {"ns", Quantity::Time},
    {"us", Quantity::Time},
    {"ms", Quantity::Time},
    {"s", Quantity::Time},
    {"min", Quantity::Time},
    {"h", Quantity::Time},
    {"bit", Quantity::Data},
    {"Kbit", Quantity::Data},
    {"Mbit", Quantity::Data},
    {"Gbit", Quantity::Data},
    {"B", Quantity::Data},
    {"KB", Quantity::Data},
    {"MB", Quantity::Data},
    {"GB", Quantity::Data},
    {"TB", Quantity::Data},
    {"KiB", Quantity::Data},
    {"MiB", Quantity::Data},
    {"GiB", Quantity::Data},
    {"bps", Quantity::DataRate},
    {"Kbps", Quantity::DataRate},
    {"Mbps", Quantity::DataRate},
    {"Gbps", Quantity::DataRate},
    {"Tbps", Quantity::DataRate},
    {"B/s", Quantity::DataRate},
    {"KB/s", Quantity::DataRate},
    {"MB/s", Quantity::DataRate},
    {"GB/s", Quantity::DataRate},
    {"MiB/s", Quantity::DataRate},
    {"GiB/s", Quantity::DataRate},
    {"kbit/s", Quantity::DataRate},
    {"Mbit/s", Quantity::DataRate},
    {"Gbit/s", Quantity::DataRate},
    {"Hz", Quantity::Frequency},
    {"kHz", Quantity::Frequency},
    {"MHz", Quantity::Frequency},
    {"GHz", Quantity::Frequency},
    {"1/s", Quantity::Frequency},
    {"1/h", Quantity::Frequency},
    {"1/step", Quantity::Frequency},
    {"requests/s", Quantity::Frequency},
    {"req/s", Quantity::Frequency},
    {"tokens/s", Quantity::Frequency},
    {"samples/s", Quantity::Frequency},
    {"packets/s", Quantity::Frequency},
    {"Mpps", Quantity::Frequency},
    {"FLOP", Quantity::Compute},
    {"GFLOP", Quantity::Compute},
    {"TFLOP", Quantity::Compute},
    {"GPU*s", Quantity::Compute},
    {"GPU*h", Quantity::Compute},
    {"FLOP/s", Quantity::ComputeRate},
    {"GFLOP/s", Quantity::ComputeRate},
    {"TFLOP/s", Quantity::ComputeRate},
    {"J", Quantity::Energy},
    {"kJ", Quantity::Energy},
    {"Wh", Quantity::Energy},
    {"kWh", Quantity::Energy},
    {"W", Quantity::Power},
    {"kW", Quantity::Power},
    {"1/KB", Quantity::PerData},
    {"1/MB", Quantity::PerData},
    {"1/GB", Quantity::PerData},
    {"deg", Quantity::Angle},
    {"rad", Quantity::Angle},
    {"bool", Quantity::Flag},
};

// The quantity a unit measures, or nothing for a unit not in kUnits.
constexpr std::optional<Quantity> unit_quantity(std::string_view symbol) {
    for (const auto& unit : kUnits)
        if (unit.symbol == symbol) return unit.quantity;
    return std::nullopt;
}

}  // namespace sextant
