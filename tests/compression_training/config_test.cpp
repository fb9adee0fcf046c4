#include <compression_training/config.hpp>

#include <gtest/gtest.h>

using namespace compression_training;

namespace {

std::string error_of(const TrainConfig& c) {
    try {
        validate(c);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(TrainingConfig, DefaultsAreValid) { EXPECT_EQ(error_of(TrainConfig{}), ""); }

TEST(TrainingConfig, ErrorsNameTheParameterAndWhatWasExpected) {
    TrainConfig c;
    c.momentum = 1.5;
    EXPECT_NE(error_of(c).find("'momentum'"), std::string::npos) << error_of(c);
    c = {};
    c.workers = 8;
    c.batch_size = 1024;  // 8 x 1024 > 8000 images
    const auto e = error_of(c);
    EXPECT_NE(e.find("'train_samples'"), std::string::npos) << e;
    EXPECT_NE(e.find("8192"), std::string::npos) << e;
    c = {};
    c.transport = Transport::gloo;
    c.codec.scheme = "topk";
    EXPECT_NE(error_of(c).find("dense, dense-int, lhc, lhc-union or lhc-aligned"), std::string::npos) << error_of(c);
    c = {};
    c.codec.scheme = "nonsense";
    EXPECT_NE(error_of(c), "");
    EXPECT_THROW(parse_model("resnet"), std::invalid_argument);
    EXPECT_THROW(parse_transport("mpi"), std::invalid_argument);
}

TEST(TrainingConfig, JsonRoundTripKeepsEveryField) {
    TrainConfig c;
    c.model = ModelKind::ncf;
    c.codec.scheme = "lhc";
    c.codec.mode = compression::ValueMode::float32;
    c.codec.index = compression::IndexKind::bitmap;
    c.codec.load_factor = 1.5;
    c.transport = Transport::gloo;
    c.workers = 3;
    c.steps = 17;
    c.lr = 0.125;
    c.synthetic.users = 77;
    c.synthetic.zipf_exponent = 1.25;
    c.seed = 123456789012345ull;
    c.dataset_dir = "/somewhere";
    const TrainConfig d = config_from_json(to_json(c));
    EXPECT_EQ(to_json(d), to_json(c));
    EXPECT_EQ(d.seed, c.seed);
    EXPECT_EQ(d.codec.mode, compression::ValueMode::float32);
    EXPECT_EQ(codec_config(d).seed, c.seed);
}
