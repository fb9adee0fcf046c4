#include "editor/param_field.hpp"
#include "gui_test_support.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

#include <gtest/gtest.h>

using namespace sextant;
using namespace sextant::ui;

TEST(ParamField, FloatIsCheckedAsYouType) {
    test::ensure_app();
    auto decl = float_param("scale", 1.0, 0.0, 10.0, "How much", "Gbps");
    decl.source = "Table 2 of the paper";
    ParamField field(decl);
    auto* edit = qobject_cast<QLineEdit*>(field.editor());
    ASSERT_NE(edit, nullptr);
    EXPECT_NE(field.toolTip().indexOf("Table 2 of the paper"), -1);
    EXPECT_NE(field.toolTip().indexOf("Gbps"), -1);
    QSignalSpy edited(&field, &ParamField::edited);
    edit->clear();
    QTest::keyClicks(edit, "12");
    EXPECT_NE(field.error().indexOf("[0, 10]"), -1) << field.error().toStdString();
    edit->clear();
    QTest::keyClicks(edit, "abc");
    EXPECT_FALSE(field.error().isEmpty());
    edited.clear();
    edit->clear();
    QTest::keyClicks(edit, "2.5");
    EXPECT_TRUE(field.error().isEmpty());
    ASSERT_FALSE(edited.isEmpty());
    EXPECT_DOUBLE_EQ(edited.last().at(0).value<nlohmann::json>().get<double>(), 2.5);
}

TEST(ParamField, WidgetsFollowTheDeclaredType) {
    test::ensure_app();
    ParamField i(int_param("steps", 5, 0, 100, "n"));
    EXPECT_NE(qobject_cast<QSpinBox*>(i.editor()), nullptr);
    EXPECT_EQ(qobject_cast<QSpinBox*>(i.editor())->maximum(), 100);
    ParamField b(bool_param("on", true, "flag"));
    EXPECT_TRUE(qobject_cast<QCheckBox*>(b.editor())->isChecked());
    ParamField c(choice_param("mode", "b", {"a", "b"}, "m"));
    EXPECT_EQ(qobject_cast<QComboBox*>(c.editor())->currentText(), "b");
    ParamField big(int_param("bytes", 5, 0, 1e12, "n"));  // beyond a spin box: checked text
    EXPECT_NE(qobject_cast<QLineEdit*>(big.editor()), nullptr);
}
