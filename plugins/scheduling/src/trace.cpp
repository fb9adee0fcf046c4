#include "scheduling/trace.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace sextant::scheduling {

namespace {

const std::map<std::string, std::vector<std::string>> kColumns = {
    {"arrival_s", {"arrival_s", "arrival_time", "submit_time", "submitted_time", "arrival"}},
    {"model", {"model", "job_type", "model_name"}},
    {"gpus", {"gpus", "num_gpus", "scale_factor", "gpu_num"}},
    {"iterations", {"iterations", "total_steps", "num_steps", "num_iterations"}},
    {"duration_s", {"duration_s", "duration", "run_time"}},
    {"name", {"name", "job_id", "job_name"}},
};

std::string trim(const std::string& s) {
    size_t a = s.find_first_not_of(" \t\r\n");
    if (a == std::string::npos) return "";
    size_t b = s.find_last_not_of(" \t\r\n");
    return s.substr(a, b - a + 1);
}

// Splits one line; double quotes protect delimiters ("a,b") and "" is a literal quote.
std::vector<std::string> split(const std::string& line, char delim) {
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') cur += '"', ++i;
            else if (c == '"') quoted = false;
            else cur += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == delim) {
            out.push_back(trim(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(trim(cur));
    return out;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

struct Where {
    const std::string& origin;
    size_t line;
    [[noreturn]] void fail(const std::string& field, const std::string& what) const {
        throw std::invalid_argument(origin + ":" + std::to_string(line) + ": field '" + field + "': " + what);
    }
};

double number(const std::string& text, const Where& at, const std::string& field) {
    double v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
        at.fail(field, "expected a number, got '" + text + "'");
    return v;
}

long long positive_integer(const std::string& text, const Where& at, const std::string& field) {
    double v = number(text, at, field);
    if (v < 1 || v != std::floor(v) || v > 9e15) at.fail(field, "expected a positive integer, got '" + text + "'");
    return static_cast<long long>(v);
}

}  // namespace

double Random::exponential(double rate) { return -std::log1p(-uniform()) / rate; }

std::vector<JobSpec> parse_trace(const std::string& text, const std::string& origin, const ProfileTable& profiles,
                                 const IterationTime& iteration_time) {
    std::istringstream in(text);
    std::string line;
    size_t line_no = 0;
    std::map<std::string, size_t> col;  // canonical name -> column index
    size_t header_columns = 0;
    char delim = ',';
    std::vector<JobSpec> jobs;
    while (std::getline(in, line)) {
        ++line_no;
        std::string t = trim(line);
        if (t.empty() || t[0] == '#') continue;
        Where at{origin, line_no};
        if (header_columns == 0) {
            delim = t.find('\t') != std::string::npos ? '\t' : ',';
            auto names = split(t, delim);
            header_columns = names.size();
            for (size_t i = 0; i < names.size(); ++i)
                for (const auto& [canon, aliases] : kColumns)
                    if (std::find(aliases.begin(), aliases.end(), lower(names[i])) != aliases.end() &&
                        !col.count(canon))
                        col[canon] = i;
            for (const char* need : {"arrival_s", "model", "gpus"})
                if (!col.count(need))
                    at.fail(
                        need, "no such column in the header (accepted names: " + [&] {
                            std::string s;
                            for (const auto& a : kColumns.at(need)) s += (s.empty() ? "" : ", ") + a;
                            return s;
                        }() + ")");
            if (!col.count("iterations") && !col.count("duration_s"))
                at.fail("iterations", "the header needs an iterations (or duration_s) column");
            if (!col.count("iterations") && !iteration_time)
                at.fail("duration_s", "durations need an iteration-time model to convert them to iterations");
            continue;
        }
        auto f = split(t, delim);
        if (f.size() != header_columns)
            at.fail("*", "expected " + std::to_string(header_columns) + " fields as in the header, got " +
                             std::to_string(f.size()));
        JobSpec job;
        job.id = static_cast<int>(jobs.size());
        job.arrival_s = number(f[col["arrival_s"]], at, "arrival_s");
        if (job.arrival_s < 0) at.fail("arrival_s", "expected a time >= 0, got '" + f[col["arrival_s"]] + "'");
        const ModelProfile* profile = profiles.find(f[col["model"]]);
        if (!profile) at.fail("model", "unknown model '" + f[col["model"]] + "' (known: " + profiles.names() + ")");
        job.model = profile->name;
        long long gpus = positive_integer(f[col["gpus"]], at, "gpus");
        if (gpus > 1'000'000) at.fail("gpus", "implausibly large: '" + f[col["gpus"]] + "'");
        job.gpus = static_cast<int>(gpus);
        if (col.count("iterations")) {
            job.iterations = positive_integer(f[col["iterations"]], at, "iterations");
        } else {
            double d = number(f[col["duration_s"]], at, "duration_s");
            if (!(d > 0)) at.fail("duration_s", "expected a positive duration, got '" + f[col["duration_s"]] + "'");
            job.iterations = std::max(1LL, std::llround(d / iteration_time(*profile, job.gpus)));
        }
        job.name = col.count("name") && !f[col["name"]].empty() ? f[col["name"]] : "job" + std::to_string(job.id);
        jobs.push_back(job);
    }
    if (header_columns == 0) throw std::invalid_argument(origin + ": empty trace (expected a header row)");
    std::stable_sort(jobs.begin(), jobs.end(),
                     [](const JobSpec& a, const JobSpec& b) { return a.arrival_s < b.arrival_s; });
    for (size_t i = 0; i < jobs.size(); ++i) jobs[i].id = static_cast<int>(i);
    return jobs;
}

std::vector<JobSpec> read_trace(const std::filesystem::path& file, const ProfileTable& profiles,
                                const IterationTime& iteration_time) {
    std::ifstream in(file);
    if (!in) throw std::invalid_argument(file.string() + ": cannot open the trace file");
    std::stringstream buf;
    buf << in.rdbuf();
    return parse_trace(buf.str(), file.string(), profiles, iteration_time);
}

std::vector<JobSpec> generate_jobs(const GeneratorConfig& c, const ProfileTable& profiles) {
    if (c.jobs < 0) throw std::invalid_argument("generator: jobs must be >= 0");
    if (!(c.jobs_per_hour > 0)) throw std::invalid_argument("generator: jobs_per_hour must be positive");
    if (c.gpu_sizes.empty()) throw std::invalid_argument("generator: gpu_sizes is empty");
    if (!c.gpu_weights.empty() && c.gpu_weights.size() != c.gpu_sizes.size())
        throw std::invalid_argument("generator: gpu_weights must have one weight per gpu size");
    if (c.min_iterations < 1 || c.max_iterations < c.min_iterations)
        throw std::invalid_argument("generator: need 1 <= min_iterations <= max_iterations");
    std::vector<const ModelProfile*> mix;
    for (const auto& name : c.models) {
        const ModelProfile* p = profiles.find(name);
        if (!p)
            throw std::invalid_argument("generator: unknown model '" + name + "' (known: " + profiles.names() + ")");
        mix.push_back(p);
    }
    if (mix.empty())
        for (const auto& m : profiles.models()) mix.push_back(&m);
    std::vector<double> weights = c.gpu_weights.empty() ? std::vector<double>(c.gpu_sizes.size(), 1.0) : c.gpu_weights;
    double total_weight = 0;
    for (double w : weights) {
        if (!(w >= 0)) throw std::invalid_argument("generator: gpu_weights must be >= 0");
        total_weight += w;
    }
    if (!(total_weight > 0)) throw std::invalid_argument("generator: gpu_weights sum to zero");

    Random rng(c.seed);
    std::vector<JobSpec> jobs;
    double t = 0;
    for (int i = 0; i < c.jobs; ++i) {
        if (i > 0) t += rng.exponential(c.jobs_per_hour / 3600.0);
        JobSpec job;
        job.id = i;
        job.name = "job" + std::to_string(i);
        job.arrival_s = t;
        job.model = mix[rng.below(mix.size())]->name;
        double pick = rng.uniform() * total_weight;
        size_t k = 0;
        while (k + 1 < weights.size() && pick >= weights[k]) pick -= weights[k++];
        job.gpus = c.gpu_sizes[k];
        double lo = std::log(static_cast<double>(c.min_iterations)),
               hi = std::log(static_cast<double>(c.max_iterations));
        job.iterations = std::llround(std::exp(lo + (hi - lo) * rng.uniform()));
        jobs.push_back(job);
    }
    return jobs;
}

}  // namespace sextant::scheduling
