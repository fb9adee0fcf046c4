#include "compression_training/training_data.hpp"

#include "compression_training/fashion_mnist.hpp"
#include "compression_training/synthetic_interactions.hpp"
#include "compression_training/text_corpus.hpp"

#include <sstream>

namespace compression_training {

namespace {

void standardise(Examples& train, Examples& test) {
    double sum = 0, sq = 0;
    for (float x : train.features) {
        sum += x;
        sq += static_cast<double>(x) * x;
    }
    const double n = static_cast<double>(train.features.size());
    const double mean = sum / n;
    const double sd = std::sqrt(std::max(sq / n - mean * mean, 1e-12));
    for (auto* e : {&train, &test})
        for (auto& x : e->features) x = static_cast<float>((x - mean) / sd);
}

}  // namespace

TrainingData load_training_data(const TrainConfig& c) {
    TrainingData d;
    d.model.kind = c.model;
    std::ostringstream text;
    if (c.model == ModelKind::ncf) {
        auto s = make_synthetic_interactions(c.synthetic, c.test_samples, c.seed);
        d.train = std::move(s.train);
        d.test = std::move(s.test);
        d.synthetic = true;
        d.bayes_accuracy = s.bayes_accuracy;
        d.model.users = c.synthetic.users;
        d.model.items = c.synthetic.items;
        d.model.embedding_dim = c.embedding_dim;
        text << "SYNTHETIC recommender data (generated from seed " << c.seed << "): " << c.synthetic.users << " users, "
             << c.synthetic.items << " items, Zipf popularity exponent " << c.synthetic.zipf_exponent << ", "
             << d.train.count << " training / " << d.test.count << " test impressions, click rate " << s.click_rate
             << ", best possible test accuracy " << s.bayes_accuracy;
    } else if (c.model == ModelKind::lstm) {
        const TextCorpus t = load_text_corpus(c.text, static_cast<std::size_t>(c.train_samples),
                                              static_cast<std::size_t>(c.test_samples));
        d.train = std::move(t.train);
        d.test = std::move(t.test);
        d.model.vocab = c.text.vocab;
        d.model.context = c.text.context;
        d.model.hidden = c.text.hidden;
        d.model.embedding_dim = c.embedding_dim;
        text << t.description;
    } else {
        d.train = load_fashion_mnist(c.dataset_dir, Split::train, static_cast<std::size_t>(c.train_samples));
        d.test = load_fashion_mnist(c.dataset_dir, Split::test, static_cast<std::size_t>(c.test_samples));
        standardise(d.train, d.test);
        text << "Fashion-MNIST (" << c.dataset_dir << "): first " << d.train.count << " training and " << d.test.count
             << " test images, 28x28, 10 classes";
    }
    d.description = text.str();
    return d;
}

}  // namespace compression_training
