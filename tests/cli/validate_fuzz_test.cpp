// Feeds 10,000 mutated project files to `sextant-cli validate`, in this process through the
// commands library: every file must pass (exit 0) or be refused (exit 2) with every line of
// the message located in the file. Anything else - exit 1 (an exception that is not bad
// input, such as a JSON library error), a crash, a hang - is a bug.
#include "validate_fuzz.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>

using namespace sextant;
using namespace sextant::testing;

namespace {

// "" when validating `file` ended as it should, else what went wrong.
std::string misbehaviour(const fs::path& file, const ValidateOutcome& outcome) {
    if (outcome.exit_code == 0) return "";
    if (outcome.exit_code != 2) return "exit " + std::to_string(outcome.exit_code) + ": " + outcome.message;
    // "FILE: path: message" or "FILE:LINE:COLUMN: message", line after line.
    std::stringstream lines(outcome.message);
    int count = 0;
    for (std::string line; std::getline(lines, line); ++count)
        if (line.rfind(file.string() + ":", 0) != 0) return "unlocated message line '" + line + "'";
    return count == 0 ? "exit 2 without a message" : "";
}

class ValidateFuzz : public ::testing::Test {
protected:
    void SetUp() override { ::setenv("SEXTANT_PLUGIN_PATH", FIXTURE_PLUGIN_DIR, 1); }
    void TearDown() override { ::unsetenv("SEXTANT_PLUGIN_PATH"); }
    ScratchDir dir;
};

}  // namespace

TEST_F(ValidateFuzz, TenThousandMutatedProjectsPassOrAreRefusedWithALocation) {
    const auto file = dir / "fuzz.sextant";
    ProjectMutator mutator(20261203);
    int accepted = 0, refused = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 10000; ++i) {
        const std::string text = mutator.next();
        write_text(file, text);
        const ValidateOutcome outcome = validate_file(file);
        ASSERT_EQ(misbehaviour(file, outcome), "") << "mutant " << i << "\n--- file ---\n" << text.substr(0, 4000);
        ++(outcome.exit_code == 0 ? accepted : refused);
    }
    std::printf("%d accepted, %d refused in %.1f s\n", accepted, refused,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    // Both outcomes must be common, or the mutator is not testing much.
    EXPECT_GT(accepted, 500);
    EXPECT_GT(refused, 5000);
}
