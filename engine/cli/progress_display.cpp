#include "progress_display.hpp"

#include <unistd.h>

#include <string>

namespace sextant::cli {

ProgressDisplay::ProgressDisplay(std::FILE* out)
    : out_(out), terminal_(::isatty(::fileno(out)) != 0), start_(std::chrono::steady_clock::now()) {}

void ProgressDisplay::on_event(const RunEvent& e) {
    switch (e.kind) {
    case RunEvent::Kind::Queued:  // cluster runs are queued again with their Slurm job
        if (queued_.insert(e.run_id).second) ++total_;
        break;
    case RunEvent::Kind::Started:
        ++running_;
        fraction_[e.run_id] = 0;
        break;
    case RunEvent::Kind::Progress: fraction_[e.run_id] = e.fraction; break;
    case RunEvent::Kind::Finished: {
        if (fraction_.erase(e.run_id)) --running_;
        if (e.status == RunStatus::Done) ++done_;
        else if (e.status == RunStatus::Cancelled) ++cancelled_;
        else ++failed_;
        if (!terminal_ || e.status != RunStatus::Done) {
            if (terminal_) std::fputs("\r\033[K", out_);
            std::fprintf(out_, "run %lld %s%s%s\n", static_cast<long long>(e.run_id), to_string(e.status),
                         e.message.empty() ? "" : ": ", e.message.c_str());
        }
        break;
    }
    default: return;
    }
    if (terminal_) draw();
}

void ProgressDisplay::on_idle() {
    if (terminal_ && std::chrono::steady_clock::now() - last_draw_ > std::chrono::milliseconds(250)) draw();
}

void ProgressDisplay::draw() {
    last_draw_ = std::chrono::steady_clock::now();
    double partial = 0;
    for (const auto& [id, f] : fraction_) partial += f;
    const int finished = done_ + failed_ + cancelled_;
    const double fraction = total_ > 0 ? (finished + partial) / total_ : 1.0;
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    const double elapsed = std::chrono::duration<double>(last_draw_ - start_).count();
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(kWidth, '.');
    std::fprintf(out_, "\r\033[K[%s] %d/%d done, %d failed, %d running, %.0f s", bar.c_str(), done_, total_, failed_,
                 running_, elapsed);
    if (fraction > 0.02 && fraction < 1) std::fprintf(out_, ", ~%.0f s left", elapsed / fraction - elapsed);
    std::fflush(out_);
}

void ProgressDisplay::finish() {
    if (terminal_) {
        draw();
        std::fputc('\n', out_);
    }
    std::fflush(out_);
}

}  // namespace sextant::cli
