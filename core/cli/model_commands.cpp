#include "base/error.h"
#include "base/npy.h"
#include "cli/cli_common.h"
#include "cli/commands.h"
#include "cli/session_options.h"
#include "image/preprocess.h"
#include "model/clip_config.h"
#include "pipeline/clip_session.h"
#include "text/tokenizer.h"

#include <nlohmann/json.hpp>

#include <QDir>

#include <algorithm>
#include <cstdio>

namespace fewshot::cli {
namespace {

void addOutputOption(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("output"), Cli::tr("Where to write the .npy array."), QStringLiteral("FILE")});
}

// The preprocessing of a checkpoint folder. A folder holding only
// preprocessor_config.json is enough: the model's config is then not needed.
PreprocessConfig folderPreprocessConfig(const std::string& folder)
{
    const QDir dir(QString::fromStdString(folder));
    if (!dir.exists(QStringLiteral("config.json")) && !dir.exists(QStringLiteral("open_clip_config.json"))
        && dir.exists(QStringLiteral("preprocessor_config.json")))
        return PreprocessConfig::fromFile(toStdString(dir.filePath(QStringLiteral("preprocessor_config.json"))));
    return readPreprocessConfig(folder, readFolderConfig(folder).vision.imageSize);
}

std::vector<std::string> positionalTexts(const QCommandLineParser& parser)
{
    const QStringList arguments = parser.positionalArguments();
    if (arguments.isEmpty())
        throw UsageError(Cli::tr("no texts given"));
    std::vector<std::string> texts;
    for (const QString& argument : arguments)
        texts.push_back(toStdString(argument));
    return texts;
}

// Prints the error of one unreadable image and remembers that one failed.
ImageErrorHandler reportingHandler(bool& anyFailed)
{
    return [&anyFailed](size_t, const std::string& message) {
        anyFailed = true;
        printError(Cli::tr("%1 (skipped)").arg(QString::fromStdString(message)));
    };
}

}  // namespace

int runInfo(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr("Show a CLIP checkpoint's architecture, parameter count, dtype and device."));
    addModelOptions(parser);
    if (!parseArguments(parser, arguments, QStringLiteral("info")))
        return ExitSuccess;
    const auto session = openSession(parser);
    const ClipModel& model = session->model();
    const ClipConfig& config = model.config();
    QString text;
    text += QStringLiteral("model:          %1\n").arg(QString::fromStdString(model.folder()));
    text += QStringLiteral("architecture:   %1\n").arg(QString::fromStdString(config.name));
    text += QStringLiteral("image tower:    %1 px images, %2 px patches, width %3, %4 layers, %5 heads, %6\n")
                .arg(config.vision.imageSize).arg(config.vision.patchSize).arg(config.vision.hiddenSize)
                .arg(config.vision.numLayers).arg(config.vision.numHeads)
                .arg(QString::fromStdString(config.vision.hiddenAct));
    text += QStringLiteral("text tower:     %1 tokens, vocabulary %2, width %3, %4 layers, %5 heads, %6\n")
                .arg(config.text.maxPositions).arg(config.text.vocabSize).arg(config.text.hiddenSize)
                .arg(config.text.numLayers).arg(config.text.numHeads)
                .arg(QString::fromStdString(config.text.hiddenAct));
    text += QStringLiteral("embedding:      %1 dimensions\n").arg(model.embeddingDim());
    text += QStringLiteral("parameters:     %1 (%2 million)\n")
                .arg(model.parameterCount())
                .arg(static_cast<double>(model.parameterCount()) / 1e6, 0, 'f', 1);
    text += QStringLiteral("dtype:          %1\n").arg(QString::fromStdString(model.dtypeName()));
    text += QStringLiteral("device:         %1\n").arg(QString::fromStdString(model.deviceName()));
    text += QStringLiteral("logit scale:    %1\n").arg(static_cast<double>(model.logitScale()), 0, 'f', 4);
    text += QStringLiteral("preprocessing:  resize %1, crop %2\n")
                .arg(session->preprocessConfig().resizeShortestEdge)
                .arg(session->preprocessConfig().cropSize);
    text += QStringLiteral("fingerprint:    %1\n").arg(QString::fromStdString(model.fingerprint()));
    printOut(text);
    return ExitSuccess;
}

int runTokenize(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr(
        "Print the CLIP token ids of each text as a JSON array, one per line. "
        "The folder needs only vocab.json and merges.txt."));
    addModelOptions(parser);
    parser.addOption({QStringLiteral("context-length"), Cli::tr("Maximum ids per text, start and end included (default: 77)."), QStringLiteral("N")});
    parser.addPositionalArgument(QStringLiteral("TEXT"), Cli::tr("Texts to tokenize."), QStringLiteral("TEXT..."));
    if (!parseArguments(parser, arguments, QStringLiteral("tokenize")))
        return ExitSuccess;
    const int contextLength = intOption(parser, QStringLiteral("context-length"), 77, 2, 1 << 20);
    const auto texts = positionalTexts(parser);
    const QString tokenizerFolder = parser.isSet(QStringLiteral("tokenizer")) ? parser.value(QStringLiteral("tokenizer"))
                                                                               : requireModelFolder(parser);
    const Tokenizer tokenizer = Tokenizer::fromFolder(toStdString(tokenizerFolder));
    for (const auto& text : texts) {
        const nlohmann::json ids = tokenizer.tokenize(text, contextLength);
        std::string line = ids.dump();
        // Match the spacing of Python's json.dumps, which most readers expect.
        std::string spaced;
        for (char c : line)
            spaced += c == ',' ? std::string(", ") : std::string(1, c);
        printOut(QString::fromStdString(spaced) + QLatin1Char('\n'));
    }
    return ExitSuccess;
}

int runPreprocess(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr(
        "Write the preprocessed pixels of images as float32 [N, 3, S, S] to a .npy file."));
    addModelOptions(parser);
    addOutputOption(parser);
    parser.addPositionalArgument(QStringLiteral("IMAGE"), Cli::tr("Image files or folders."), QStringLiteral("IMAGE..."));
    if (!parseArguments(parser, arguments, QStringLiteral("preprocess")))
        return ExitSuccess;
    const QString output = requireOutput(parser);
    const std::string folder = toStdString(requireModelFolder(parser));
    const auto paths = expandImagePaths(parser.positionalArguments());
    if (paths.empty())
        throw UsageError(Cli::tr("no images given"));
    const SessionOptions options = sessionOptions(parser);
    const PreprocessConfig config = folderPreprocessConfig(folder);

    bool anyFailed = false;
    std::vector<float> pixels;
    int64_t count = 0;
    for (const auto& path : paths) {
        try {
            const auto image = preprocessImage(readImage(path, options.imageRead), config);
            pixels.insert(pixels.end(), image.begin(), image.end());
            ++count;
        } catch (const Error& e) {
            anyFailed = true;
            printError(Cli::tr("%1 (skipped)").arg(QString::fromStdString(e.what())));
        }
    }
    writeNpy(toStdString(output), {count, 3, config.cropSize, config.cropSize}, pixels.data());
    return anyFailed ? ExitFailure : ExitSuccess;
}

int runEmbed(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr(
        "Write projected CLIP embeddings (float32 [N, D], not normalized) of images, "
        "or of texts with --text, to a .npy file. Rows follow the argument order."));
    addModelOptions(parser);
    addOutputOption(parser);
    parser.addOption({QStringLiteral("text"), Cli::tr("Embed the arguments as texts instead of image files.")});
    parser.addPositionalArgument(QStringLiteral("INPUT"), Cli::tr("Image files or folders, or texts with --text."), QStringLiteral("INPUT..."));
    if (!parseArguments(parser, arguments, QStringLiteral("embed")))
        return ExitSuccess;
    const QString output = requireOutput(parser);
    const bool texts = parser.isSet(QStringLiteral("text"));
    const auto inputs = texts ? positionalTexts(parser) : expandImagePaths(parser.positionalArguments());
    if (inputs.empty())
        throw UsageError(Cli::tr("no images given"));
    const auto session = openSession(parser);
    const int64_t dim = session->model().embeddingDim();

    if (texts) {
        const auto embeddings = session->encodeTexts(inputs);
        writeNpy(toStdString(output), {static_cast<int64_t>(inputs.size()), dim}, embeddings.data());
        return ExitSuccess;
    }
    bool anyFailed = false;
    const auto embeddings = session->encodeImageFiles(inputs, reportingHandler(anyFailed));
    writeNpy(toStdString(output), {static_cast<int64_t>(embeddings.indices.size()), dim}, embeddings.values.data());
    return anyFailed ? ExitFailure : ExitSuccess;
}

}  // namespace fewshot::cli
