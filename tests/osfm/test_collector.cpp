// The collector's channels from recorded /proc samples (never the live /proc), and the corpus
// file format.
#include "osfm/channels.hpp"
#include "osfm/corpus.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace sextant::osfm;

namespace {

std::vector<ProcText> recording(const std::string& name) {
    const std::string path = std::string(OSFM_TEST_DATA) + "/" + name;
    std::ifstream in(path);
    EXPECT_TRUE(in) << path;
    return parse_proc_text(in, path);
}

double channel(const std::vector<double>& values, const std::string& name) {
    for (std::size_t i = 0; i < channels().size(); ++i)
        if (channels()[i].name == name) return values.at(i);
    ADD_FAILURE() << "no channel " << name;
    return NAN;
}

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST(Collector, HandMadeSamplesGiveTheWorkedChannels) {
    // two samples 0.5 s apart with round deltas (tests/osfm/data/proc_hand.txt)
    auto s = recording("proc_hand.txt");
    ASSERT_EQ(s.size(), 2u);
    auto v = channel_values(parse_counters(s[0]), parse_counters(s[1]), s[1].t_s - s[0].t_s);
    ASSERT_EQ(v.size(), channels().size());
    // jiffies +40 user +10 nice +20 system +20 idle +5 iowait +3 irq +2 softirq of 100
    EXPECT_DOUBLE_EQ(channel(v, "cpu_user"), 0.4);
    EXPECT_DOUBLE_EQ(channel(v, "cpu_nice"), 0.1);
    EXPECT_DOUBLE_EQ(channel(v, "cpu_idle"), 0.2);
    EXPECT_DOUBLE_EQ(channel(v, "cpu_iowait"), 0.05);
    EXPECT_DOUBLE_EQ(channel(v, "cpu_irq"), 0.05);
    EXPECT_DOUBLE_EQ(channel(v, "context_switches_s"), 1000);
    EXPECT_DOUBLE_EQ(channel(v, "interrupts_s"), 2000);
    EXPECT_DOUBLE_EQ(channel(v, "forks_s"), 4);
    EXPECT_DOUBLE_EQ(channel(v, "procs_running"), 3);
    EXPECT_DOUBLE_EQ(channel(v, "procs_blocked"), 1);
    EXPECT_DOUBLE_EQ(channel(v, "load1"), 1.5);
    EXPECT_DOUBLE_EQ(channel(v, "runnable_threads"), 3);
    EXPECT_DOUBLE_EQ(channel(v, "mem_free_mib"), 2000);
    EXPECT_DOUBLE_EQ(channel(v, "cached_mib"), 1024);
    EXPECT_DOUBLE_EQ(channel(v, "dirty_mib"), 2);
    EXPECT_DOUBLE_EQ(channel(v, "page_faults_s"), 200);
    EXPECT_DOUBLE_EQ(channel(v, "major_faults_s"), 10);
    EXPECT_DOUBLE_EQ(channel(v, "pages_scanned_s"), 40);
    EXPECT_DOUBLE_EQ(channel(v, "refaults_s"), 2);
    EXPECT_DOUBLE_EQ(channel(v, "page_in_kib_s"), 1024);
    // vda only: loop0 is not storage and vda1 is inside vda
    EXPECT_DOUBLE_EQ(channel(v, "disk_reads_s"), 100);
    EXPECT_DOUBLE_EQ(channel(v, "disk_read_kib_s"), 2048);
    EXPECT_DOUBLE_EQ(channel(v, "disk_read_await_ms"), 2);
    EXPECT_DOUBLE_EQ(channel(v, "disk_busy"), 0.5);
    EXPECT_DOUBLE_EQ(channel(v, "disk_queue"), 1);
    EXPECT_DOUBLE_EQ(channel(v, "disk_in_flight"), 2);
    EXPECT_DOUBLE_EQ(channel(v, "disk_write_await_ms"), 0);  // no writes: 0, not NaN
    EXPECT_DOUBLE_EQ(channel(v, "lo_rx_kib_s"), 2048);
    EXPECT_DOUBLE_EQ(channel(v, "lo_rx_packets_s"), 200);
    EXPECT_DOUBLE_EQ(channel(v, "ext_tx_packets_s"), 200);
    EXPECT_DOUBLE_EQ(channel(v, "net_drops_s"), 6);
    EXPECT_DOUBLE_EQ(channel(v, "psi_io_some"), 0.5);
    EXPECT_DOUBLE_EQ(channel(v, "psi_io_full"), 0.1);
    EXPECT_DOUBLE_EQ(channel(v, "psi_cpu_some"), 0);  // this sample has no pressure/cpu
    EXPECT_DOUBLE_EQ(channel(v, "run_delay"), 0.4);   // 2 x 0.1 s waiting over 0.5 s
    EXPECT_DOUBLE_EQ(channel(v, "timeslices_s"), 200);
}

TEST(Collector, RecordedSamplesOfThisMachineParse) {
    // four samples taken 100 ms apart under stress-ng --cpu 1 --vm 1 --hdd 1 on a 2-core VM
    auto s = recording("proc_recorded.txt");
    ASSERT_EQ(s.size(), 4u);
    auto rows = rows_from_samples(s, "fixture", "stress");
    ASSERT_EQ(rows.size(), 3u);
    for (const auto& r : rows) {
        ASSERT_EQ(r.values.size(), channels().size());
        EXPECT_NEAR(r.t_s, 0.1 * (&r - rows.data() + 1), 0.05);
        double cpu = 0;
        for (std::size_t i = 0; i < channels().size(); ++i) {
            EXPECT_TRUE(std::isfinite(r.values[i])) << channels()[i].name;
            EXPECT_GE(r.values[i], 0) << channels()[i].name;
            if (channels()[i].unit == "fraction" && channels()[i].name.rfind("cpu_", 0) == 0) cpu += r.values[i];
        }
        EXPECT_NEAR(cpu, 1.0, 1e-9);
        EXPECT_GT(channel(r.values, "mem_available_mib"), 0);
        EXPECT_GT(channel(r.values, "context_switches_s"), 0);
        EXPECT_LT(channel(r.values, "cpu_idle"), 0.9);  // under load
    }
}

TEST(Collector, ChannelsCoverFourSubsystemsWithUniqueNames) {
    std::set<std::string> names, subsystems;
    for (const auto& c : channels()) {
        EXPECT_TRUE(names.insert(c.name).second) << c.name;
        subsystems.insert(c.subsystem);
    }
    EXPECT_EQ(subsystems, (std::set<std::string>{"cpu", "io", "memory", "net"}));
    EXPECT_GE(channels().size(), 50u);
}

TEST(Collector, MalformedProcTextIsNamed) {
    ProcText p;
    p.files["stat"] = "cpu 1 2 3\n";
    EXPECT_EQ(error_of([&] { parse_counters(p); }), "/proc/stat:1: expected at least 8 counters after 'cpu'");
    p.files["stat"] = "ctxt 1\nprocesses many\n";
    EXPECT_EQ(error_of([&] { parse_counters(p); }), "/proc/stat:2: expected a number, got 'many'");
    std::istringstream rec("@t_s 1\nstray\n");
    EXPECT_EQ(error_of([&] { parse_proc_text(rec, "r.txt"); }), "r.txt:2: text before the first '@file NAME'");
    EXPECT_THROW(channel_values({}, {}, 0), std::invalid_argument);
}

TEST(Corpus, RoundTripsAndNamesBadLines) {
    std::ostringstream out;
    write_corpus_header({"test recipe"}, out);
    CorpusRow row{0.1, "s1", "idle", std::vector<double>(channels().size(), 0.25)};
    row.values[0] = 1234.5678;  // kept to 6 significant digits
    write_corpus_row(row, out);
    std::istringstream in(out.str());
    Corpus c = parse_corpus_csv(in, "c.csv");
    EXPECT_EQ(c.recipe, (std::vector<std::string>{"test recipe"}));
    ASSERT_EQ(c.channels.size(), channels().size());
    ASSERT_EQ(c.rows.size(), 1u);
    EXPECT_EQ(c.rows[0].phase, "idle");
    row.values[0] = 1234.57;
    EXPECT_EQ(c.rows[0].values, row.values);

    std::string bad = out.str() + "0.2,s1,idle,1\n";
    std::istringstream in2(bad);
    EXPECT_NE(error_of([&] { parse_corpus_csv(in2, "c.csv"); }).find("c.csv:4: expected "), std::string::npos);
    std::string text = out.str();
    text.replace(text.rfind("0.25"), 4, "x");
    std::istringstream in3(text);
    EXPECT_EQ(error_of([&] { parse_corpus_csv(in3, "c.csv"); }),
              "c.csv:3: " + channels().back().name + ": expected a number, got 'x'");
}

// Both shipped corpora: experiments/data/osfm-corpus.csv (the full recipe, scripts/osfm-corpus)
// and osfm-corpus-short.csv (--scale 0.2, for quick studies).
TEST(Corpus, TheShippedCorporaMatchTheCollector) {
    for (const std::string path : {OSFM_CORPUS, OSFM_CORPUS_SHORT}) {
        SCOPED_TRACE(path);
        const Corpus c = read_corpus_csv(path);
        ASSERT_FALSE(c.recipe.empty());
        EXPECT_NE(c.recipe[0].find("scripts/osfm-corpus"), std::string::npos);
        ASSERT_EQ(c.channels.size(), channels().size());
        for (std::size_t i = 0; i < c.channels.size(); ++i) EXPECT_EQ(c.channels[i], channels()[i].name);
        std::map<std::string, std::size_t> steps;
        std::set<std::string> with_anomaly;
        for (const auto& r : c.rows) {
            ++steps[r.scenario];
            if (r.phase.rfind("anomaly", 0) == 0) with_anomaly.insert(r.scenario);
        }
        EXPECT_EQ(steps.size(), 30u);
        EXPECT_EQ(with_anomaly.size(), 5u);
        for (const auto& [name, n] : steps) EXPECT_GE(n, 32u + 50u) << name << ": shorter than window + 5 s";
    }
}
