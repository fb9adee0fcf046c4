#include "fashion_data.hpp"

#include <compression_training/fashion_mnist.hpp>

namespace federated {

FashionData load_fashion_data(const std::filesystem::path& dir, std::size_t train_limit, std::size_t test_limit) {
    namespace ct = compression_training;
    auto train = ct::load_fashion_mnist(dir, ct::Split::train, std::min<std::size_t>(train_limit, 55000));
    auto test = ct::load_fashion_mnist(dir, ct::Split::test, test_limit);
    return {std::move(train.features), std::move(test.features), std::move(train.labels), std::move(test.labels)};
}

}  // namespace federated
