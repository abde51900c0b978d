#include "ui/sample_images.h"

#include <QDir>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <QRandomGenerator>

namespace fewshot::ui {
namespace {

constexpr int kSide = 96;

QImage drawShape(const QString& shape, QRandomGenerator& random)
{
    QImage image(kSide, kSide, QImage::Format_RGB32);
    image.fill(QColor::fromHsv(random.bounded(360), 30, 235));
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor::fromHsv(random.bounded(360), 200, 170));
    const int size = 34 + random.bounded(30);
    const int x = 4 + random.bounded(kSide - size - 8);
    const int y = 4 + random.bounded(kSide - size - 8);
    if (shape == QLatin1String("circle")) {
        painter.drawEllipse(x, y, size, size);
    } else if (shape == QLatin1String("square")) {
        painter.drawRect(x, y, size, size);
    } else {
        QPainterPath path;
        path.moveTo(x + size / 2.0, y);
        path.lineTo(x + size, y + size);
        path.lineTo(x, y + size);
        path.closeSubpath();
        painter.drawPath(path);
    }
    return image;
}

}  // namespace

SampleImages writeSampleImages(const QString& folder, int examplesPerClass, int poolSize)
{
    SampleImages result;
    QDir dir(folder);
    if (!dir.mkpath(QStringLiteral("examples")) || !dir.mkpath(QStringLiteral("pool")))
        return result;
    // A fixed seed gives the same pictures on every run, so screenshots are comparable.
    QRandomGenerator random(20240611);
    result.classNames = {QStringLiteral("circle"), QStringLiteral("square"), QStringLiteral("triangle")};
    for (const QString& shape : std::as_const(result.classNames)) {
        QStringList files;
        for (int i = 0; i < examplesPerClass; ++i) {
            const QString path = dir.filePath(QStringLiteral("examples/%1-%2.png").arg(shape).arg(i + 1, 2, 10, QLatin1Char('0')));
            if (drawShape(shape, random).save(path))
                files.append(path);
        }
        result.examples.append(files);
    }
    for (int i = 0; i < poolSize; ++i) {
        const QString& shape = result.classNames[i % result.classNames.size()];
        const QString path = dir.filePath(QStringLiteral("pool/%1-%2.png").arg(shape).arg(i + 1, 3, 10, QLatin1Char('0')));
        if (drawShape(shape, random).save(path))
            result.pool.append(path);
    }
    return result;
}

}  // namespace fewshot::ui
