#include "widgets/bar_chart.h"

#include "widgets/plot_export.h"

#include <qcustomplot.h>

#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace fewshot::widgets {
namespace {

constexpr int kMaxCategoryLabel = 48;
constexpr double kGroupWidth = 0.8;

}  // namespace

BarChart::BarChart(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    plot_->setMinimumHeight(160);
    plot_->yAxis->setRangeReversed(true);  // first category on top
    plot_->xAxis->setRange(0, 1.0);
    plot_->yAxis->grid()->setVisible(false);
    plot_->legend->setFont(font());
    plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
    setValueAxisLabel(tr("Accuracy"));
}

void BarChart::setValueAxisLabel(const QString& label)
{
    plot_->xAxis->setLabel(label);
}

void BarChart::clear()
{
    plot_->clearPlottables();
    categoryCount_ = 0;
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void BarChart::setData(const QStringList& categories, const std::vector<Series>& series, int highlighted)
{
    plot_->clearPlottables();
    categoryCount_ = static_cast<int>(categories.size());

    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int i = 0; i < categories.size(); ++i) {
        QString text = categories[i];
        if (text.size() > kMaxCategoryLabel)
            text = text.left(kMaxCategoryLabel - 1) + QStringLiteral("…");
        ticker->addTick(i, text);
    }
    plot_->yAxis->setTicker(ticker);
    plot_->yAxis->setRange(-0.6, std::max(0, categoryCount_ - 1) + 0.6);

    const int seriesCount = static_cast<int>(series.size());
    for (int s = 0; s < seriesCount; ++s)
        addBars(series[static_cast<size_t>(s)], s, seriesCount, seriesCount == 1 ? highlighted : -1);

    plot_->legend->setVisible(seriesCount > 1 || highlighted >= 0);
    // One bar group per category takes about two text lines; beyond a few
    // dozen categories the bars get thinner rather than the window taller.
    plot_->setMinimumHeight(std::clamp(categoryCount_ * (fontMetrics().height() + 10) + 70, 160, 360));
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void BarChart::addBars(const Series& series, int seriesIndex, int seriesCount, int highlighted)
{
    const double width = kGroupWidth / seriesCount;
    const double offset = -kGroupWidth / 2 + width * (seriesIndex + 0.5);
    auto* bars = new QCPBars(plot_->yAxis, plot_->xAxis);
    bars->setWidth(width * 0.9);
    bars->setName(series.name);
    bars->setPen(QPen(series.color.darker(130)));
    bars->setBrush(series.color.lighter(highlighted >= 0 ? 140 : 100));

    QCPBars* best = nullptr;
    if (highlighted >= 0) {
        best = new QCPBars(plot_->yAxis, plot_->xAxis);
        best->setWidth(width * 0.9);
        best->setName(tr("Best"));
        best->setPen(QPen(series.color.darker(160)));
        best->setBrush(series.color.darker(110));
    }
    for (int i = 0; i < series.values.size() && i < categoryCount_; ++i) {
        const double value = series.values[i];
        if (!std::isfinite(value))
            continue;
        if (i == highlighted && best != nullptr)
            best->addData(i + offset, value);
        else
            bars->addData(i + offset, value);
    }
    if (highlighted >= 0)
        bars->removeFromLegend();
}

bool BarChart::save(const QString& path, QString* error) const
{
    return savePlot(plot_, path, error);
}

}  // namespace fewshot::widgets
