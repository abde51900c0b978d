#pragma once

#include <QColor>
#include <QString>
#include <QWidget>

#include <vector>

namespace fewshot::widgets {

// Horizontal bars of class probabilities, highest first, each in its class's
// colour with the percentage written next to it.
class ProbabilityBars : public QWidget {
    Q_OBJECT

public:
    struct Entry {
        QString name;
        QColor color;
        double probability = 0.0;  // 0..1
    };

    explicit ProbabilityBars(QWidget* parent = nullptr);

    // Sorts the entries by probability, highest first.
    void setEntries(std::vector<Entry> entries);
    const std::vector<Entry>& entries() const { return entries_; }
    void setPlaceholderText(const QString& text);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::vector<Entry> entries_;
    QString placeholder_;
};

}  // namespace fewshot::widgets
