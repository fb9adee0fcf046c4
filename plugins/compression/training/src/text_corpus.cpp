#include "compression_training/text_corpus.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

namespace compression_training {

namespace {

// The corpus's files: the file itself, or a folder's regular files in name order, without
// fortune's index files (*.dat) and links (fortune's *.u8 point at their plain twins).
std::vector<std::filesystem::path> files_of(const std::string& corpus) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(corpus, ec)) return {corpus};
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(corpus, ec))
        if (e.is_regular_file() && !e.is_symlink() && e.path().extension() != ".dat") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

void add_words(const std::filesystem::path& file, std::vector<std::string>& words) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw std::runtime_error("parameter 'corpus': cannot read " + file.string() +
                                 " (the default comes with the Debian package fortunes: apt-get install fortunes)");
    std::string word;
    char ch;
    while (in.get(ch)) {
        const unsigned char c = static_cast<unsigned char>(ch);
        if (std::isalpha(c) || (c == '\'' && !word.empty())) {
            word.push_back(static_cast<char>(std::tolower(c)));
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
}

// `count` windows of `context` ids and the following id, starting evenly over [begin, end).
Examples windows(const std::vector<std::int64_t>& ids, std::size_t begin, std::size_t end, std::size_t context,
                 std::size_t count) {
    Examples e;
    const std::size_t starts = end - begin - context;  // windows that fit, each with a next word
    count = std::min(count, starts);
    e.count = count;
    e.ids.reserve(count * context);
    for (std::size_t k = 0; k < count; ++k) {
        const std::size_t s = begin + k * starts / count;
        e.ids.insert(e.ids.end(), ids.begin() + static_cast<std::ptrdiff_t>(s),
                     ids.begin() + static_cast<std::ptrdiff_t>(s + context));
        e.labels.push_back(ids[s + context]);
    }
    return e;
}

}  // namespace

TextCorpus load_text_corpus(const TextSpec& spec, std::size_t train, std::size_t test) {
    std::vector<std::string> words;
    for (const auto& file : files_of(spec.corpus)) add_words(file, words);
    const auto context = static_cast<std::size_t>(spec.context);
    if (words.size() < 20 * (context + 1))
        throw std::runtime_error("parameter 'corpus': " + spec.corpus + " has " + std::to_string(words.size()) +
                                 " words, too few for windows of " + std::to_string(context + 1));
    std::unordered_map<std::string, std::size_t> frequency;
    for (const auto& w : words) ++frequency[w];
    std::vector<std::pair<std::string, std::size_t>> ranked(frequency.begin(), frequency.end());
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    std::unordered_map<std::string, std::int64_t> id;
    for (std::size_t r = 0; r < ranked.size() && r + 1 < static_cast<std::size_t>(spec.vocab); ++r)
        id[ranked[r].first] = static_cast<std::int64_t>(r + 1);
    std::vector<std::int64_t> ids(words.size());
    std::size_t unknown = 0;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const auto it = id.find(words[i]);
        ids[i] = it == id.end() ? 0 : it->second;
        unknown += ids[i] == 0;
    }
    TextCorpus c;
    c.words = words.size();
    c.unknown = static_cast<double>(unknown) / static_cast<double>(words.size());
    const std::size_t split = words.size() * 9 / 10;
    c.train = windows(ids, 0, split, context, train);
    c.test = windows(ids, split, words.size(), context, test);
    std::ostringstream d;
    d << "text corpus " << spec.corpus << ": " << c.words << " words, " << ranked.size() << " distinct; vocabulary "
      << spec.vocab << " (" << 100.0 * c.unknown << "% of the text outside it, as id 0); " << c.train.count
      << " training windows from the first 90%, " << c.test.count << " test windows from the last 10%, " << context
      << " words -> the next";
    c.description = d.str();
    return c;
}

}  // namespace compression_training
