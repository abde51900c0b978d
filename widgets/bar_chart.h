#pragma once

#include <QColor>
#include <QStringList>
#include <QVector>
#include <QWidget>

#include <vector>

class QCustomPlot;

namespace fewshot::widgets {

// Horizontal bars of a score between 0 and 1 per category (template, class),
// one bar group per category with one bar per series. Horizontal, because
// category names such as prompt templates are long.
class BarChart : public QWidget {
    Q_OBJECT

public:
    struct Series {
        QString name;
        QColor color;
        QVector<double> values;  // one per category; NaN draws no bar
    };

    explicit BarChart(QWidget* parent = nullptr);

    // With a single series, the category `highlighted` (if >= 0) is drawn in
    // a stronger colour and named in the legend as the best one.
    void setData(const QStringList& categories, const std::vector<Series>& series,
                 int highlighted = -1);
    void setValueAxisLabel(const QString& label);
    void clear();
    int categoryCount() const { return categoryCount_; }

    bool save(const QString& path, QString* error) const;
    QCustomPlot* plot() const { return plot_; }

private:
    void addBars(const Series& series, int seriesIndex, int seriesCount, int highlighted);

    QCustomPlot* plot_;
    int categoryCount_ = 0;
};

}  // namespace fewshot::widgets
