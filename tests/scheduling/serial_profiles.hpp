// The model profiles as they were before the backward buckets (plugin < 1.5.0): every model
// computes, then all-reduces once. Tests written for that shape (closed forms of one compute
// step and one all-reduce, the regression pins, CASSINI's VGG16 pair) use this table, so
// what they check stays what they were written to check; the shipped table has buckets.
#pragma once

#include "scheduling/profiles.hpp"

inline const sextant::scheduling::ProfileTable& serial_profiles() {
    static const auto table =
        sextant::scheduling::ProfileTable::load(SEXTANT_SCHEDULING_TEST_DATA "/models-serial.json");
    return table;
}
