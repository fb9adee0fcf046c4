// Fashion-MNIST as compression-training's Examples: a view onto the shared reader in
// plugins/common/models (real gzipped IDX files, /usr/share/datasets/fashion-mnist).
#pragma once

#include "compression_training/examples.hpp"

#include <models/fashion_mnist.hpp>

#include <filesystem>

namespace compression_training {

enum class Split { train, test };

using models::DatasetError;
using models::fashion_mnist_available;
using models::fashion_mnist_class;
using models::kFashionMnistDir;

// The first `limit` images of a file (all when limit exceeds it), pixels scaled to [0, 1]:
// width 784, labels 0..9.
Examples load_fashion_mnist(const std::filesystem::path& dir, Split split, std::size_t limit);

}  // namespace compression_training
