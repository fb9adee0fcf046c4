// Fashion-MNIST for the simulator, through the shared reader: the fixed split's 55,000
// training images feed the clients' training sets, its 10,000 test images their test sets.
#pragma once

#include "federated/simulation.hpp"

#include <filesystem>

namespace federated {

struct FashionData {
    std::vector<float> train_x, test_x;
    std::vector<std::int64_t> train_y, test_y;
    ImageData view() const { return {train_x, test_x, train_y, test_y}; }
};

FashionData load_fashion_data(const std::filesystem::path& dir, std::size_t train_limit = 55000,
                              std::size_t test_limit = 10000);

}  // namespace federated
