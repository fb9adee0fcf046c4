#include "fashion_data.hpp"

#include <models/fashion_mnist.hpp>

namespace federated {

FashionData load_fashion_data(const std::filesystem::path& dir, std::size_t train_limit, std::size_t test_limit) {
    // The validation part is not used: clients' test sets come from the test file.
    auto split = models::load_fashion_mnist_split(dir, train_limit, 0, test_limit);
    return {std::move(split.train.pixels), std::move(split.test.pixels), std::move(split.train.labels),
            std::move(split.test.labels)};
}

}  // namespace federated
