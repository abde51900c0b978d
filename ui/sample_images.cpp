#include "ui/sample_images.h"

#include "demo/demo_dataset.h"
#include "demo/demo_generator.h"

#include <QDir>
#include <QFile>

namespace fewshot::ui {
namespace {

// Four of the demo generator's defect classes: enough to show every view,
// few enough that the class cards fit a screenshot.
const int kClasses[] = {0, 1, 4, 5};  // no defect, scratch, rust, hole, as defectClassNames() orders them

// A fixed stream gives the same pictures on every run, so screenshots are comparable.
constexpr uint64_t kSeed = 20240611;

// Writes one generated image; returns false when the file cannot be written.
bool writeSample(int defectClass, uint64_t index, const QString& path)
{
    try {
        demo::writeSamplePng(demo::generateSample(kSeed, index, defectClass), QFile::encodeName(path).toStdString());
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace

SampleImages writeSampleImages(const QString& folder, int examplesPerClass, int poolSize)
{
    SampleImages result;
    QDir dir(folder);
    if (!dir.mkpath(QStringLiteral("examples")) || !dir.mkpath(QStringLiteral("pool")))
        return result;
    const std::vector<std::string>& names = demo::defectClassNames();
    uint64_t index = 0;
    for (int defectClass : kClasses) {
        const QString name = QString::fromStdString(names[static_cast<size_t>(defectClass)]);
        result.classNames.append(name);
        QStringList files;
        for (int i = 0; i < examplesPerClass; ++i) {
            const QString path =
                dir.filePath(QStringLiteral("examples/%1-%2.png").arg(name).arg(i + 1, 2, 10, QLatin1Char('0')));
            if (writeSample(defectClass, index++, path))
                files.append(path);
        }
        result.examples.append(files);
    }
    const int classCount = static_cast<int>(std::size(kClasses));
    for (int i = 0; i < poolSize; ++i) {
        const int defectClass = kClasses[i % classCount];
        const QString& name = result.classNames[i % classCount];
        const QString path = dir.filePath(QStringLiteral("pool/%1-%2.png").arg(name).arg(i + 1, 3, 10, QLatin1Char('0')));
        if (writeSample(defectClass, index++, path))
            result.pool.append(path);
    }
    return result;
}

}  // namespace fewshot::ui
