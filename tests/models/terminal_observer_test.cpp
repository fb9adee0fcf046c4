// The command-line tools' build observer rewrites one progress line only when the whole
// percent changes, including through a copy (the cache passes observers by value).
#include <models/terminal_observer.hpp>

#include <gtest/gtest.h>

#include <sstream>

TEST(TerminalObserver, PrintsEachWholePercentOnceAndLogLinesApart) {
    std::ostringstream out;
    const models::BuildObserver observer = models::terminal_observer(out);
    const models::BuildObserver copy = observer;
    observer.progress(0.101, "training");
    copy.progress(0.109, "training");  // still 10%: nothing
    copy.progress(0.2, "training");
    observer.log("epoch 1: accuracy 0.80");
    EXPECT_EQ(out.str(), "\rtraining 10%   \rtraining 20%   \nepoch 1: accuracy 0.80\n");
}
