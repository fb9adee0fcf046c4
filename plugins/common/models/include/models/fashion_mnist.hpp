// Reader for the real Fashion-MNIST files (gzipped IDX, as Debian's dataset-fashion-mnist
// installs them under /usr/share/datasets/fashion-mnist): 28x28 grey images, 10 classes.
// Shared by every plugin that trains or serves a model on it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace models {

// A missing, unreadable or corrupt file; what() names the file and the remedy.
class DatasetError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

inline constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

// The two files Debian ships: 60,000 training and 10,000 test images.
enum class FashionMnistFile { train, test };

struct Images {
    std::size_t count = 0;
    std::size_t rows = 28, cols = 28;
    std::vector<float> pixels;         // count x rows x cols, scaled to [0, 1]
    std::vector<std::int64_t> labels;  // 0..9
    std::size_t width() const { return rows * cols; }
};

// True when the four .gz files are present in dir.
bool fashion_mnist_available(const std::filesystem::path& dir);

// Images [offset, offset + limit) of a file (fewer when the file ends first).
Images load_fashion_mnist(const std::filesystem::path& dir, FashionMnistFile file, std::size_t offset,
                          std::size_t limit);

// The fixed split every plugin uses: train = the first 55,000 images of the training file,
// validation = its last 5,000, test = the 10,000 of the test file. Limits take the first n of
// each part (tests use a small configuration); a limit past the part's size takes all of it.
inline constexpr std::size_t kTrainImages = 55000, kValidationImages = 5000, kTestImages = 10000;

struct FashionMnistSplit {
    Images train, validation, test;
};

FashionMnistSplit load_fashion_mnist_split(const std::filesystem::path& dir, std::size_t train_limit = kTrainImages,
                                           std::size_t validation_limit = kValidationImages,
                                           std::size_t test_limit = kTestImages);

// Class names, label order.
const char* fashion_mnist_class(std::int64_t label);

// XXH3-64 of the training files (images and labels), hex: part of a model's cache key, so
// a model trained on other files under the same name is not taken for this one.
std::string fashion_mnist_fingerprint(const std::filesystem::path& dir);
}  // namespace models
