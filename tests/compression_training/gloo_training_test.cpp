// The same training as K processes over Gloo (TCP on localhost) ends with the parameters
// of the in-process run, and the bytes counted on the wire are what the ring sends.
#include "training_helpers.hpp"

#include <compression_training/gloo_collective.hpp>
#include <compression_training/gloo_training.hpp>

#include <compression/npy.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

using namespace compression_training;
using namespace compression_training::testing;

namespace {

std::filesystem::path temp_dir(const std::string& name) {
    auto base = std::filesystem::temp_directory_path() / ("sextant-gloo-test-" + std::to_string(::getpid()));
    auto dir = base / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

struct GlooRun {
    TrainingSummary summary;
    std::vector<float> params;
    Recorder records;
};

GlooRun run_gloo(TrainConfig c, const std::string& name) {
    c.transport = Transport::gloo;
    c.gloo_timeout_s = 60;
    LaunchOptions options;
    options.rank_program = SEXTANT_RANK_PROGRAM;
    options.work_dir = temp_dir(name);
    options.params_out = options.work_dir / "params.npy";
    GlooRun run;
    run.summary = launch_gloo_training(c, options, run.records);
    run.params = compression::read_npy(options.params_out).data;
    return run;
}

}  // namespace

TEST(GlooTraining, TwoProcessesEqualTheInProcessRunDenseAndLhc) {
    for (const char* scheme : {"dense", "lhc"}) {
        auto c = small_ncf(2, 12);
        c.codec.scheme = scheme;
        const auto gloo = run_gloo(c, scheme);
        const auto local = run_training(c, scheme);
        ASSERT_EQ(gloo.summary.steps, 12);
        EXPECT_TRUE(bit_equal(gloo.params, local.steps.back()))
            << scheme << ": max |diff| " << max_abs_diff(gloo.params, local.steps.back());
        // Rank 0 forwarded every step with the same training loss.
        ASSERT_EQ(gloo.records.records.size(), 12u);
        EXPECT_NEAR(gloo.records.records.back().loss, local.records.back().loss, 1e-6);
    }
}

TEST(GlooTraining, ThreeProcessesDenseIntEqualInProcessAndCountRingBytes) {
    auto c = small_ncf(3, 6);
    c.codec.scheme = "dense-int";
    const auto gloo = run_gloo(c, "dense-int");
    const auto local = run_training(c, "dense-int");
    EXPECT_TRUE(bit_equal(gloo.params, local.steps.back()))
        << "max |diff| " << max_abs_diff(gloo.params, local.steps.back());
    // A ring allreduce of n words sends 2 (K-1) chunks of about n/K words; dense-int adds
    // its one-word exponent round (a 1-word ring sends the word 1 or 2 times, 0 if empty).
    const double n = static_cast<double>(gloo.summary.parameters);
    const double ring = 2.0 * (3 - 1) / 3 * n * 4;
    EXPECT_NEAR(gloo.summary.bytes_sent, ring, 16);
    EXPECT_NEAR(gloo.summary.dense_bytes_sent, ring, 16);
}

TEST(GlooTraining, LhcSendsFewerBytesOnTheWireForTheSparseModel) {
    auto c = small_ncf(2, 4);
    c.codec.scheme = "lhc";
    const auto lhc = run_gloo(c, "lhc-bytes");
    EXPECT_GT(lhc.summary.compression_ratio, 4.0);
    EXPECT_LT(lhc.summary.bytes_sent * 4, lhc.summary.dense_bytes_sent);
}

TEST(GlooTraining, AFailingRankIsReportedWithItsLog) {
    auto c = small_mlp(2, 3);
    c.dataset_dir = "/nonexistent/fashion";
    c.transport = Transport::gloo;
    c.gloo_timeout_s = 30;
    LaunchOptions options;
    options.rank_program = SEXTANT_RANK_PROGRAM;
    options.work_dir = temp_dir("failing");
    Recorder r;
    try {
        launch_gloo_training(c, options, r);
        FAIL() << "expected the launch to fail";
    } catch (const std::runtime_error& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("rank"), std::string::npos) << m;
        EXPECT_NE(m.find("dataset-fashion-mnist"), std::string::npos) << m;
    }
}

TEST(GlooTraining, MissingRankProgramIsAClearError) {
    auto c = small_ncf(2, 1);
    c.transport = Transport::gloo;
    LaunchOptions options;
    options.rank_program = "/nonexistent/sextant-compression-rank";
    options.work_dir = temp_dir("missing");
    Recorder r;
    EXPECT_THROW(launch_gloo_training(c, options, r), std::runtime_error);
}

TEST(GlooTraining, ASchedulerStartedRankRefusesAnotherNumberOfRanksThanWorkers) {
    auto c = small_ncf(2, 1);
    c.transport = Transport::gloo;
    collective::Rendezvous three{0, 3, temp_dir("scheduled"), "127.0.0.1", ""};
    Recorder r;
    try {
        train_scheduled_rank(c, three, r);
        FAIL() << "expected a refusal";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("workers is 2 but the run was started as 3 Slurm tasks"),
                  std::string::npos)
            << e.what();
    }
}

// A cluster target's network_interface reaches Gloo: the ranks listen on that interface's
// address (here the loopback "lo"), and an interface the node lacks is named in the error.
TEST(GlooTraining, RanksListenOnTheNamedInterface) {
    GlooOptions options;
    options.rendezvous = temp_dir("iface");
    options.host = "name.that.does.not.resolve.invalid";  // used only if iface were ignored
    options.iface = "lo";
    options.timeout = std::chrono::seconds(30);
    std::vector<std::uint32_t> words[2] = {{1, 2, 3}, {10, 20, 30}};
    std::string errors[2];
    auto rank = [&](int r) {
        try {
            GlooCollective group(r, 2, options);
            group.allreduce(compression::Reduce::sum_int32, words[r]);
        } catch (const std::exception& e) {
            errors[r] = e.what();
        }
    };
    std::thread other(rank, 1);
    rank(0);
    other.join();
    EXPECT_EQ(errors[0], "");
    EXPECT_EQ(errors[1], "");
    EXPECT_EQ(words[0], (std::vector<std::uint32_t>{11, 22, 33}));
    EXPECT_EQ(words[1], (std::vector<std::uint32_t>{11, 22, 33}));

    options.iface = "nosuch0";
    options.rendezvous = temp_dir("no-iface");
    try {
        GlooCollective group(0, 2, options);
        FAIL() << "expected an error naming the interface";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("rank 0 of 2 cannot listen on interface nosuch0"), std::string::npos)
            << e.what();
    }
}

// Gloo itself crashes on a host name that does not resolve; a rank says so instead.
TEST(GlooTraining, AHostNameThatDoesNotResolveIsAClearError) {
    GlooOptions options;
    options.rendezvous = temp_dir("no-host");
    options.host = "name.that.does.not.resolve.invalid";
    try {
        GlooCollective group(1, 2, options);
        FAIL() << "expected an error naming the host";
    } catch (const std::runtime_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("rank 1 of 2 cannot listen on host name.that.does.not.resolve.invalid: the name does "
                            "not resolve"),
                  std::string::npos)
            << what;
        EXPECT_NE(what.find("network_interface"), std::string::npos) << what;
    }
}
