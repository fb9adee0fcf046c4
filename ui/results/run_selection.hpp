// The runs the researcher picked for comparison, possibly from several experiments: the
// table, the plots and the details pane all follow it.
#pragma once

#include <QList>
#include <QObject>

#include <cstdint>

namespace sextant::ui {

class RunSelection final : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    const QList<std::int64_t>& ids() const { return ids_; }
    bool contains(std::int64_t id) const { return ids_.contains(id); }
    void set(const QList<std::int64_t>& ids);
    void toggle(std::int64_t id);

Q_SIGNALS:
    void changed();

private:
    QList<std::int64_t> ids_;
};

}  // namespace sextant::ui
