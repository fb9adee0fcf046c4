// The examples a run trains and tests on, and the model they call for: real Fashion-MNIST
// images (MLP, CNN) or the synthetic recommender impressions (NCF).
#pragma once

#include "compression_training/config.hpp"
#include "compression_training/examples.hpp"

#include <cmath>
#include <string>

namespace compression_training {

// What a model needs to know about its inputs; everything else is fixed by its kind.
struct ModelSpec {
    ModelKind kind = ModelKind::mlp;
    int classes = 10;  // images
    int users = 0;     // ncf
    int items = 0;
    int embedding_dim = 0;
    int vocab = 0;    // lstm: words (the softmax's classes)
    int context = 0;  // lstm: words per example
    int hidden = 0;   // lstm: units
};

struct TrainingData {
    Examples train;
    Examples test;
    ModelSpec model;
    std::string description;  // one line for logs: source, sizes, "SYNTHETIC" where it is
    bool synthetic = false;
    double bayes_accuracy = NAN;  // synthetic only: the best possible test accuracy
};

// Images are standardised with the mean and deviation of the training images loaded.
// Throws DatasetError (missing files) or std::invalid_argument (bad sizes).
TrainingData load_training_data(const TrainConfig& config);

}  // namespace compression_training
