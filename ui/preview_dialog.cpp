#include "ui/preview_dialog.h"

#include "ui/display_names.h"
#include "ui/prediction_controller.h"
#include "ui/project_controller.h"

#include "widgets/probability_bars.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QImageReader>
#include <QKeyEvent>
#include <QLabel>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace fewshot::ui {
namespace {

// Large enough for a full-screen preview; bigger images are scaled while decoding.
constexpr int kMaxPreviewSide = 1600;

QImage readPreview(const QString& path)
{
    QImageReader reader(path);
    reader.setAutoTransform(true);
    const QSize size = reader.size();
    if (size.isValid() && (size.width() > kMaxPreviewSide || size.height() > kMaxPreviewSide))
        reader.setScaledSize(size.scaled(kMaxPreviewSide, kMaxPreviewSide, Qt::KeepAspectRatio));
    return reader.read();
}

}  // namespace

PreviewDialog::PreviewDialog(const StudioContext& context, QWidget* parent) : QDialog(parent), context_(context)
{
    setWindowTitle(tr("Image Preview"));
    setObjectName(QStringLiteral("previewDialog"));
    title_ = new QLabel(this);
    title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont font = title_->font();
    font.setBold(true);
    title_->setFont(font);
    picture_ = new QLabel(this);
    picture_->setAlignment(Qt::AlignCenter);
    picture_->setMinimumSize(320, 320);
    picture_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    label_ = new QLabel(this);
    bars_ = new widgets::ProbabilityBars(this);
    bars_->setPlaceholderText(tr("No prediction yet: load a model and add at least two classes."));
    auto* keys = new QLabel(tr("Left/Right: previous/next image · 1–9: label · Enter: accept the "
                               "prediction · Space: close"),
                            this);
    keys->setStyleSheet(QStringLiteral("color: #666;"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title_);
    layout->addWidget(picture_, 1);
    layout->addWidget(label_);
    layout->addWidget(bars_);
    layout->addWidget(keys);
    resize(760, 760);

    connect(context_.predictions, &PredictionController::predictionsChanged, this, &PreviewDialog::refresh);
    connect(context_.project, &ProjectController::snapshotChanged, this, &PreviewDialog::refresh);
}

void PreviewDialog::showImage(qint64 imageId)
{
    const bool changed = imageId != imageId_;
    imageId_ = imageId;
    refresh();
    const SnapshotPtr snapshot = context_.project->snapshot();
    if (changed && snapshot)
        loadImage(snapshot->imagePath(imageId));
}

void PreviewDialog::refresh()
{
    const SnapshotPtr snapshot = context_.project->snapshot();
    if (!snapshot || imageId_ == 0)
        return;
    const QString path = snapshot->imagePath(imageId_);
    title_->setText(QFileInfo(path).fileName());
    title_->setToolTip(path);

    const auto label = snapshot->labels.constFind(imageId_);
    const store::ClassInfo* labelClass = label != snapshot->labels.cend() ? snapshot->findClass(label->classId) : nullptr;
    label_->setText(labelClass ? tr("Label: %1 (%2)").arg(labelClass->name, labelSourceText(label->source))
                               : tr("Not labeled yet."));

    std::vector<widgets::ProbabilityBars::Entry> entries;
    const auto prediction = context_.predictions->predictions().constFind(imageId_);
    if (prediction != context_.predictions->predictions().cend()) {
        const auto& classIds = context_.predictions->classIds();
        for (size_t c = 0; c < classIds.size() && c < prediction->probabilities.size(); ++c) {
            const store::ClassInfo* info = snapshot->findClass(classIds[c]);
            if (info != nullptr)
                entries.push_back({info->name, QColor(info->color), prediction->probabilities[c]});
        }
    }
    bars_->setEntries(std::move(entries));
    bars_->setEnabled(!context_.predictions->isStale());
}

void PreviewDialog::loadImage(const QString& path)
{
    const int generation = ++loadGeneration_;
    picture_->setText(tr("Loading…"));
    auto* watcher = new QFutureWatcher<QImage>(this);
    connect(watcher, &QFutureWatcher<QImage>::finished, this, [this, watcher, generation, path] {
        watcher->deleteLater();
        if (generation != loadGeneration_)
            return;
        image_ = watcher->result();
        if (image_.isNull())
            picture_->setText(tr("%1 could not be read.").arg(QFileInfo(path).fileName()));
        else
            showPixmap();
    });
    watcher->setFuture(QtConcurrent::run(readPreview, path));
}

void PreviewDialog::showPixmap()
{
    if (image_.isNull())
        return;
    const QSize area = picture_->size();
    picture_->setPixmap(QPixmap::fromImage(image_.scaled(area, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
}

void PreviewDialog::resizeEvent(QResizeEvent* event)
{
    QDialog::resizeEvent(event);
    showPixmap();
}

void PreviewDialog::keyPressEvent(QKeyEvent* event)
{
    const int key = event->key();
    if (key >= Qt::Key_1 && key <= Qt::Key_9 && event->modifiers() == Qt::NoModifier) {
        Q_EMIT classKeyPressed(key - Qt::Key_1);
    } else if (key == Qt::Key_Left || key == Qt::Key_Up) {
        Q_EMIT navigateRequested(-1);
    } else if (key == Qt::Key_Right || key == Qt::Key_Down) {
        Q_EMIT navigateRequested(1);
    } else if (key == Qt::Key_Return || key == Qt::Key_Enter) {
        Q_EMIT acceptRequested();
    } else if (key == Qt::Key_Space || key == Qt::Key_Escape) {
        hide();
    } else {
        QDialog::keyPressEvent(event);
        return;
    }
    event->accept();
}

}  // namespace fewshot::ui
