#pragma once

#include <QDialog>

class QComboBox;
class QSpinBox;

namespace fewshot::ui {

// Language, compute and display preferences. The language applies at the
// next start; threads, device and data type when a model is loaded next;
// the thumbnail size at once.
class SettingsDialog : public QDialog {
    Q_OBJECT

public:
    explicit SettingsDialog(QWidget* parent = nullptr);

    // Writes the choices to AppSettings. Returns true when the model options changed.
    bool save() const;

private:
    QComboBox* language_ = nullptr;
    QSpinBox* threads_ = nullptr;
    QComboBox* device_ = nullptr;
    QComboBox* dtype_ = nullptr;
    QSpinBox* thumbnails_ = nullptr;
};

}  // namespace fewshot::ui
