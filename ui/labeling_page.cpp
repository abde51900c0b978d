#include "ui/labeling_page.h"

#include "ui/model_controller.h"
#include "ui/pool_model.h"
#include "ui/prediction_controller.h"
#include "ui/preview_dialog.h"
#include "ui/project_controller.h"

#include "widgets/image_grid_view.h"
#include "widgets/thumbnail_cache.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace fewshot::ui {

LabelingPage::LabelingPage(const StudioContext& context, QWidget* parent) : QWidget(parent), context_(context)
{
    model_ = new PoolModel(context_.predictions, this);
    filter_ = new PoolFilterModel(this);
    filter_->setSourceModel(model_);

    grid_ = new widgets::ImageGridView(context_.thumbnails, this);
    grid_->setObjectName(QStringLiteral("poolGrid"));
    grid_->setModel(filter_);
    grid_->setPlaceholderText(tr("Drop image files or folders here to add them to the unlabeled pool. "
                                 "Drop examples on a class in the Classes panel."));
    grid_->installEventFilter(this);
    connect(grid_, &widgets::ImageGridView::filesDropped, this,
            [this](const QStringList& paths) { context_.project->importImages(paths, std::nullopt); });
    connect(grid_, &QAbstractItemView::doubleClicked, this, [this] { togglePreview(); });
    addGridActions();

    preview_ = new PreviewDialog(context_, this);
    connect(preview_, &PreviewDialog::navigateRequested, this, &LabelingPage::navigatePreview);
    connect(preview_, &PreviewDialog::classKeyPressed, this, &LabelingPage::assignClass);
    connect(preview_, &PreviewDialog::acceptRequested, this, &LabelingPage::acceptPredictions);

    embedding_ = new QProgressBar(this);
    embedding_->setMaximumWidth(220);
    embedding_->setFormat(tr("Embedding %v of %m"));
    embedding_->hide();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(buildFilterBar());
    layout->addWidget(grid_, 1);
    layout->addWidget(buildActionBar());

    connect(context_.project, &ProjectController::snapshotChanged, this, &LabelingPage::onSnapshot);
    connect(context_.project, &ProjectController::projectClosed, this, [this] { model_->setSnapshot(nullptr); });
    connect(context_.predictions, &PredictionController::predictionsChanged, this, &LabelingPage::refreshSourceLabel);
    connect(context_.predictions, &PredictionController::staleChanged, this, &LabelingPage::refreshSourceLabel);
    connect(context_.model, &ModelController::encodingProgress, this, [this](qint64 done, qint64 total) {
        embedding_->setRange(0, static_cast<int>(total));
        embedding_->setValue(static_cast<int>(done));
        embedding_->setVisible(done < total);
    });
    refreshSourceLabel();
}

QWidget* LabelingPage::buildFilterBar()
{
    auto* bar = new QWidget(this);
    show_ = new QComboBox(bar);
    show_->setObjectName(QStringLiteral("showFilter"));
    show_->addItem(tr("All images"), static_cast<int>(PoolFilterModel::Show::All));
    show_->addItem(tr("All but examples"), static_cast<int>(PoolFilterModel::Show::NotExamples));
    show_->addItem(tr("Unlabeled only"), static_cast<int>(PoolFilterModel::Show::Unlabeled));
    classFilter_ = new QComboBox(bar);
    classFilter_->setObjectName(QStringLiteral("classFilter"));
    classFilter_->addItem(tr("Any predicted class"), qint64(0));
    minimum_ = new QDoubleSpinBox(bar);
    maximum_ = new QDoubleSpinBox(bar);
    for (QDoubleSpinBox* box : {minimum_, maximum_}) {
        box->setRange(0.0, 100.0);
        box->setDecimals(0);
        box->setSuffix(QStringLiteral(" %"));
        box->setSingleStep(5.0);
    }
    minimum_->setObjectName(QStringLiteral("minimumConfidence"));
    maximum_->setObjectName(QStringLiteral("maximumConfidence"));
    maximum_->setValue(100.0);
    order_ = new QComboBox(bar);
    order_->setObjectName(QStringLiteral("orderCombo"));
    order_->addItem(tr("Order added"), static_cast<int>(PoolFilterModel::Order::Added));
    order_->addItem(tr("Most uncertain first"), static_cast<int>(PoolFilterModel::Order::Uncertainty));
    order_->addItem(tr("Most confident first"), static_cast<int>(PoolFilterModel::Order::ConfidenceHighFirst));

    for (QComboBox* combo : {show_, classFilter_, order_})
        connect(combo, qOverload<int>(&QComboBox::currentIndexChanged), this, &LabelingPage::applyFilters);
    for (QDoubleSpinBox* box : {minimum_, maximum_})
        connect(box, qOverload<double>(&QDoubleSpinBox::valueChanged), this, &LabelingPage::applyFilters);

    minimum_->setToolTip(tr("Show only images whose top class has at least this confidence"));
    maximum_->setToolTip(tr("Show only images whose top class has at most this confidence"));
    for (QComboBox* combo : {show_, classFilter_, order_})
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    show_->setMinimumContentsLength(12);
    classFilter_->setMinimumContentsLength(14);
    order_->setMinimumContentsLength(16);

    auto* layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(show_);
    layout->addWidget(classFilter_);
    layout->addWidget(new QLabel(tr("Confidence:"), bar));
    layout->addWidget(minimum_);
    layout->addWidget(new QLabel(QStringLiteral("–"), bar));
    layout->addWidget(maximum_);
    layout->addWidget(order_);
    layout->addStretch(1);
    return bar;
}

QWidget* LabelingPage::buildActionBar()
{
    auto* bar = new QWidget(this);
    source_ = new QLabel(bar);
    source_->setObjectName(QStringLiteral("predictionSource"));
    zeroShot_ = new QPushButton(tr("Back to Zero-Shot"), bar);
    zeroShot_->setToolTip(tr("Show zero-shot predictions from the prompts instead of a trained head"));
    connect(zeroShot_, &QPushButton::clicked, this, [this] { context_.predictions->useZeroShot(); });
    auto* addImages = new QPushButton(tr("Add Images…"), bar);
    addImages->setToolTip(tr("Add image files to the unlabeled pool"));
    connect(addImages, &QPushButton::clicked, this, &LabelingPage::addImagesFromDialog);
    auto* accept = new QPushButton(tr("Accept Prediction"), bar);
    accept->setToolTip(tr("Label the selected images with their predicted class (Enter)"));
    connect(accept, &QPushButton::clicked, this, &LabelingPage::acceptPredictions);
    auto* clear = new QPushButton(tr("Clear Label"), bar);
    clear->setToolTip(tr("Remove the labels of the selected images (Delete)"));
    connect(clear, &QPushButton::clicked, this, &LabelingPage::clearLabels);
    legend_ = new QLabel(bar);
    legend_->setTextFormat(Qt::RichText);
    legend_->setWordWrap(true);
    counts_ = new QLabel(bar);

    auto* top = new QHBoxLayout;
    top->addWidget(legend_, 1);
    top->addWidget(counts_);
    source_->setWordWrap(true);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(source_, 1);
    bottom->addWidget(embedding_);
    bottom->addWidget(zeroShot_);
    bottom->addWidget(addImages);
    bottom->addWidget(accept);
    bottom->addWidget(clear);
    auto* layout = new QVBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addLayout(bottom);
    return bar;
}

void LabelingPage::onSnapshot(const SnapshotPtr& snapshot)
{
    model_->setSnapshot(snapshot);
    refreshClassFilter(*snapshot);
    refreshLegend(*snapshot);
    int unlabeled = 0;
    for (const store::ImageInfo& image : snapshot->images) {
        if (!snapshot->labels.contains(image.id))
            ++unlabeled;
    }
    counts_->setText(tr("%n image(s), %1 unlabeled", nullptr, static_cast<int>(snapshot->images.size()))
                         .arg(unlabeled));
    if (preview_->isVisible())
        preview_->showImage(preview_->imageId());
}

void LabelingPage::refreshClassFilter(const ProjectSnapshot& snapshot)
{
    const qint64 current = classFilter_->currentData().toLongLong();
    QSignalBlocker blocker(classFilter_);
    classFilter_->clear();
    classFilter_->addItem(tr("Any predicted class"), qint64(0));
    for (const store::ClassInfo& info : snapshot.classes) {
        QPixmap swatch(12, 12);
        swatch.fill(QColor(info.color));
        classFilter_->addItem(QIcon(swatch), tr("Predicted: %1").arg(info.name), info.id);
    }
    const int index = classFilter_->findData(current);
    classFilter_->setCurrentIndex(index >= 0 ? index : 0);
    if (index < 0 && current != 0)
        applyFilters();
}

void LabelingPage::refreshLegend(const ProjectSnapshot& snapshot)
{
    QStringList parts;
    for (size_t i = 0; i < snapshot.classes.size() && i < 9; ++i) {
        const store::ClassInfo& info = snapshot.classes[i];
        parts.append(QStringLiteral("<span style=\"background:%1;color:%2;\">&nbsp;%3&nbsp;</span>&nbsp;%4")
                         .arg(info.color, QColor(info.color).lightness() > 150 ? QStringLiteral("black") : QStringLiteral("white"))
                         .arg(i + 1)
                         .arg(info.name.toHtmlEscaped()));
    }
    legend_->setText(parts.isEmpty() ? tr("Add classes to label with the keys 1 to 9.")
                                     : tr("Keys: %1").arg(parts.join(QStringLiteral("&nbsp;&nbsp; "))));
}

void LabelingPage::refreshSourceLabel()
{
    const PredictionController* predictions = context_.predictions;
    QString text;
    if (!context_.model->isLoaded())
        text = tr("No predictions: load a CLIP model on the start page.");
    else if (predictions->predictions().isEmpty())
        text = tr("No predictions yet: they need two classes and embedded images.");
    else if (predictions->isStale())
        text = tr("The predictions are being recomputed; the grid shows the previous ones in grey with "
                  "dashed borders.");
    else if (predictions->isZeroShot())
        text = tr("Zero-shot predictions from the active prompts.");
    else
        text = tr("Predictions of the trained classifier %1.").arg(predictions->sourceName());
    source_->setText(text);
    source_->setStyleSheet(predictions->isStale() ? QStringLiteral("color: #a06000; font-style: italic;") : QString());
    zeroShot_->setVisible(!predictions->isZeroShot());
}

void LabelingPage::applyFilters()
{
    filter_->setShow(static_cast<PoolFilterModel::Show>(show_->currentData().toInt()));
    filter_->setPredictedClass(classFilter_->currentData().toLongLong());
    filter_->setConfidenceRange(minimum_->value() / 100.0, std::max(minimum_->value(), maximum_->value()) / 100.0);
    filter_->setOrder(static_cast<PoolFilterModel::Order>(order_->currentData().toInt()));
}

void LabelingPage::addImagesFromDialog()
{
    if (!context_.project->isOpen())
        return;
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Add Images to the Pool"), QString(),
        tr("Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp)"));
    if (!files.isEmpty())
        context_.project->importImages(files, std::nullopt);
}

void LabelingPage::setThumbnailSize(int pixels)
{
    context_.thumbnails->setThumbnailSize(pixels);
    grid_->setThumbnailSize(pixels);
}

}  // namespace fewshot::ui
