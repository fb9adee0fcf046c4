// The ranks of a run started by Slurm find their rank, the number of ranks and the folder
// they meet in; a process outside such a run is told it is the whole run; a half-set
// environment is an error naming the variable.
#include <collective/rendezvous.hpp>

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace {

std::optional<collective::Rendezvous> from(const std::map<std::string, std::string>& env) {
    return collective::scheduler_rendezvous([&](const char* name) -> const char* {
        const auto it = env.find(name);
        return it == env.end() ? nullptr : it->second.c_str();
    });
}

std::string error_of(const std::map<std::string, std::string>& env) {
    try {
        from(env);
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(Rendezvous, OutsideASchedulerRunTheProcessIsTheWholeRun) {
    EXPECT_FALSE(from({}).has_value());
    // Slurm's variables alone (a one-rank job) do not make a rank: the run starts its own.
    EXPECT_FALSE(from({{"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "1"}}).has_value());
}

TEST(Rendezvous, ARankOfASlurmRunTakesSlurmsRankAndSize) {
    const auto r =
        from({{"SEXTANT_RENDEZVOUS", "/scratch/w/t3/rendezvous"}, {"SLURM_PROCID", "1"}, {"SLURM_NTASKS", "2"}});
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->rank, 1);
    EXPECT_EQ(r->size, 2);
    EXPECT_EQ(r->folder, "/scratch/w/t3/rendezvous");
    EXPECT_FALSE(r->host.empty());
    EXPECT_EQ(r->interface, "");  // no interface named: listen on the host name's address
    const auto ib = from({{"SEXTANT_RENDEZVOUS", "/r"},
                          {"SLURM_PROCID", "0"},
                          {"SLURM_NTASKS", "2"},
                          {"SEXTANT_NETWORK_INTERFACE", "ib0"}});
    ASSERT_TRUE(ib.has_value());
    EXPECT_EQ(ib->interface, "ib0");
}

TEST(Rendezvous, AHalfSetEnvironmentNamesTheVariable) {
    EXPECT_NE(error_of({{"SEXTANT_RENDEZVOUS", "/r"}, {"SLURM_NTASKS", "2"}}).find("SLURM_PROCID is unset"),
              std::string::npos);
    EXPECT_NE(error_of({{"SEXTANT_RENDEZVOUS", "/r"}, {"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "two"}})
                  .find("SLURM_NTASKS is \"two\""),
              std::string::npos);
    EXPECT_NE(error_of({{"SEXTANT_RENDEZVOUS", "/r"}, {"SLURM_PROCID", "-1"}, {"SLURM_NTASKS", "2"}})
                  .find("SLURM_PROCID is \"-1\""),
              std::string::npos);
    EXPECT_NE(error_of({{"SEXTANT_RENDEZVOUS", "/r"}, {"SLURM_PROCID", "2"}, {"SLURM_NTASKS", "2"}})
                  .find("SLURM_PROCID 2 is not a rank"),
              std::string::npos);
    EXPECT_NE(error_of({{"SEXTANT_RENDEZVOUS", ""}}).find("empty"), std::string::npos);
}
