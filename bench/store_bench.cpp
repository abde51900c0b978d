// Measures the project store on a synthetic project: opening a project of
// many images, recording one label, and fetching cached embeddings. Prints
// the figures; it checks no thresholds.
//
// Usage: fewshot-store-bench [--images N] [--embeddings N] [--dimension D] [--folder DIR]
// The image records are synthetic (no files are written), so the figures
// cover the store alone. The OS file cache is warm: the project was just written.

#include "base/error.h"
#include "store/project_store.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <random>
#include <vector>

using namespace fewshot::store;

namespace {

struct Settings {
    int images = 100'000;
    int embeddings = 10'000;
    int dimension = 512;
    int labelRepeats = 500;
    int openRepeats = 5;
};

double milliseconds(const QElapsedTimer& timer)
{
    return static_cast<double>(timer.nsecsElapsed()) / 1e6;
}

struct Stats {
    double median = 0;
    double p99 = 0;
    double mean = 0;
};

Stats statsOf(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    Stats stats;
    stats.median = values[values.size() / 2];
    stats.p99 = values[std::min(values.size() - 1, values.size() * 99 / 100)];
    double sum = 0;
    for (double value : values)
        sum += value;
    stats.mean = sum / static_cast<double>(values.size());
    return stats;
}

void printFigure(const QString& measurement, const QString& figure)
{
    std::printf("%-52s %s\n", qPrintable(measurement), qPrintable(figure));
}

QString hashOf(int i)
{
    return QStringLiteral("%1").arg(i, 64, 16, QLatin1Char('0'));
}

void fillProject(const QString& file, const Settings& settings)
{
    auto store = ProjectStore::create(file);
    std::vector<qint64> classIds;
    for (const char* name : {"normal", "scratch", "dent"})
        classIds.push_back(store->addClass({0, QString::fromLatin1(name), "", 0, "", false}).id);

    QElapsedTimer timer;
    timer.start();
    const QString folder = QFileInfo(file).absolutePath();
    constexpr int kChunk = 10'000;
    for (int start = 0; start < settings.images; start += kChunk) {
        std::vector<ImageToAdd> chunk;
        for (int i = start; i < std::min(settings.images, start + kChunk); ++i) {
            ImageFile image{folder + QStringLiteral("/images/%1/%2.jpg").arg(i / 1000).arg(i),
                            hashOf(i), 150'000, 1024, 768};
            // Every other image is labeled, as in a project half way through.
            std::optional<qint64> classId;
            if (i % 2 == 0)
                classId = classIds[static_cast<size_t>(i / 2 % 3)];
            chunk.push_back({image, classId, LabelSource::Manual});
        }
        store->addImages(chunk, LabelConflict::KeepExisting);
    }
    std::printf("setup: %d image records added in %.0f ms\n", settings.images, milliseconds(timer));

    std::mt19937 random(1);
    std::normal_distribution<float> normal;
    for (VectorPrecision precision : {VectorPrecision::Float16, VectorPrecision::Float32}) {
        timer.restart();
        std::vector<ImageEmbedding> embeddings;
        for (int i = 0; i < settings.embeddings; ++i) {
            std::vector<float> vector(static_cast<size_t>(settings.dimension));
            for (float& value : vector)
                value = normal(random);
            embeddings.push_back({hashOf(i), 0, std::move(vector)});
        }
        const QString key = precision == VectorPrecision::Float16 ? QStringLiteral("fp16")
                                                                  : QStringLiteral("fp32");
        store->storeImageEmbeddings(QStringLiteral("bench-model"), key, embeddings, precision);
        std::printf("setup: %d %s embeddings of dimension %d stored in %.0f ms\n",
                    settings.embeddings, qPrintable(key), settings.dimension, milliseconds(timer));
    }
}

void benchOpen(const QString& file, const Settings& settings)
{
    std::vector<double> openTimes;
    std::vector<double> listTimes;
    for (int i = 0; i < settings.openRepeats; ++i) {
        QElapsedTimer timer;
        timer.start();
        auto store = ProjectStore::open(file);
        openTimes.push_back(milliseconds(timer));
        const auto images = store->images();
        const auto labels = store->labels();
        const auto summary = store->summary();
        listTimes.push_back(milliseconds(timer));
        if (static_cast<int>(images.size()) != settings.images)
            throw fewshot::Error("the benchmark project lost images");
    }
    printFigure(QStringLiteral("open a project of %1 images").arg(settings.images),
                QStringLiteral("median %1 ms").arg(statsOf(openTimes).median, 0, 'f', 2));
    printFigure(QStringLiteral("open and read all images, labels, summary"),
                QStringLiteral("median %1 ms").arg(statsOf(listTimes).median, 0, 'f', 2));
}

void benchLabel(const QString& file, const Settings& settings)
{
    auto store = ProjectStore::open(file);
    const std::vector<ClassInfo> classes = store->classes();
    std::vector<double> times;
    for (int i = 0; i < settings.labelRepeats; ++i) {
        const qint64 imageId = 1 + (i * 7919) % settings.images;
        QElapsedTimer timer;
        timer.start();
        store->setLabel(imageId, classes[static_cast<size_t>(i) % classes.size()].id,
                        LabelSource::Manual);
        times.push_back(milliseconds(timer));
    }
    const Stats stats = statsOf(times);
    printFigure(QStringLiteral("record one label (%1 times)").arg(settings.labelRepeats),
                QStringLiteral("median %1 ms, mean %2 ms, p99 %3 ms")
                    .arg(stats.median, 0, 'f', 2)
                    .arg(stats.mean, 0, 'f', 2)
                    .arg(stats.p99, 0, 'f', 2));
}

void benchFetch(const QString& file, const Settings& settings)
{
    auto store = ProjectStore::open(file, OpenMode::ReadOnly);
    std::vector<QString> hashes;
    for (int i = 0; i < settings.embeddings; ++i)
        hashes.push_back(hashOf(i));
    for (const char* key : {"fp16", "fp32"}) {
        std::vector<double> times;
        for (int repeat = 0; repeat < 5; ++repeat) {
            QElapsedTimer timer;
            timer.start();
            const auto found = store->findImageEmbeddings(QStringLiteral("bench-model"),
                                                          QString::fromLatin1(key), 0, hashes);
            times.push_back(milliseconds(timer));
            if (!found.back())
                throw fewshot::Error("the benchmark embeddings were not found");
        }
        printFigure(QStringLiteral("fetch %1 cached %2 embeddings (dimension %3)")
                        .arg(settings.embeddings)
                        .arg(QLatin1String(key))
                        .arg(settings.dimension),
                    QStringLiteral("median %1 ms").arg(statsOf(times).median, 0, 'f', 2));
    }
}

}  // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Measures the FewShot Studio project store."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("images"), QStringLiteral("Image records (default 100000)."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("embeddings"),
                      QStringLiteral("Cached embeddings to fetch (default 10000)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("dimension"),
                      QStringLiteral("Embedding dimension (default 512)."), QStringLiteral("D")});
    parser.addOption({QStringLiteral("folder"),
                      QStringLiteral("Folder for the project file (default: a temporary folder, "
                                     "removed afterwards)."),
                      QStringLiteral("DIR")});
    parser.process(app);

    Settings settings;
    if (parser.isSet(QStringLiteral("images")))
        settings.images = std::max(1, parser.value(QStringLiteral("images")).toInt());
    if (parser.isSet(QStringLiteral("embeddings")))
        settings.embeddings = std::clamp(parser.value(QStringLiteral("embeddings")).toInt(), 1,
                                         settings.images);
    if (parser.isSet(QStringLiteral("dimension")))
        settings.dimension = std::max(1, parser.value(QStringLiteral("dimension")).toInt());

    QTemporaryDir temporary;
    const QString folder = parser.isSet(QStringLiteral("folder")) ? parser.value(QStringLiteral("folder"))
                                                                  : temporary.path();
    const QString file = QDir(folder).filePath(QStringLiteral("bench.fewshot"));
    try {
        fillProject(file, settings);
        benchOpen(file, settings);
        benchLabel(file, settings);
        benchFetch(file, settings);
    } catch (const fewshot::Error& e) {
        std::fprintf(stderr, "fewshot-store-bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
