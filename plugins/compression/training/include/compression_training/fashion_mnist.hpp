// Reader for the real Fashion-MNIST files (gzipped IDX, as Debian's dataset-fashion-mnist
// installs them under /usr/share/datasets/fashion-mnist): 28x28 grey images, 10 classes.
#pragma once

#include "compression_training/examples.hpp"

#include <filesystem>
#include <stdexcept>

namespace compression_training {

enum class Split { train, test };

// A missing, unreadable or corrupt file; what() names the file and the remedy.
class DatasetError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

inline constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

// True when the four .gz files are present in dir.
bool fashion_mnist_available(const std::filesystem::path& dir);

// The first `limit` images of a split (all when limit exceeds the file), pixels scaled to
// [0, 1]: width 784, labels 0..9. Reads only as much of the file as it needs.
Examples load_fashion_mnist(const std::filesystem::path& dir, Split split, std::size_t limit);

// Class names, label order.
const char* fashion_mnist_class(std::int64_t label);

}  // namespace compression_training
