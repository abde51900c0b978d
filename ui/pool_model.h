#pragma once

#include "ui/project_snapshot.h"

#include <QAbstractListModel>
#include <QSortFilterProxyModel>

namespace fewshot::ui {

class PredictionController;

// Roles beyond the grid's painting roles (widgets/thumbnail_delegate.h).
// NOTE: a plain enum, because lupdate 6.4 loses the enclosing namespace after
// an enum with a fixed underlying type. The tr() calls of files that include
// this header then get unqualified contexts, which match no translation.
namespace PoolRole {
enum {
    ImageId = Qt::UserRole + 200,  // qint64
    PredictedClass,                // qint64, 0 without prediction
    Margin,                        // double: top minus second probability; 2 without prediction
    LabelSource,                   // int (store::LabelSource), -1 when unlabeled
};
}

// All images of the project, with their label and the current prediction.
class PoolModel : public QAbstractListModel {
    Q_OBJECT

public:
    PoolModel(PredictionController* predictions, QObject* parent = nullptr);

    void setSnapshot(const SnapshotPtr& snapshot);
    const SnapshotPtr& snapshot() const { return snapshot_; }
    qint64 imageId(int row) const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

private:
    void refreshAll();
    QVariant labelData(qint64 imageId, int role) const;
    QString toolTip(const store::ImageInfo& image) const;
    QVariant predictionData(qint64 imageId, int role) const;

    PredictionController* predictions_;
    SnapshotPtr snapshot_;
};

// The filter and the order of the images in the grid.
class PoolFilterModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    enum class Show { All, NotExamples, Unlabeled };
    enum class Order { Added, Uncertainty, ConfidenceHighFirst };

    explicit PoolFilterModel(QObject* parent = nullptr);

    void setShow(Show show);
    void setPredictedClass(qint64 classId);  // 0 for every class
    // Confidence bounds in 0..1; images without a prediction pass only the full range.
    void setConfidenceRange(double minimum, double maximum);
    void setOrder(Order order);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    Show show_ = Show::All;
    qint64 predictedClass_ = 0;
    double minimum_ = 0.0;
    double maximum_ = 1.0;
    Order order_ = Order::Added;
};

}  // namespace fewshot::ui
