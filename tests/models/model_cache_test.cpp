#include <models/model_cache.hpp>
#include <models_command.hpp>

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>
#include <thread>

using namespace models;
namespace fs = std::filesystem;

namespace {

class TempDir {
public:
    TempDir() {
        path_ = fs::temp_directory_path() /
                ("sextant-model-cache-" + std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}()));
        fs::create_directories(path_);
    }
    ~TempDir() { fs::remove_all(path_); }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

const nlohmann::json kRecipe = {{"kind", "test"},
                                {"architecture", {{"arch", "resnet18"}, {"width", 16}}},
                                {"data", {{"train_samples", 2000}}},
                                {"training", {{"epochs", 1}}},
                                {"seed", 1}};

// A slow build that counts how often it ran, in a file shared by all processes.
ModelCache::Build counting_build(const fs::path& counter) {
    return [counter](const fs::path& staging) {
        std::ofstream(counter, std::ios::app) << "built\n";
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
        std::ofstream(staging / "weights.bin") << "weights";
        return nlohmann::json{{"accuracy", 0.5}};
    };
}

int lines(const fs::path& file) {
    std::ifstream in(file);
    int n = 0;
    for (std::string s; std::getline(in, s);) ++n;
    return n;
}

}  // namespace

TEST(ModelCache, TwoProcessesBuildOnce) {
    TempDir tmp;
    const fs::path counter = tmp.path() / "builds.txt";
    std::vector<pid_t> children;
    for (int i = 0; i < 2; ++i) {
        const pid_t pid = ::fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            int code = 1;
            try {
                ModelCache cache(tmp.path() / "cache");
                const auto e = cache.obtain(kRecipe, counting_build(counter));
                std::ifstream in(e.dir / "weights.bin");
                std::string w;
                in >> w;
                code = (w == "weights" && e.info.at("accuracy") == 0.5) ? 0 : 2;
            } catch (...) {
                code = 3;
            }
            ::_exit(code);
        }
        children.push_back(pid);
    }
    for (pid_t pid : children) {
        int status = 0;
        ASSERT_EQ(::waitpid(pid, &status, 0), pid);
        ASSERT_TRUE(WIFEXITED(status));
        EXPECT_EQ(WEXITSTATUS(status), 0);
    }
    EXPECT_EQ(lines(counter), 1) << "both processes trained the same recipe";
    ModelCache cache(tmp.path() / "cache");
    ASSERT_EQ(cache.list().size(), 1u);
    EXPECT_EQ(cache.list()[0].recipe, kRecipe);
}

TEST(ModelCache, KeyChangesWithEachInput) {
    const std::string base = ModelCache::key_of(kRecipe);
    EXPECT_EQ(base.size(), 32u);
    EXPECT_EQ(ModelCache::key_of(nlohmann::json::parse(kRecipe.dump())), base);  // canonical
    for (const auto& path :
         {"/kind", "/architecture/arch", "/architecture/width", "/data/train_samples", "/training/epochs", "/seed"}) {
        auto changed = kRecipe;
        const nlohmann::json::json_pointer p(path);
        changed[p] = changed[p].is_number() ? nlohmann::json(changed[p].get<int>() + 1) : nlohmann::json("other");
        EXPECT_NE(ModelCache::key_of(changed), base) << path;
    }
}

TEST(ModelCache, FailedBuildLeavesNothingAndTheNextOneBuilds) {
    TempDir tmp;
    ModelCache cache(tmp.path());
    EXPECT_THROW(cache.obtain(kRecipe, [](const fs::path&) -> nlohmann::json { throw std::runtime_error("boom"); }),
                 std::runtime_error);
    EXPECT_TRUE(cache.list().empty());
    EXPECT_FALSE(cache.find(kRecipe));
    const fs::path counter = tmp.path() / "builds.txt";
    cache.obtain(kRecipe, counting_build(counter));
    cache.obtain(kRecipe, counting_build(counter));
    EXPECT_EQ(lines(counter), 1);
    EXPECT_TRUE(cache.find(kRecipe));
}

TEST(ModelCache, PruneRemovesUnusedEntriesAndDeadStaging) {
    TempDir tmp;
    ModelCache cache(tmp.path());
    auto other = kRecipe;
    other["seed"] = 2;
    const fs::path counter = tmp.path() / "builds.txt";
    cache.obtain(kRecipe, counting_build(counter));
    const auto old = cache.obtain(other, counting_build(counter));
    fs::last_write_time(old.dir / "last_used", fs::file_time_type::clock::now() - std::chrono::hours(48));
    fs::create_directories(tmp.path() / (std::string(32, 'a') + ".staging"));
    const auto removed = cache.prune(std::chrono::hours(24));
    ASSERT_EQ(removed.size(), 1u);
    EXPECT_EQ(removed[0].key, old.key);
    EXPECT_FALSE(fs::exists(old.dir));
    EXPECT_FALSE(fs::exists(tmp.path() / (std::string(32, 'a') + ".staging")));
    ASSERT_EQ(cache.list().size(), 1u);
    EXPECT_EQ(cache.prune(std::chrono::seconds(0)).size(), 1u);
    EXPECT_TRUE(cache.list().empty());
}

TEST(ModelCache, DefaultFolderFollowsTheEnvironment) {
    const char* had = std::getenv("XDG_CACHE_HOME");
    const std::string saved = had ? had : "";
    ::setenv("SEXTANT_MODEL_CACHE", "/tmp/x-models", 1);
    EXPECT_EQ(ModelCache::default_dir(), fs::path("/tmp/x-models"));
    ::unsetenv("SEXTANT_MODEL_CACHE");
    ::setenv("XDG_CACHE_HOME", "/tmp/xdg", 1);
    EXPECT_EQ(ModelCache::default_dir(), fs::path("/tmp/xdg/sextant/models"));
    if (had) ::setenv("XDG_CACHE_HOME", saved.c_str(), 1);
    else ::unsetenv("XDG_CACHE_HOME");
}

// A model of several networks (the modality plugin's avt-model) is listed part by part, not
// as "? w0" with its epochs as JSON.
TEST(ModelsCommand, ListsAModelOfSeveralNetworksPartByPart) {
    TempDir tmp;
    ModelCache cache(tmp.path());
    const nlohmann::json recipe = {{"kind", "avt-model"},
                                   {"architecture",
                                    {{"v", {{"arch", "resnet18"}, {"width", 32}}},
                                     {"t", {{"arch", "embedding-bag-mean"}}},
                                     {"fusion", {{"hidden", 128}}}}},
                                   {"training", {{"epochs", {{"v", 1}, {"fusion", 8}}}}},
                                   {"seed", 1}};
    cache.obtain(recipe, counting_build(tmp.path() / "builds.txt"));
    sextant::cli::ModelsOptions o;
    o.cache_dir = tmp.path().string();
    std::ostringstream out, err;
    EXPECT_EQ(sextant::cli::models_list(o, out, err), 0);
    EXPECT_NE(out.str().find("avt-model t embedding-bag-mean, v resnet18 w32, epochs fusion 8, v 1, seed 1"),
              std::string::npos)
        << out.str();
}

TEST(ModelsCommand, ListsAndPrunes) {
    TempDir tmp;
    ModelCache cache(tmp.path());
    const fs::path counter = tmp.path() / "builds.txt";
    cache.obtain(kRecipe, counting_build(counter));
    sextant::cli::ModelsOptions o;
    o.cache_dir = tmp.path().string();
    std::ostringstream out, err;
    EXPECT_EQ(sextant::cli::models_list(o, out, err), 0);
    EXPECT_NE(out.str().find("1 entries"), std::string::npos) << out.str();
    EXPECT_NE(out.str().find("resnet18 w16, 2000 images, 1 epochs, seed 1"), std::string::npos) << out.str();
    EXPECT_EQ(sextant::cli::models_prune(o, out, err), 2);  // neither --unused-days nor --all
    EXPECT_NE(err.str().find("--unused-days"), std::string::npos);
    o.unused_days = 1;
    EXPECT_EQ(sextant::cli::models_prune(o, out, err), 0);
    EXPECT_EQ(cache.list().size(), 1u);  // used just now
    o.unused_days = -1;
    o.all = true;
    EXPECT_EQ(sextant::cli::models_prune(o, out, err), 0);
    EXPECT_TRUE(cache.list().empty());
}
