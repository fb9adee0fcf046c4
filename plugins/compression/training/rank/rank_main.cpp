// sextant-compression-rank: one rank of data-parallel training over Gloo.
//   sextant-compression-rank --config FILE --rank R --rendezvous DIR [--host ADDR] [--params-out FILE]
// FILE is a training configuration as JSON (the plugin writes it); all ranks of a run get the
// same FILE and DIR. Rank 0 prints its records as JSON lines on stdout; errors go to stderr.
#include <compression_training/config.hpp>
#include <compression_training/gloo_training.hpp>
#include <compression_training/records_json.hpp>
#include <compression_training/replica.hpp>

#include <compression/npy.hpp>

#include <sys/prctl.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <stdexcept>

using namespace compression_training;

namespace {

int usage(const std::string& problem) {
    std::cerr << "sextant-compression-rank: " << problem << "\n"
              << "usage: sextant-compression-rank --config FILE --rank R --rendezvous DIR [--host ADDR] "
                 "[--params-out FILE.npy]\n";
    return 2;
}

// Rank 0 keeps the final parameters for --params-out.
class RankObserver : public JsonLinesObserver {
public:
    using JsonLinesObserver::JsonLinesObserver;
    void parameters(long long, std::span<const float> p) override { last.assign(p.begin(), p.end()); }
    std::vector<float> last;
};

}  // namespace

int main(int argc, char** argv) {
    // Die with the launcher instead of waiting out the Gloo timeout.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() == 1) return 1;
    std::map<std::string, std::string> args;
    for (int i = 1; i < argc; ++i) {
        const std::string key = argv[i];
        if (key.rfind("--", 0) != 0 || i + 1 >= argc) return usage("bad argument '" + key + "'");
        args[key.substr(2)] = argv[++i];
    }
    for (const char* required : {"config", "rank", "rendezvous"})
        if (!args.count(required)) return usage(std::string("--") + required + " is required");
    try {
        std::ifstream in(args["config"]);
        if (!in) return usage("cannot read " + args["config"]);
        const TrainConfig config = config_from_json(nlohmann::json::parse(in));
        const int rank = std::stoi(args["rank"]);
        GlooOptions options;
        options.rendezvous = args["rendezvous"];
        if (args.count("host")) options.host = args["host"];
        options.timeout = std::chrono::seconds(config.gloo_timeout_s);
        // Records go to a private copy of stdout; fd 1 then points at stderr, so a library
        // that prints cannot corrupt the JSON lines the launcher reads.
        std::FILE* records = ::fdopen(::dup(1), "w");
        if (!records || ::dup2(2, 1) < 0) throw std::runtime_error("cannot set up the record stream");
        RankObserver observer(records);
        const TrainingSummary summary = train_rank(config, rank, options, observer);
        if (rank == 0) {
            if (args.count("params-out")) compression::write_npy(args["params-out"], observer.last);
            observer.summary(summary);
        }
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "rank " << (args.count("rank") ? args["rank"] : "?") << ": " << e.what() << "\n";
        return 1;
    }
}
