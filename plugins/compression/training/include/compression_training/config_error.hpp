// What validate(TrainConfig) throws: the parameters involved, kept apart from the message so
// the plugin's check() can name them without reading the text back.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace compression_training {

// A value, or values together, that cannot train: "parameter 'a/b': expected E, got G".
class ConfigError : public std::invalid_argument {
public:
    ConfigError(std::vector<std::string> params, const std::string& expected, const std::string& got);
    std::vector<std::string> params;  // the parameters involved, as the plugin declares them
    std::string expected, got;
};

}  // namespace compression_training
