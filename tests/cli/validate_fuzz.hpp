// Seeded mutation of project files for the validation fuzz test: valid fixture projects
// (every sweep form) mutated at the byte level (cuts, inserts, stray bytes), the token level
// (numbers replaced by overflowing or out-of-range ones) and the structure level (a node
// replaced by another type, keys dropped, renamed or added, deep nesting).
#pragma once

#include "cli/commands.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace sextant::testing {

struct ValidateOutcome {
    int exit_code = 0;
    std::string message;  // what the command wrote to stderr
};

// `sextant-cli validate FILE`, in this process: the same commands library main() runs.
inline ValidateOutcome validate_file(const std::filesystem::path& file) {
    CLI::App app{"fuzz", "sextant-cli"};
    app.require_subcommand(1);
    int exit_code = 0;
    cli::add_commands(app, exit_code);
    std::ostringstream out, err;
    auto* old_out = std::cout.rdbuf(out.rdbuf());
    auto* old_err = std::cerr.rdbuf(err.rdbuf());
    ValidateOutcome outcome;
    outcome.exit_code = cli::run_app(app, exit_code, {"validate", file.string()});
    std::cout.rdbuf(old_out);
    std::cerr.rdbuf(old_err);
    outcome.message = err.str();
    return outcome;
}

class ProjectMutator {
public:
    explicit ProjectMutator(std::uint64_t seed) : rng_(seed) {}

    std::string next() {
        nlohmann::json doc = bases()[pick(bases().size())];
        const int structural = static_cast<int>(pick(3));
        for (int i = 0; i < structural; ++i) mutate_structure(doc);
        std::string text = doc.dump(pick(2) ? 2 : -1);
        const int textual = pick(4) == 0 ? 1 + static_cast<int>(pick(3)) : 0;
        for (int i = 0; i < textual; ++i) mutate_text(text);
        return text;
    }

private:
    using json = nlohmann::json;

    static const std::vector<json>& bases() {
        static const std::vector<json> docs = [] {
            const json target = {{"kind", "local"}};
            std::vector<json> out;
            out.push_back({{"sextant_project", 1},
                           {"name", "grid"},
                           {"experiments",
                            {{{"name", "a"},
                              {"plugin", "fixture"},
                              {"target", target},
                              {"params", {{"steps", 3}, {"scale", 2.5}, {"mode", "normal"}, {"tags", {"a", "b"}}}},
                              {"sweep",
                               {{"grid",
                                 {{{"param", "scale"}, {"values", {0.5, 1.0}}},
                                  {{"param", "steps"}, {"linear", {{"from", 1}, {"to", 9}, {"count", 3}}}},
                                  {{"param", "sleep_ms"}, {"log", {{"from", 1}, {"to", 100}, {"count", 3}}}}}}}},
                              {"repeats", 2},
                              {"seed", 5},
                              {"timeout_s", 30}}}}});
            out.push_back({{"sextant_project", 1},
                           {"name", "random"},
                           {"description", "random samples and explicit points"},
                           {"experiments",
                            {{{"name", "r"},
                              {"plugin", "fixture"},
                              {"target", {{"kind", "simulated"}}},
                              {"params", json::object()},
                              {"sweep",
                               {{"random",
                                 {{"count", 4},
                                  {"seed", 11},
                                  {"axes",
                                   {{{"param", "scale"}, {"uniform", {{"from", 0.1}, {"to", 2}}}},
                                    {{"param", "sleep_ms"}, {"log_uniform", {{"from", 1}, {"to", 50}}}},
                                    {{"param", "mode"}, {"choice", {"normal", "fail"}}}}}}},
                                {"points", {{{"steps", 7}}, {{"label", "x"}, {"write_artifact", true}}}}}},
                              {"seeds", {1, 2, 3}}},
                             {{"name", "b"},
                              {"plugin", "fixture"},
                              {"target", target},
                              {"params", {{"label", "second"}}},
                              {"plots", json::array()}}}},
                           {"ui", {{"open", "r"}}}});
            return out;
        }();
        return docs;
    }

    std::size_t pick(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(rng_() % n); }

    json random_value() {
        static const std::vector<json> values = {
            nullptr,
            true,
            false,
            0,
            -1,
            1,
            7,
            0.5,
            -0.0,
            1e308,
            -1e308,
            1e-320,
            std::numeric_limits<std::int64_t>::max(),
            std::numeric_limits<std::int64_t>::min(),
            std::numeric_limits<std::uint64_t>::max(),
            4294967296LL,
            1e15,
            2.5e9,
            "",
            "fixture",
            "local",
            "grid",
            "normal",
            "steps",
            std::string(300, 'z'),
            "\u00e9\u4e2d",
            json::array(),
            json::object(),
            json::array({1, "a", nullptr}),
            json::object({{"param", "steps"}}),
            json::object({{"kind", 3}}),
            json::array({json::object({{"param", "mode"}, {"values", json::array()}})})};
        return values[pick(values.size())];
    }

    // Every node of the document as a JSON pointer.
    static void collect(const json& node, const json::json_pointer& at, std::vector<json::json_pointer>& out) {
        out.push_back(at);
        if (node.is_object())
            for (const auto& [key, value] : node.items()) collect(value, at / key, out);
        else if (node.is_array())
            for (std::size_t i = 0; i < node.size(); ++i) collect(node[i], at / i, out);
    }

    void mutate_structure(json& doc) {
        std::vector<json::json_pointer> nodes;
        collect(doc, json::json_pointer(), nodes);
        const auto& at = nodes[pick(nodes.size())];
        json& node = doc[at];
        switch (pick(6)) {
        case 0: node = random_value(); break;
        case 1:  // drop a member or element
            if (node.is_object() && !node.empty()) {
                auto it = node.begin();
                std::advance(it, static_cast<long>(pick(node.size())));
                node.erase(it);
            } else if (node.is_array() && !node.empty()) {
                node.erase(node.begin() + static_cast<long>(pick(node.size())));
            }
            break;
        case 2:  // rename a member to a near or unknown name
            if (node.is_object() && !node.empty()) {
                auto it = node.begin();
                std::advance(it, static_cast<long>(pick(node.size())));
                const std::string key = it.key();
                json value = *it;
                node.erase(it);
                node[pick(2) ? key + "s" : key.substr(0, key.size() / 2)] = std::move(value);
            }
            break;
        case 3:  // add a member or element
            if (node.is_object()) node[pick(2) ? "extra" : "params"] = random_value();
            else if (node.is_array()) node.push_back(pick(2) ? random_value() : node.empty() ? json() : node[0]);
            break;
        case 4: {  // nesting a parser handles easily
            json deep = 1;
            for (int i = 0; i < 100; ++i) deep = json::array({std::move(deep)});
            node = std::move(deep);
            break;
        }
        case 5: node = node.is_number() ? json(-node.get<double>()) : random_value(); break;
        }
    }

    void mutate_text(std::string& text) {
        if (text.empty()) return;
        static const std::vector<std::string> numbers = {"1e309",
                                                         "-1e309",
                                                         "1e-400",
                                                         "18446744073709551616",
                                                         "9223372036854775808",
                                                         "-9223372036854775809",
                                                         "1.5e300",
                                                         "0",
                                                         "-0",
                                                         "99999999999999999999999999999",
                                                         "1E+400",
                                                         "0.1e-9999"};
        static const std::vector<std::string> junk = {
            "\xff",    "\xc3", std::string(1, '\0'), "\"", "{",  "]",  ",", ":", "\\u0000",
            "\\ud800", "NaN",  "Infinity",           "/*", "\n", "nul"};
        // Nesting deep enough to exhaust the stack of anything that recurses over the tree.
        static const std::string deep = std::string(200000, '[') + "1" + std::string(200000, ']');
        switch (pick(5)) {
        case 0: {  // replace a number with an extreme one
            std::vector<std::size_t> starts;
            for (std::size_t i = 0; i < text.size(); ++i)
                if ((std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '-') &&
                    (i == 0 || (!std::isalnum(static_cast<unsigned char>(text[i - 1])) && text[i - 1] != '.')))
                    starts.push_back(i);
            if (starts.empty()) return;
            const std::size_t s = starts[pick(starts.size())];
            std::size_t e = s + 1;
            while (e < text.size() && (std::isdigit(static_cast<unsigned char>(text[e])) || text[e] == '.' ||
                                       text[e] == 'e' || text[e] == 'E' || text[e] == '+' || text[e] == '-'))
                ++e;
            text.replace(s, e - s, pick(50) == 0 ? deep : numbers[pick(numbers.size())]);
            break;
        }
        case 1: text.erase(pick(text.size()), 1 + pick(8)); break;
        case 2: text.insert(pick(text.size()), junk[pick(junk.size())]); break;
        case 3: text.resize(pick(text.size())); break;
        case 4: {
            const std::size_t from = pick(text.size());
            text.insert(pick(text.size()), text.substr(from, 1 + pick(40)));
            break;
        }
        }
    }

    std::mt19937_64 rng_;
};

}  // namespace sextant::testing
