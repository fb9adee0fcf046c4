// The LSTM language model on a real text corpus (Debian's fortunes): windows of words, one
// training step through the codec, and the embedding's gradient sparse where the decoder's
// is dense.
#include "training_helpers.hpp"

#include <compression_training/data_parallel.hpp>
#include <compression_training/text_corpus.hpp>

#include <gtest/gtest.h>

#include <filesystem>

using namespace compression_training;

namespace {

bool have_corpus() { return std::filesystem::exists(TextSpec{}.corpus); }

TrainConfig small_lstm(int workers = 4, int steps = 3) {
    TrainConfig c;
    c.model = ModelKind::lstm;
    c.workers = workers;
    c.steps = steps;
    c.batch_size = 16;
    c.lr = 0.1;
    c.train_samples = 2000;
    c.test_samples = 200;
    c.embedding_dim = 8;
    c.text.vocab = 500;
    c.text.context = 4;
    c.text.hidden = 16;
    c.seed = 5;
    return c;
}

}  // namespace

TEST(LstmLanguageModel, WindowsOfTheCorpusPredictTheNextWord) {
    if (!have_corpus()) GTEST_SKIP() << TextSpec{}.corpus << " is missing (apt-get install fortunes)";
    TextSpec spec;
    spec.vocab = 500;
    spec.context = 4;
    const TextCorpus t = load_text_corpus(spec, 1000, 100);
    EXPECT_GT(t.words, 100000u);
    ASSERT_EQ(t.train.count, 1000u);
    EXPECT_EQ(t.train.ids.size(), 4000u);
    EXPECT_EQ(t.test.count, 100u);
    for (auto id : t.train.ids) ASSERT_TRUE(id >= 0 && id < 500);
    EXPECT_GT(t.unknown, 0.0);
    EXPECT_LT(t.unknown, 0.5);
    spec.corpus = "/nonexistent/corpus.txt";
    EXPECT_THROW(load_text_corpus(spec, 10, 10), std::runtime_error);
}

TEST(LstmLanguageModel, TrainsThroughLhcWithASparseEmbeddingGradient) {
    if (!have_corpus()) GTEST_SKIP() << TextSpec{}.corpus << " is missing (apt-get install fortunes)";
    TrainConfig c = small_lstm();
    c.codec.scheme = "lhc";
    TrainingObserver quiet;
    const TrainingSummary lhc = train_in_process(c, quiet);
    c.codec.scheme = "dense-int";
    const TrainingSummary dense = train_in_process(c, quiet);
    EXPECT_EQ(lhc.final_test_loss, dense.final_test_loss);  // lossless: the same trajectory
    ASSERT_FALSE(lhc.tensors.empty());
    EXPECT_EQ(lhc.tensors.front().name, "embedding");
    // 4 x 16 windows of 4 words touch a few dozen of 500 rows; the softmax decoder is dense.
    EXPECT_LT(lhc.tensors.front().union_density, 0.5);
    EXPECT_GT(lhc.tensors.front().union_density, 0.0);
    EXPECT_GT(lhc.tensors.back().worker_density, 0.9);
}
