#include <models/fashion_mnist.hpp>

#include <gtest/gtest.h>

using namespace models;

namespace {
bool have_data() { return fashion_mnist_available(kFashionMnistDir); }
}  // namespace

TEST(FashionMnistSplit, FixedSplitOfTheRealFiles) {
    if (!have_data()) GTEST_SKIP() << "Fashion-MNIST is not installed at " << kFashionMnistDir;
    const auto s = load_fashion_mnist_split(kFashionMnistDir, 100, 100000, 50);
    EXPECT_EQ(s.train.count, 100u);
    EXPECT_EQ(s.validation.count, kValidationImages);  // a limit past the part takes all of it
    EXPECT_EQ(s.test.count, 50u);
    // Validation is the training file's last 5,000 images, never its first 55,000.
    const auto direct = load_fashion_mnist(kFashionMnistDir, FashionMnistFile::train, 55000, 2);
    ASSERT_EQ(direct.count, 2u);
    EXPECT_EQ(direct.labels[0], s.validation.labels[0]);
    EXPECT_TRUE(std::equal(direct.pixels.begin(), direct.pixels.begin() + 784, s.validation.pixels.begin()));
    EXPECT_FALSE(std::equal(direct.pixels.begin(), direct.pixels.begin() + 784, s.train.pixels.begin()));
    EXPECT_STREQ(fashion_mnist_class(s.train.labels[0]), "Ankle boot");
    for (float p : s.test.pixels) ASSERT_TRUE(p >= 0.0f && p <= 1.0f);
}

TEST(FashionMnistSplit, OffsetPastTheEndGivesNothing) {
    if (!have_data()) GTEST_SKIP() << "Fashion-MNIST is not installed at " << kFashionMnistDir;
    EXPECT_EQ(load_fashion_mnist(kFashionMnistDir, FashionMnistFile::test, 9999, 10).count, 1u);
    EXPECT_EQ(load_fashion_mnist(kFashionMnistDir, FashionMnistFile::test, 20000, 10).count, 0u);
}

TEST(FashionMnistSplit, MissingFolderNamesTheFileAndTheRemedy) {
    try {
        load_fashion_mnist_split("/nonexistent/fmnist");
        FAIL() << "no error";
    } catch (const DatasetError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/fmnist/train-images-idx3-ubyte.gz"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("dataset-fashion-mnist"), std::string::npos);
    }
    EXPECT_THROW(fashion_mnist_fingerprint("/nonexistent/fmnist"), DatasetError);
}
