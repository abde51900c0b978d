#pragma once

#include <QColor>
#include <QString>
#include <QVector>
#include <QWidget>

class QCustomPlot;

namespace fewshot::widgets {

// Lines of a score against a count drawn on a base-2 logarithmic axis, such
// as accuracy against the number of shots per method, with error bars.
class LineChart : public QWidget {
    Q_OBJECT

public:
    explicit LineChart(QWidget* parent = nullptr);

    void clear();
    // `x` values must be positive; `errors` may be empty.
    void addSeries(const QString& name, const QColor& color, const QVector<double>& x,
                   const QVector<double>& y, const QVector<double>& errors = {});
    void setAxisLabels(const QString& xLabel, const QString& yLabel);
    int seriesCount() const;

    bool save(const QString& path, QString* error) const;
    QCustomPlot* plot() const { return plot_; }

private:
    void updateTicks();

    QCustomPlot* plot_;
    QVector<double> ticks_;
};

}  // namespace fewshot::widgets
