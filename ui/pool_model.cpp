#include "ui/pool_model.h"

#include "ui/display_names.h"
#include "ui/prediction_controller.h"

#include "widgets/thumbnail_delegate.h"

#include <QColor>
#include <QFileInfo>

namespace fewshot::ui {

PoolModel::PoolModel(PredictionController* predictions, QObject* parent)
    : QAbstractListModel(parent), predictions_(predictions)
{
    connect(predictions_, &PredictionController::predictionsChanged, this, &PoolModel::refreshAll);
    connect(predictions_, &PredictionController::staleChanged, this, &PoolModel::refreshAll);
}

void PoolModel::setSnapshot(const SnapshotPtr& snapshot)
{
    const bool sameImages = snapshot_ && snapshot && snapshot_->images.size() == snapshot->images.size()
                            && std::equal(snapshot_->images.begin(), snapshot_->images.end(),
                                          snapshot->images.begin(),
                                          [](const store::ImageInfo& a, const store::ImageInfo& b) {
                                              return a.id == b.id && a.path == b.path;
                                          });
    if (sameImages) {
        // Labels and classes changed in place; keeping the rows keeps the selection.
        snapshot_ = snapshot;
        refreshAll();
        return;
    }
    beginResetModel();
    snapshot_ = snapshot;
    endResetModel();
}

void PoolModel::refreshAll()
{
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0), index(rowCount() - 1));
}

qint64 PoolModel::imageId(int row) const
{
    if (!snapshot_ || row < 0 || row >= rowCount())
        return 0;
    return snapshot_->images[static_cast<size_t>(row)].id;
}

int PoolModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() || !snapshot_)
        return 0;
    return static_cast<int>(snapshot_->images.size());
}

Qt::ItemFlags PoolModel::flags(const QModelIndex& index) const
{
    return index.isValid() ? Qt::ItemIsEnabled | Qt::ItemIsSelectable : Qt::NoItemFlags;
}

QVariant PoolModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !snapshot_ || index.row() >= rowCount())
        return {};
    const store::ImageInfo& image = snapshot_->images[static_cast<size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return QFileInfo(image.path).fileName();
    case Qt::ToolTipRole:
        return toolTip(image);
    case widgets::GridRole::Path:
        return snapshot_->imagePath(image.id);
    case PoolRole::ImageId:
        return image.id;
    case widgets::GridRole::LabelColor:
    case widgets::GridRole::LabelText:
    case widgets::GridRole::IsExample:
    case PoolRole::LabelSource:
        return labelData(image.id, role);
    default:
        return predictionData(image.id, role);
    }
}

QString PoolModel::toolTip(const store::ImageInfo& image) const
{
    QString text = snapshot_->imagePath(image.id);
    const auto label = snapshot_->labels.constFind(image.id);
    const store::ClassInfo* info = label != snapshot_->labels.cend() ? snapshot_->findClass(label->classId) : nullptr;
    if (info != nullptr)
        text += QLatin1Char('\n') + tr("Label: %1 (%2)").arg(info->name, labelSourceText(label->source));
    return text;
}

QVariant PoolModel::labelData(qint64 imageId, int role) const
{
    const auto label = snapshot_->labels.constFind(imageId);
    if (label == snapshot_->labels.cend())
        return role == PoolRole::LabelSource ? QVariant(-1) : QVariant();
    if (role == PoolRole::LabelSource)
        return static_cast<int>(label->source);
    if (role == widgets::GridRole::IsExample)
        return label->source == store::LabelSource::Example;
    const store::ClassInfo* info = snapshot_->findClass(label->classId);
    if (info == nullptr)
        return {};
    if (role == widgets::GridRole::LabelColor)
        return QColor(info->color);
    return info->name;
}

QVariant PoolModel::predictionData(qint64 imageId, int role) const
{
    const auto prediction = predictions_->predictions().constFind(imageId);
    const bool has = prediction != predictions_->predictions().cend();
    const store::ClassInfo* info = has ? snapshot_->findClass(prediction->classId) : nullptr;
    switch (role) {
    case widgets::GridRole::BorderColor:
        return info ? QVariant(QColor(info->color)) : QVariant();
    case widgets::GridRole::Caption:
        return info ? info->name : tr("No prediction");
    case widgets::GridRole::Confidence:
        return info ? QVariant(static_cast<double>(prediction->confidence)) : QVariant();
    case widgets::GridRole::Stale:
        return has && predictions_->isStale();
    case PoolRole::PredictedClass:
        return info ? info->id : qint64(0);
    case PoolRole::Margin:
        return has ? static_cast<double>(prediction->margin) : 2.0;
    default:
        return {};
    }
}

PoolFilterModel::PoolFilterModel(QObject* parent) : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
}

void PoolFilterModel::setShow(Show show)
{
    show_ = show;
    invalidateFilter();
}

void PoolFilterModel::setPredictedClass(qint64 classId)
{
    predictedClass_ = classId;
    invalidateFilter();
}

void PoolFilterModel::setConfidenceRange(double minimum, double maximum)
{
    minimum_ = minimum;
    maximum_ = maximum;
    invalidateFilter();
}

void PoolFilterModel::setOrder(Order order)
{
    order_ = order;
    invalidate();
    sort(order == Order::Added ? -1 : 0);
}

bool PoolFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const int source = index.data(PoolRole::LabelSource).toInt();
    if (show_ == Show::Unlabeled && source >= 0)
        return false;
    if (show_ == Show::NotExamples && source == static_cast<int>(store::LabelSource::Example))
        return false;
    if (predictedClass_ != 0 && index.data(PoolRole::PredictedClass).toLongLong() != predictedClass_)
        return false;
    const QVariant confidence = index.data(widgets::GridRole::Confidence);
    const bool fullRange = minimum_ <= 0.0 && maximum_ >= 1.0;
    if (!confidence.isValid())
        return fullRange;
    const double value = confidence.toDouble();
    return value >= minimum_ - 1e-9 && value <= maximum_ + 1e-9;
}

bool PoolFilterModel::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    switch (order_) {
    case Order::Uncertainty:
        return left.data(PoolRole::Margin).toDouble() < right.data(PoolRole::Margin).toDouble();
    case Order::ConfidenceHighFirst:
        return left.data(widgets::GridRole::Confidence).toDouble()
               > right.data(widgets::GridRole::Confidence).toDouble();
    case Order::Added:
        break;
    }
    return left.row() < right.row();
}

}  // namespace fewshot::ui
