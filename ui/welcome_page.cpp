#include "ui/welcome_page.h"

#include "ui/app_settings.h"
#include "ui/model_controller.h"
#include "ui/project_controller.h"

#include "widgets/message_bar.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace fewshot::ui {

WelcomePage::WelcomePage(const StudioContext& context, QWidget* parent)
    : QWidget(parent), context_(context)
{
    auto* title = new QLabel(tr("FewShot Studio"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.8);
    titleFont.setBold(true);
    title->setFont(titleFont);
    auto* subtitle = new QLabel(tr("Label images with a few examples per class. Choose a CLIP model, "
                                   "then create or open a project."),
                                this);
    subtitle->setWordWrap(true);

    auto* columns = new QHBoxLayout;
    columns->setSpacing(18);
    columns->addWidget(buildProjectBox(), 1);
    columns->addWidget(buildModelBox(), 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(32, 24, 32, 24);
    layout->setSpacing(12);
    layout->addWidget(title);
    layout->addWidget(subtitle);
    layout->addSpacing(8);
    layout->addLayout(columns, 1);

    connect(context_.model, &ModelController::loadingStarted, this, &WelcomePage::onLoadingStarted);
    connect(context_.model, &ModelController::modelLoaded, this, &WelcomePage::onModelLoaded);
    connect(context_.model, &ModelController::modelLoadFailed, this, &WelcomePage::onModelLoadFailed);
    refreshRecentProjects();
    refreshRecentModels();
    showModelInfo(ModelInfo());
}

QWidget* WelcomePage::buildProjectBox()
{
    auto* box = new QGroupBox(tr("Projects"), this);
    auto* newButton = new QPushButton(tr("New Project…"), box);
    newButton->setObjectName(QStringLiteral("newProjectButton"));
    auto* openButton = new QPushButton(tr("Open Project…"), box);
    openButton->setObjectName(QStringLiteral("openProjectButton"));
    connect(newButton, &QPushButton::clicked, this, &WelcomePage::newProjectRequested);
    connect(openButton, &QPushButton::clicked, this, &WelcomePage::openProjectRequested);

    recentProjects_ = new QListWidget(box);
    recentProjects_->setObjectName(QStringLiteral("recentProjects"));
    connect(recentProjects_, &QListWidget::itemActivated, this, &WelcomePage::openRecentItem);

    returnButton_ = new QPushButton(tr("Back to the Open Project"), box);
    returnButton_->setVisible(false);
    connect(returnButton_, &QPushButton::clicked, this, &WelcomePage::returnToProjectRequested);
    connect(context_.project, &ProjectController::projectOpened, returnButton_, [this] { returnButton_->show(); });
    connect(context_.project, &ProjectController::projectClosed, returnButton_, [this] { returnButton_->hide(); });

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(newButton);
    buttons->addWidget(openButton);
    buttons->addStretch(1);
    buttons->addWidget(returnButton_);
    auto* layout = new QVBoxLayout(box);
    layout->addLayout(buttons);
    layout->addWidget(new QLabel(tr("Recent projects (double-click to open):"), box));
    layout->addWidget(recentProjects_, 1);
    return box;
}

QWidget* WelcomePage::buildModelBox()
{
    auto* box = new QGroupBox(tr("CLIP model"), this);
    modelPath_ = new QComboBox(box);
    modelPath_->setObjectName(QStringLiteral("modelPath"));
    modelPath_->setEditable(true);
    modelPath_->setInsertPolicy(QComboBox::NoInsert);
    modelPath_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    modelPath_->lineEdit()->setPlaceholderText(tr("Folder with config.json and model.safetensors"));
    auto* browse = new QPushButton(tr("Browse…"), box);
    connect(browse, &QPushButton::clicked, this, &WelcomePage::browseModel);
    loadButton_ = new QPushButton(tr("Load Model"), box);
    loadButton_->setObjectName(QStringLiteral("loadModelButton"));
    loadButton_->setDefault(true);
    connect(loadButton_, &QPushButton::clicked, this, [this] { loadModel(modelPath_->currentText().trimmed()); });

    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(modelPath_, 1);
    pathRow->addWidget(browse);
    pathRow->addWidget(loadButton_);

    progress_ = new QProgressBar(box);
    progress_->setRange(0, 0);
    progress_->setTextVisible(false);
    progress_->setMaximumHeight(8);
    progress_->hide();
    modelStatus_ = new QLabel(box);
    modelStatus_->setWordWrap(true);

    auto makeValue = [box] {
        auto* label = new QLabel(box);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        return label;
    };
    architecture_ = makeValue();
    device_ = makeValue();
    dtype_ = makeValue();
    embedding_ = makeValue();
    parameters_ = makeValue();
    format_ = makeValue();
    auto* form = new QFormLayout;
    form->addRow(tr("Architecture:"), architecture_);
    form->addRow(tr("Device:"), device_);
    form->addRow(tr("Data type:"), dtype_);
    form->addRow(tr("Embedding size:"), embedding_);
    form->addRow(tr("Parameters:"), parameters_);
    form->addRow(tr("Checkpoint format:"), format_);

    auto* layout = new QVBoxLayout(box);
    layout->addLayout(pathRow);
    layout->addWidget(progress_);
    layout->addWidget(modelStatus_);
    layout->addLayout(form);
    layout->addStretch(1);
    return box;
}

void WelcomePage::refreshRecentProjects()
{
    recentProjects_->clear();
    for (const QString& file : AppSettings::recentProjects()) {
        auto* item = new QListWidgetItem(QFileInfo(file).completeBaseName(), recentProjects_);
        item->setData(Qt::UserRole, file);
        item->setToolTip(file);
        if (!QFileInfo::exists(file)) {
            item->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
            item->setToolTip(tr("%1 (the file is missing)").arg(file));
        }
    }
    if (recentProjects_->count() == 0) {
        auto* item = new QListWidgetItem(tr("No recent projects yet."), recentProjects_);
        item->setFlags(Qt::NoItemFlags);
    }
}

void WelcomePage::refreshRecentModels()
{
    const QString current = modelPath_->currentText();
    modelPath_->clear();
    modelPath_->addItems(AppSettings::recentModels());
    if (!current.isEmpty())
        modelPath_->setCurrentText(current);
}

void WelcomePage::openRecentItem(QListWidgetItem* item)
{
    const QString file = item->data(Qt::UserRole).toString();
    if (!file.isEmpty())
        Q_EMIT recentProjectRequested(file);
}

void WelcomePage::browseModel()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Choose a CLIP Model Folder"),
                                                             modelPath_->currentText());
    if (folder.isEmpty())
        return;
    modelPath_->setCurrentText(folder);
    loadModel(folder);
}

void WelcomePage::loadModel(const QString& folder)
{
    if (folder.isEmpty()) {
        context_.messages->showMessage(tr("Enter or choose the folder of a CLIP checkpoint first."),
                                       widgets::MessageBar::Level::Warning);
        return;
    }
    modelPath_->setCurrentText(folder);
    context_.model->load(folder, AppSettings::modelOptions());
}

void WelcomePage::focusModelChooser()
{
    modelPath_->setFocus(Qt::OtherFocusReason);
    modelPath_->lineEdit()->selectAll();
}

void WelcomePage::onLoadingStarted(const QString& folder)
{
    loadButton_->setEnabled(false);
    progress_->show();
    modelStatus_->setText(tr("Loading %1…").arg(QFileInfo(folder).fileName()));
}

void WelcomePage::onModelLoaded(const ModelInfo& info)
{
    loadButton_->setEnabled(true);
    progress_->hide();
    AppSettings::addRecentModel(info.folder);
    refreshRecentModels();
    modelPath_->setCurrentText(info.folder);
    modelStatus_->setText(tr("Loaded %1.").arg(info.folder));
    showModelInfo(info);
    if (!info.warnings.isEmpty())
        context_.messages->showMessage(tr("The model loaded with a warning: %1").arg(info.warnings.join(QLatin1Char(' '))),
                                       widgets::MessageBar::Level::Warning);
}

void WelcomePage::onModelLoadFailed(const QString& folder, const QString& message)
{
    loadButton_->setEnabled(true);
    progress_->hide();
    const ModelInfo& current = context_.model->info();
    showModelInfo(current);
    modelStatus_->setText(current.isValid() ? tr("Still using %1.").arg(current.folder) : tr("No model loaded."));
    // The core's message names the file that is missing or invalid.
    Q_UNUSED(folder);
    context_.messages->showMessage(tr("Could not load the model: %1").arg(message), widgets::MessageBar::Level::Error);
}

void WelcomePage::showModelInfo(const ModelInfo& info)
{
    const QString none = QStringLiteral("—");
    const QLocale locale;
    architecture_->setText(info.isValid() ? info.name : none);
    device_->setText(info.isValid() ? info.device : none);
    dtype_->setText(info.isValid() ? info.dtype : none);
    embedding_->setText(info.isValid() ? locale.toString(info.embeddingDim) : none);
    if (!info.isValid())
        parameters_->setText(none);
    else if (info.parameterCount >= 1000000)
        parameters_->setText(tr("%1 million").arg(locale.toString(info.parameterCount / 1e6, 'f', 1)));
    else
        parameters_->setText(locale.toString(info.parameterCount));
    format_->setText(info.isValid() ? info.format : none);
    if (!info.isValid() && !context_.model->isLoading())
        modelStatus_->setText(tr("No model loaded."));
}

}  // namespace fewshot::ui
