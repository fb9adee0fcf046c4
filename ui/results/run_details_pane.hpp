// Details of the selected runs. One run: its configuration, results, artifacts, error and
// full provenance (git commit, dirty flag and the diff, host, command line...). Several
// runs, possibly of different experiments: a side-by-side comparison of their parameters
// (optionally only those that differ) and summary metrics.
#pragma once

#include <QWidget>

#include <cstdint>

class QCheckBox;
class QPlainTextEdit;
class QPushButton;
class QTextBrowser;

namespace sextant::ui {

class ProjectResults;
class RunSelection;

class RunDetailsPane final : public QWidget {
    Q_OBJECT
public:
    RunDetailsPane(ProjectResults& results, RunSelection& selection, QWidget* parent = nullptr);
    QString html() const;
    // False while comparing runs: the table scrolls sideways instead of wrapping its values.
    bool wrapsLines() const;
    void refresh();

private:
    QString singleRun(std::int64_t id) const;
    QString comparison() const;
    void saveNote();

    ProjectResults& results_;
    RunSelection& selection_;
    QTextBrowser* browser_ = nullptr;
    QCheckBox* differing_ = nullptr;
    QPlainTextEdit* note_ = nullptr;
    QPushButton* save_note_ = nullptr;
    std::int64_t note_run_ = 0;
};

}  // namespace sextant::ui
