// A BuildObserver for command-line tools: progress as one line rewritten in place (only when
// the whole percent changes, so a long build does not flood the terminal), log lines each on
// their own line.
#pragma once

#include "models/model_cache.hpp"

#include <iostream>

namespace models {

BuildObserver terminal_observer(std::ostream& out = std::cerr);

}  // namespace models
