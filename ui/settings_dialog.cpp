#include "ui/settings_dialog.h"

#include "ui/app_settings.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

namespace fewshot::ui {

SettingsDialog::SettingsDialog(QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Settings"));
    language_ = new QComboBox(this);
    language_->setObjectName(QStringLiteral("languageCombo"));
    // Each language is named in itself, so that it can be found whatever the
    // current one is.
    language_->addItem(tr("System default"), QStringLiteral("system"));
    language_->addItem(QStringLiteral("English"), QStringLiteral("en"));
    language_->addItem(QStringLiteral("简体中文"), QStringLiteral("zh_CN"));
    language_->setCurrentIndex(std::max(0, language_->findData(AppSettings::language())));

    const ModelLoadOptions options = AppSettings::modelOptions();
    threads_ = new QSpinBox(this);
    threads_->setRange(0, 256);
    threads_->setSpecialValueText(tr("All cores (%1)").arg(QThread::idealThreadCount()));
    threads_->setValue(options.threads);
    device_ = new QComboBox(this);
    device_->addItem(tr("Automatic (GPU when available)"), QStringLiteral("auto"));
    device_->addItem(tr("CPU"), QStringLiteral("cpu"));
    device_->addItem(tr("GPU (CUDA)"), QStringLiteral("cuda"));
    device_->setCurrentIndex(std::max(0, device_->findData(options.device)));
    dtype_ = new QComboBox(this);
    dtype_->addItem(tr("float32 (exact)"), QStringLiteral("float32"));
    dtype_->addItem(tr("bfloat16 (half the memory)"), QStringLiteral("bfloat16"));
    dtype_->addItem(tr("float16 (GPU only)"), QStringLiteral("float16"));
    dtype_->setCurrentIndex(std::max(0, dtype_->findData(options.dtype)));
    thumbnails_ = new QSpinBox(this);
    thumbnails_->setRange(64, 320);
    thumbnails_->setSingleStep(16);
    thumbnails_->setSuffix(tr(" px"));
    thumbnails_->setValue(AppSettings::thumbnailSize());

    auto* note = new QLabel(tr("The language changes at the next start. Threads, device and data type apply "
                               "when a model is loaded next."),
                            this);
    note->setWordWrap(true);
    note->setStyleSheet(QStringLiteral("color: #666;"));

    auto* form = new QFormLayout;
    form->addRow(tr("Language:"), language_);
    form->addRow(tr("CPU threads:"), threads_);
    form->addRow(tr("Device:"), device_);
    form->addRow(tr("Data type:"), dtype_);
    form->addRow(tr("Thumbnail size:"), thumbnails_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
}

bool SettingsDialog::save() const
{
    AppSettings::setLanguage(language_->currentData().toString());
    AppSettings::setThumbnailSize(thumbnails_->value());
    const ModelLoadOptions before = AppSettings::modelOptions();
    ModelLoadOptions after;
    after.threads = threads_->value();
    after.device = device_->currentData().toString();
    after.dtype = dtype_->currentData().toString();
    AppSettings::setModelOptions(after);
    return before.threads != after.threads || before.device != after.device || before.dtype != after.dtype;
}

}  // namespace fewshot::ui
