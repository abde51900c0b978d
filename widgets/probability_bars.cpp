#include "widgets/probability_bars.h"

#include <QLocale>
#include <QPainter>

#include <algorithm>

namespace fewshot::widgets {
namespace {

constexpr int kRowSpacing = 4;

}  // namespace

ProbabilityBars::ProbabilityBars(QWidget* parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void ProbabilityBars::setEntries(std::vector<Entry> entries)
{
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry& a, const Entry& b) { return a.probability > b.probability; });
    entries_ = std::move(entries);
    updateGeometry();
    update();
}

void ProbabilityBars::setPlaceholderText(const QString& text)
{
    placeholder_ = text;
    update();
}

QSize ProbabilityBars::sizeHint() const
{
    const int rowHeight = fontMetrics().height() + kRowSpacing + 2;
    const int rows = std::max<int>(1, static_cast<int>(entries_.size()));
    return {320, rows * rowHeight + kRowSpacing};
}

QSize ProbabilityBars::minimumSizeHint() const
{
    return {160, fontMetrics().height() + 2 * kRowSpacing};
}

void ProbabilityBars::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing, true);
    const QFontMetrics metrics = fontMetrics();
    if (entries_.empty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, placeholder_);
        return;
    }

    int nameWidth = 0;
    for (const Entry& entry : entries_)
        nameWidth = std::max(nameWidth, metrics.horizontalAdvance(entry.name));
    nameWidth = std::min(nameWidth + 8, width() / 3);
    const int percentWidth = metrics.horizontalAdvance(QStringLiteral("100.0%")) + 8;
    const int barWidth = std::max(10, width() - nameWidth - percentWidth);
    const int rowHeight = metrics.height() + kRowSpacing + 2;

    int y = kRowSpacing;
    for (const Entry& entry : entries_) {
        const QRect nameRect(0, y, nameWidth - 6, metrics.height() + 2);
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(nameRect, Qt::AlignRight | Qt::AlignVCenter,
                         metrics.elidedText(entry.name, Qt::ElideRight, nameRect.width()));

        const QRect track(nameWidth, y, barWidth, metrics.height() + 2);
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(0xea, 0xea, 0xea));
        painter.drawRoundedRect(track, 3, 3);
        const int filled = static_cast<int>(barWidth * std::clamp(entry.probability, 0.0, 1.0));
        painter.setBrush(entry.color);
        painter.drawRoundedRect(QRect(track.left(), track.top(), filled, track.height()), 3, 3);

        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(QRect(track.right() + 6, y, percentWidth, track.height()),
                         Qt::AlignLeft | Qt::AlignVCenter,
                         tr("%1%").arg(QLocale().toString(entry.probability * 100.0, 'f', 1)));
        y += rowHeight;
    }
}

}  // namespace fewshot::widgets
