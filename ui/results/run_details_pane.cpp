#include "results/run_details_pane.hpp"

#include "results/project_results.hpp"
#include "results/run_selection.hpp"
#include "results/runs_table_model.hpp"
#include "store/run_export.hpp"

#include <QCheckBox>
#include <QDateTime>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <set>

namespace sextant::ui {

namespace {

QString esc(const std::string& s) { return QString::fromStdString(s).toHtmlEscaped(); }
QString time_text(const std::optional<double>& t) {
    return t ? QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(*t * 1000)).toString("yyyy-MM-dd hh:mm:ss") : "-";
}
QString row(const QString& key, const QString& value) {
    return QStringLiteral("<tr><td style='color:#555;padding-right:10px'>%1</td><td>%2</td></tr>").arg(key, value);
}
constexpr int kMaxCompared = 30;

}  // namespace

RunDetailsPane::RunDetailsPane(ProjectResults& results, RunSelection& selection, QWidget* parent)
    : QWidget(parent), results_(results), selection_(selection) {
    browser_ = new QTextBrowser(this);
    browser_->setObjectName("runDetails");
    browser_->setOpenExternalLinks(false);
    differing_ = new QCheckBox(tr("Compare only parameters that differ"), this);
    differing_->setChecked(true);
    note_ = new QPlainTextEdit(this);
    note_->setPlaceholderText(tr("Note about this run…"));
    note_->setMaximumHeight(80);
    save_note_ = new QPushButton(tr("Save note"), this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(differing_);
    layout->addWidget(browser_, 1);
    layout->addWidget(note_);
    layout->addWidget(save_note_);
    connect(&selection_, &RunSelection::changed, this, &RunDetailsPane::refresh);
    connect(&results_, &ProjectResults::changed, this, &RunDetailsPane::refresh);
    connect(differing_, &QCheckBox::toggled, this, &RunDetailsPane::refresh);
    connect(save_note_, &QPushButton::clicked, this, &RunDetailsPane::saveNote);
    refresh();
}

QString RunDetailsPane::html() const { return browser_->toHtml(); }

bool RunDetailsPane::wrapsLines() const { return browser_->lineWrapMode() != QTextEdit::NoWrap; }

void RunDetailsPane::refresh() {
    const auto& ids = selection_.ids();
    const bool single = ids.size() == 1;
    differing_->setVisible(ids.size() >= 2);
    // A comparison is a wide table: scroll sideways rather than wrap every value a letter a line.
    browser_->setLineWrapMode(ids.size() >= 2 ? QTextEdit::NoWrap : QTextEdit::WidgetWidth);
    note_->setVisible(single);
    save_note_->setVisible(single);
    if (ids.isEmpty()) {
        browser_->setHtml(
            tr("<p style='color:#777'>Select runs in the table or click points in a plot. "
               "Select several, from any experiments, to compare them.</p>"));
        return;
    }
    if (!results_.reader()) return;
    if (single) {
        browser_->setHtml(singleRun(ids.first()));
        if (note_run_ != ids.first() || !note_->hasFocus()) {
            note_run_ = ids.first();
            note_->setPlainText(QString::fromStdString(results_.reader()->note(note_run_)));
        }
    } else {
        browser_->setHtml(comparison());
    }
}

void RunDetailsPane::saveNote() {
    if (note_run_) results_.setNote(note_run_, note_->toPlainText());
}

QString RunDetailsPane::singleRun(std::int64_t id) const {
    RunStore& store = *results_.reader();
    const auto run = store.run(id);
    if (!run) return tr("<p>Run %1 is not in the results.</p>").arg(id);
    const auto& r = *run;
    QString h = QStringLiteral("<h3>Run %1 <span style='font-weight:normal'>· %2 · %3</span></h3><table>")
                    .arg(r.id)
                    .arg(esc(r.experiment), QString::fromLatin1(to_string(r.status)));
    h += row(tr("Identity"), QStringLiteral("<code>%1</code>").arg(esc(r.identity)));
    h += row(tr("Plugin"), esc(r.plugin_id + " " + r.plugin_version));
    h += row(tr("Target"), QStringLiteral("<code>%1</code>").arg(esc(r.target.dump())));
    h += row(tr("Seed"), QString::number(r.seed));
    h += row(tr("Queued / started / finished"),
             time_text(r.queued_at) + " / " + time_text(r.started_at) + " / " + time_text(r.finished_at));
    h += row(tr("Attempts"), QString::number(r.attempts));
    if (!r.host.empty()) h += row(tr("Host"), esc(r.host));
    if (r.exit_status) h += row(tr("Worker exit"), QString::number(*r.exit_status));
    if (!r.job_id.empty()) {
        h += row(tr("Slurm job"),
                 esc(r.job_id) + " (" + (r.job_state.empty() ? tr("state unknown") : esc(r.job_state)) + ")");
        if (!r.job_dir.empty()) h += row(tr("Job folder"), QStringLiteral("<code>%1</code>").arg(esc(r.job_dir)));
    }
    const auto tags = store.tags(id);
    if (!tags.empty()) {
        QStringList t;
        for (const auto& x : tags) t << esc(x);
        h += row(tr("Tags"), t.join(", "));
    }
    h += "</table>";
    if (!r.error.empty()) h += QStringLiteral("<p style='color:#c62828'><b>Error:</b> %1</p>").arg(esc(r.error));
    if (!r.stderr_tail.empty())
        h += QStringLiteral("<p><b>stderr (last lines)</b></p><pre>%1</pre>").arg(esc(r.stderr_tail));

    h += tr("<h4>Parameters</h4><table>");
    for (auto it = r.params.begin(); it != r.params.end(); ++it)
        h += row(esc(it.key()), param_text(it.value()).toHtmlEscaped());
    h += "</table>";
    const auto sums = store.summaries(id);
    if (!sums.empty()) {
        h += tr("<h4>Summary metrics</h4><table>");
        for (const auto& [k, v] : sums) h += row(esc(k), esc(format_number(v)));
        h += "</table>";
    }
    const auto series = store.metric_names(id);
    if (!series.empty()) {
        QStringList names;
        for (const auto& n : series) names << esc(n);
        h += tr("<p><b>Series:</b> %1</p>").arg(names.join(", "));
    }
    const auto artifacts = store.artifacts(id);
    if (!artifacts.empty()) {
        h += tr("<h4>Artifacts</h4><table>");
        for (const auto& a : artifacts)
            h += row(esc(a.kind),
                     QStringLiteral("%1 (%2 bytes, xxh3 %3)").arg(esc(a.path)).arg(a.size).arg(esc(a.hash)));
        h += "</table>";
    }
    if (r.provenance_id)
        if (const auto p = store.provenance(*r.provenance_id)) {
            h += tr("<h4>Provenance</h4><table>");
            h += row(tr("Git commit"), p->git_commit.empty()
                                           ? tr("(not in a git work tree)")
                                           : QStringLiteral("<code>%1</code>").arg(esc(p->git_commit)));
            h += row(tr("Work tree"), p->git_dirty ? tr("<b>dirty</b> (diff below)") : tr("clean"));
            h += row(tr("Sextant"), esc(p->sextant_version));
            h += row(tr("Host"), esc(p->host));
            h += row(tr("CPU"), esc(p->cpu));
            h += row(tr("OS"), esc(p->os));
            h += row(tr("Command line"), QStringLiteral("<code>%1</code>").arg(esc(p->command_line)));
            h += row(tr("Working folder"), esc(p->working_dir));
            h += "</table>";
            if (p->git_dirty && !p->git_diff.empty())
                h += QStringLiteral("<p><b>git diff HEAD</b></p><pre style='font-size:small'>%1</pre>")
                         .arg(esc(p->git_diff));
        }
    return h;
}

QString RunDetailsPane::comparison() const {
    RunStore& store = *results_.reader();
    std::vector<RunRecord> runs;
    for (const auto id : selection_.ids()) {
        if (static_cast<int>(runs.size()) >= kMaxCompared) break;
        if (auto r = store.run(id)) runs.push_back(std::move(*r));
    }
    std::set<std::string> params, metrics;
    std::vector<std::map<std::string, double>> sums;
    for (const auto& r : runs) {
        for (auto it = r.params.begin(); it != r.params.end(); ++it) params.insert(it.key());
        sums.push_back(store.summaries(r.id));
        for (const auto& [k, v] : sums.back()) metrics.insert(k);
    }
    QString h = tr("<h3>%1 runs compared</h3>").arg(runs.size());
    if (selection_.ids().size() > kMaxCompared) h += tr("<p>(the first %1 shown)</p>").arg(kMaxCompared);
    h += "<table border='1' cellspacing='0' cellpadding='3' "
         "style='border-collapse:collapse;white-space:nowrap'><tr><th></th>";
    for (const auto& r : runs) h += QStringLiteral("<th>%1<br><small>%2</small></th>").arg(r.id).arg(esc(r.experiment));
    h += "</tr>";
    int hidden = 0;
    for (const auto& p : params) {
        std::set<std::string> values;
        QStringList cells;
        for (const auto& r : runs) {
            const auto it = r.params.find(p);
            values.insert(it == r.params.end() ? "\x01missing" : it->dump());
            cells << (it == r.params.end() ? QStringLiteral("<i>-</i>") : param_text(*it).toHtmlEscaped());
        }
        if (differing_->isChecked() && values.size() <= 1) {
            ++hidden;
            continue;
        }
        h += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(esc(p), cells.join("</td><td>"));
    }
    for (const auto& m : metrics) {
        QStringList cells;
        for (const auto& s : sums) {
            const auto it = s.find(m);
            cells << (it == s.end() ? QStringLiteral("-") : esc(format_number(it->second)));
        }
        h += QStringLiteral("<tr style='background:#eef4fb'><td><b>%1</b></td><td>%2</td></tr>")
                 .arg(esc(m), cells.join("</td><td>"));
    }
    h += "</table>";
    if (hidden)
        h += tr("<p style='color:#777'>%n parameter(s) with the same value in every run hidden.</p>", nullptr, hidden);
    return h;
}

}  // namespace sextant::ui
