// A rank's side of dense, dense-int and LHC: the codec's rounds (compression/dense_rounds.hpp,
// compression/lhc_rounds.hpp) on a group of one member whose rounds are allreduces over
// the rank's Collective (Gloo over TCP, or the tests' threads).
#include "compression_training/rank_schemes.hpp"

#include <compression/dense_rounds.hpp>
#include <compression/lhc_rounds.hpp>

#include <chrono>
#include <stdexcept>

namespace compression_training {

namespace {

class RankGroup final : public collective::Group {
public:
    explicit RankGroup(Collective& ranks) : ranks_(ranks) {}
    std::size_t size() const override { return static_cast<std::size_t>(ranks_.size()); }
    std::size_t members() const override { return 1; }
    std::string member_name(std::size_t) const override { return "rank " + std::to_string(ranks_.rank()); }
    // Wall time: the network's waits are part of a round's cost.
    double now() const override {
        return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    }
    void round(const std::string& name, collective::Reduce op, collective::Words& result, const Encode& encode,
               collective::Pass pass) override {
        const double t = now();
        encode(0, result);
        const double encoded = now();
        ranks_.allreduce(op, result);
        tally_.encode_s += encoded - t;
        tally_.reduce_s += now() - encoded;
        tally_.rounds.push_back({name, op, collective::message_bytes(result), collective::message_bytes(result), pass});
    }

private:
    Collective& ranks_;
};

}  // namespace

bool rank_scheme_supported(const std::string& scheme) {
    compression::LhcVariant lhc;
    return scheme == "dense" || scheme == "dense-int" || compression::lhc_variant(scheme, lhc);
}

RankReport rank_aggregate(const compression::SchemeConfig& config, Collective& ranks, std::span<const float> mine,
                          std::span<float> sum) {
    compression::LhcScratch fresh;
    return rank_aggregate(config, ranks, mine, sum, fresh);
}

RankReport rank_aggregate(const compression::SchemeConfig& config, Collective& ranks, std::span<const float> mine,
                          std::span<float> sum, compression::LhcScratch& scratch) {
    if (mine.size() != sum.size()) throw std::invalid_argument("rank_aggregate: gradient and sum differ in length");
    if (mine.size() >= (std::size_t{1} << 32))
        throw std::invalid_argument("rank_aggregate: gradients of 2^32 values or more are not supported");
    if (!rank_scheme_supported(config.scheme))
        throw std::invalid_argument(
            "parameter 'scheme': a rank over a network runs dense, dense-int, lhc, lhc-union or lhc-aligned, got '" +
            config.scheme + "'");
    RankGroup group(ranks);
    const std::span<const float> members[] = {mine};
    RankReport rep;
    if (config.scheme == "dense") {
        rep.decode_s = compression::dense_rounds(group, members, sum);
    } else if (config.scheme == "dense-int") {
        rep.decode_s = compression::dense_int_rounds(group, members, sum);
    } else {
        const auto d = compression::lhc_rounds(config, group, members, sum, scratch);
        rep.decode_s = d.decode_s;
        rep.candidates = d.candidates;
        rep.sketch_cells = d.sketch_cells;
        rep.peel_failures = d.peel_failures;
        rep.repaired = d.repaired;
    }
    rep.rounds = group.tally().rounds;
    rep.encode_s = group.tally().encode_s;
    rep.network_s = group.tally().reduce_s;
    return rep;
}

}  // namespace compression_training
