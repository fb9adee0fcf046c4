#include "osfm/corpus.hpp"

#include "osfm/channels.hpp"

#include <charconv>
#include <chrono>
#include <fstream>
#include <istream>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace sextant::osfm {

namespace {

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> cells;
    std::size_t start = 0;
    for (;;) {
        std::size_t comma = line.find(',', start);
        cells.push_back(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    if (!cells.empty() && !cells.back().empty() && cells.back().back() == '\r') cells.back().pop_back();
    return cells;
}

std::string first_line(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    for (char& c : line)
        if (c == ',' || c == '\r') c = ' ';
    return line;
}

}  // namespace

Corpus parse_corpus_csv(std::istream& in, const std::string& file) {
    Corpus c;
    std::string line;
    long n = 0;
    bool header = false;
    auto fail = [&](const std::string& what) {
        throw std::invalid_argument(file + ":" + std::to_string(n) + ": " + what);
    };
    while (std::getline(in, line)) {
        ++n;
        if (line.empty() || line == "\r") continue;
        if (line[0] == '#') {
            if (line.rfind("# recipe: ", 0) == 0) c.recipe.push_back(line.substr(10));
            continue;
        }
        std::vector<std::string> cells = split(line);
        if (!header) {
            if (cells.size() < 4 || cells[0] != "t_s" || cells[1] != "scenario" || cells[2] != "phase")
                fail("expected the header t_s,scenario,phase,CHANNEL...");
            c.channels.assign(cells.begin() + 3, cells.end());
            header = true;
            continue;
        }
        if (cells.size() != c.channels.size() + 3)
            fail("expected " + std::to_string(c.channels.size() + 3) + " fields like the header, got " +
                 std::to_string(cells.size()));
        CorpusRow row;
        auto num = [&](const std::string& cell, const std::string& column) {
            double v = 0;
            auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
            if (cell.empty() || ec != std::errc{} || end != cell.data() + cell.size())
                fail(column + ": expected a number, got '" + cell + "'");
            return v;
        };
        row.t_s = num(cells[0], "t_s");
        row.scenario = cells[1];
        row.phase = cells[2];
        row.values.reserve(c.channels.size());
        for (std::size_t i = 0; i < c.channels.size(); ++i) row.values.push_back(num(cells[i + 3], c.channels[i]));
        c.rows.push_back(std::move(row));
    }
    if (!header) throw std::invalid_argument(file + ": no header (expected t_s,scenario,phase,CHANNEL...)");
    return c;
}

Corpus read_corpus_csv(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::invalid_argument(path + ": cannot open the corpus file");
    return parse_corpus_csv(in, path);
}

void write_corpus_header(const std::vector<std::string>& recipe, std::ostream& out) {
    for (const auto& r : recipe) out << "# recipe: " << r << '\n';
    out << "t_s,scenario,phase";
    for (const auto& ch : channels()) out << ',' << ch.name;
    out << '\n';
}

void write_corpus_row(const CorpusRow& row, std::ostream& out) {
    // 6 significant digits: counters are not more precise than that over 100 ms, and the
    // corpus stays small enough to keep in the repository.
    char buf[32];
    auto put = [&](double v) {
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 6);
        out.write(buf, end - buf);
    };
    put(row.t_s);
    out << ',' << row.scenario << ',' << row.phase;
    for (double v : row.values) {
        out << ',';
        put(v);
    }
    out << '\n';
}

std::vector<CorpusRow> rows_from_samples(const std::vector<ProcText>& samples, const std::string& scenario,
                                         const std::string& phase) {
    std::vector<CorpusRow> rows;
    for (std::size_t i = 1; i < samples.size(); ++i) {
        CorpusRow r;
        r.t_s = samples[i].t_s - samples[0].t_s;
        r.scenario = scenario;
        r.phase = phase;
        r.values = channel_values(parse_counters(samples[i - 1]), parse_counters(samples[i]),
                                  samples[i].t_s - samples[i - 1].t_s);
        rows.push_back(std::move(r));
    }
    return rows;
}

std::size_t collect(const CollectOptions& o, std::ostream& out, std::ostream* raw, const std::atomic<bool>& stop) {
    using clock = std::chrono::steady_clock;
    const auto interval = std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(o.interval_s));
    const auto start = clock::now();
    auto next = start;
    ProcText previous = read_proc(o.proc_root);
    Counters before = parse_counters(previous);
    if (raw) write_proc_text(previous, *raw);
    const double t0 = previous.t_s;
    std::size_t rows = 0;
    while (!stop.load() && std::chrono::duration<double>(clock::now() - start).count() < o.seconds) {
        next += interval;
        std::this_thread::sleep_until(next);
        ProcText sample = read_proc(o.proc_root);
        if (raw) write_proc_text(sample, *raw);
        Counters now = parse_counters(sample);
        CorpusRow row;
        row.t_s = sample.t_s - t0;
        row.scenario = o.scenario;
        row.phase = o.phase_file.empty() ? "-" : first_line(o.phase_file);
        if (row.phase.empty()) row.phase = "-";
        row.values = channel_values(before, now, sample.t_s - previous.t_s);
        write_corpus_row(row, out);
        out.flush();
        previous = std::move(sample);
        before = std::move(now);
        ++rows;
    }
    return rows;
}

}  // namespace sextant::osfm
