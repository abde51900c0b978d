#include "base/error.h"
#include "cli/cli_common.h"
#include "cli/commands.h"
#include "cli/session_options.h"
#include "model/benchmark.h"
#include "model/cpu_runtime.h"
#include "model/checkpoint_writer.h"
#include "text/tokenizer.h"

#include <QDir>
#include <QThread>

#include <chrono>
#include <random>

namespace fewshot::cli {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

QString megabytes(int64_t bytes)
{
    return QString::number(static_cast<double>(bytes) / (1024.0 * 1024.0), 'f', 0) + QStringLiteral(" MiB");
}

// Encodes `count` images of random pixels in batches; returns seconds taken
// after one warm-up batch.
double timeImageEncoding(const ClipModel& model, int count, int batchSize)
{
    const int64_t size = model.imageSize();
    std::mt19937 generator(1);
    std::normal_distribution<float> normal;
    std::vector<float> pixels(static_cast<size_t>(batchSize * 3 * size * size));
    for (float& value : pixels)
        value = normal(generator);
    model.encodeImages(pixels.data(), std::min(batchSize, count));
    const auto start = Clock::now();
    for (int done = 0; done < count; done += batchSize)
        model.encodeImages(pixels.data(), std::min(batchSize, count - done));
    return secondsSince(start);
}

// Encodes `count` prompts of `tokens` ids each (start and end included) in one
// batch, the way zero-shot encodes a class list; returns seconds after a warm-up.
double timeTextEncoding(const ClipSession& session, int count, int tokens)
{
    const auto& tokenizer = session.tokenizer();
    std::mt19937 generator(2);
    std::uniform_int_distribution<int64_t> word(0, 511);
    std::vector<std::vector<int64_t>> ids(static_cast<size_t>(count));
    for (auto& sequence : ids) {
        sequence.push_back(tokenizer.startToken());
        for (int i = 0; i < tokens - 2; ++i)
            sequence.push_back(word(generator));
        sequence.push_back(tokenizer.endToken());
    }
    session.model().encodeTexts({ids.front()});
    const auto start = Clock::now();
    session.model().encodeTexts(ids);
    return secondsSince(start);
}

}  // namespace

int runMakeRandomModel(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr(
        "Write a Hugging Face CLIP folder with random weights of a published architecture's shapes, "
        "and a byte-level vocabulary, for benchmarks and tests. It predicts nothing meaningful."));
    parser.addOption({QStringLiteral("arch"), Cli::tr("ViT-B/32, ViT-B/16, ViT-L/14 or ViT-L/14-336."), QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("output"), Cli::tr("Folder to write (created if missing)."), QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("seed"), Cli::tr("Random seed (default: 0)."), QStringLiteral("N")});
    if (!parseArguments(parser, arguments, QStringLiteral("make-random-model")))
        return ExitSuccess;
    if (!parser.isSet(QStringLiteral("arch")))
        throw UsageError(Cli::tr("--arch NAME is required"));
    const QString output = requireOutput(parser);
    const int seed = intOption(parser, QStringLiteral("seed"), 0, 0, 1 << 30);
    const ClipConfig config = presetArchitecture(toStdString(parser.value(QStringLiteral("arch"))));

    if (!QDir().mkpath(output))
        throw Error(toStdString(Cli::tr("%1: cannot create the folder").arg(output)));
    writeRandomCheckpoint(toStdString(output), config, static_cast<uint64_t>(seed));
    Tokenizer::writeByteLevelVocabulary(toStdString(output), config.text.vocabSize);
    printOut(Cli::tr("Wrote a random %1 checkpoint to %2\n")
                 .arg(QString::fromStdString(config.name), output));
    return ExitSuccess;
}

int runBench(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr(
        "Measure model load time, image and prompt encoding speed, achieved GFLOP/s against a plain "
        "matrix product, and peak memory."));
    addModelOptions(parser);
    parser.addOption({QStringLiteral("images"), Cli::tr("Images to encode (default: 16)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("prompts"), Cli::tr("Prompts to encode (default: 30)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("prompt-tokens"), Cli::tr("Tokens per prompt, start and end included (default: 10)."), QStringLiteral("N")});
    if (!parseArguments(parser, arguments, QStringLiteral("bench")))
        return ExitSuccess;
    const int images = intOption(parser, QStringLiteral("images"), 16, 1, 100000);
    const int prompts = intOption(parser, QStringLiteral("prompts"), 30, 1, 100000);
    const int promptTokens = intOption(parser, QStringLiteral("prompt-tokens"), 10, 2, 77);
    const SessionOptions options = sessionOptions(parser);

    const auto loadStart = Clock::now();
    const auto session = ClipSession::open(toStdString(requireModelFolder(parser)), options);
    const double loadSeconds = secondsSince(loadStart);
    const ClipModel& model = session->model();
    const ClipConfig& config = model.config();

    const double imageSeconds = timeImageEncoding(model, images, options.batchSize);
    const double textSeconds = timeTextEncoding(*session, prompts, promptTokens);
    const int64_t peak = peakResidentBytes();
    const double ceiling = measureMatmulGflops(2048, model.dtypeName(), 3.0);
    const double achieved = imageEncoderFlops(config) * images / imageSeconds / 1e9;
    const int64_t weights = weightBytes(config, model.dtypeName());

    // The report stays in English in every language: its aligned "key: value"
    // lines are meant for comparing runs and for scripts.
    QString text;
    text += QStringLiteral("model:              %1 (%2, %3, %4 threads)\n")
                .arg(QString::fromStdString(config.name), QString::fromStdString(model.dtypeName()),
                     QString::fromStdString(model.deviceName()))
                .arg(options.model.threads > 0 ? options.model.threads : QThread::idealThreadCount());
    text += QStringLiteral("blas:               %1\n")
                .arg(QString::fromStdString(describeBlasKernels(selectBlasKernels())));
    text += QStringLiteral("load time:          %1 s\n").arg(loadSeconds, 0, 'f', 2);
    text += QStringLiteral("images per second:  %1 (%2 images, batch %3)\n")
                .arg(images / imageSeconds, 0, 'f', 3).arg(images).arg(options.batchSize);
    text += QStringLiteral("prompts per second: %1 (%2 prompts of %3 tokens in %4 s)\n")
                .arg(prompts / textSeconds, 0, 'f', 1).arg(prompts).arg(promptTokens).arg(textSeconds, 0, 'f', 3);
    text += QStringLiteral("image encoder:      %1 GFLOP/s achieved, %2 GFLOP per image\n")
                .arg(achieved, 0, 'f', 1).arg(imageEncoderFlops(config) / 1e9, 0, 'f', 1);
    text += QStringLiteral("matrix product:     %1 GFLOP/s (2048 x 2048, %2); encoder at %3% of it\n")
                .arg(ceiling, 0, 'f', 1).arg(QString::fromStdString(model.dtypeName()))
                .arg(100.0 * achieved / ceiling, 0, 'f', 0);
    text += QStringLiteral("peak memory:        %1 resident, weights %2 (%3x)\n")
                .arg(megabytes(peak), megabytes(weights))
                .arg(static_cast<double>(peak) / static_cast<double>(weights), 0, 'f', 2);
    printOut(text);
    return ExitSuccess;
}

}  // namespace fewshot::cli
