#include "cli/project_methods.h"

#include "cli/cli_common.h"

#include <algorithm>
#include <map>

namespace fewshot::cli {
namespace {

// NOTE: lupdate 6.4 loses the translation context of a function whose return
// type is qualified, so the type is named through a using-declaration.
using train::AugmentationOptions;

AugmentationOptions augmentationOption(const QCommandLineParser& parser)
{
    AugmentationOptions options;
    if (!parser.isSet(QStringLiteral("augment")))
        return options;
    options = train::AugmentationOptions::none();
    for (const QString& item : parser.value(QStringLiteral("augment")).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString name = item.trimmed();
        if (name == QLatin1String("none"))
            continue;
        if (name == QLatin1String("all"))
            options = train::AugmentationOptions();
        else if (name == QLatin1String("crop"))
            options.resizedCrop = true;
        else if (name == QLatin1String("flip"))
            options.horizontalFlip = true;
        else if (name == QLatin1String("color"))
            options.colorJitter = true;
        else if (name == QLatin1String("rotate"))
            options.rotation = true;
        else if (name == QLatin1String("translate"))
            options.translation = true;
        else
            throw UsageError(Cli::tr("--augment lists '%1'; use none, all, or a list of crop, flip, color, rotate "
                                     "and translate")
                                 .arg(name));
    }
    return options;
}

}  // namespace

void addAdaptationOptions(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("balance"),
                      Cli::tr("How classes with fewer examples are handled: weights (class-balanced loss, the "
                              "default), oversample (repeat their examples), or none."),
                      QStringLiteral("MODE")});
    parser.addOption({QStringLiteral("context"),
                      Cli::tr("coop: the words the learned prompt context starts from (default: \"a photo of "
                              "a\"; one learned vector per token)."),
                      QStringLiteral("WORDS")});
    parser.addOption({QStringLiteral("class-specific-context"),
                      Cli::tr("coop: learn one context per class instead of one shared by all classes.")});
    parser.addOption({QStringLiteral("steps"), Cli::tr("coop: optimizer steps (default: 200)."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("prototype-penalty"),
                      Cli::tr("coop: how strongly the learned class embeddings are kept near the hand-made "
                              "prompts' (default: 8; 0 is plain CoOp)."),
                      QStringLiteral("W")});
    parser.addOption({QStringLiteral("members"),
                      Cli::tr("ensemble: the methods whose probabilities are averaged (default: "
                              "linear-probe,tip-adapter-f,coop)."),
                      QStringLiteral("LIST")});
    parser.addOption({QStringLiteral("epochs"), Cli::tr("fine-tune: passes over the training images (default: 10)."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("learning-rate"),
                      Cli::tr("fine-tune: AdamW peak learning rate (default: 1e-5); coop: Adam learning rate "
                              "(default: 0.002)."),
                      QStringLiteral("RATE")});
    parser.addOption({QStringLiteral("weight-decay"), Cli::tr("fine-tune: AdamW weight decay (default: 0.01)."),
                      QStringLiteral("W")});
    parser.addOption({QStringLiteral("train-batch-size"),
                      Cli::tr("fine-tune: images per optimizer step (default: 16)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("label-smoothing"),
                      Cli::tr("fine-tune: label smoothing of the cross-entropy (default: 0.1)."),
                      QStringLiteral("E")});
    parser.addOption({QStringLiteral("wise"),
                      Cli::tr("fine-tune: WiSE-FT ratio, the weight of the fine-tuned weights against the "
                              "original ones (default: 0.5; 1 keeps the fine-tuned model)."),
                      QStringLiteral("R")});
    parser.addOption({QStringLiteral("train-text-encoder"),
                      Cli::tr("fine-tune: train the text encoder too (the class embeddings come from it).")});
    parser.addOption({QStringLiteral("gradient-checkpointing"),
                      Cli::tr("fine-tune: recompute activations in the backward pass to save memory.")});
    parser.addOption({QStringLiteral("autocast"),
                      Cli::tr("fine-tune: none (default), bfloat16, or float16 (CUDA only)."),
                      QStringLiteral("TYPE")});
    parser.addOption({QStringLiteral("augment-copies"),
                      Cli::tr("Feature methods, coop and ensemble: also train on N augmented copies of each "
                              "support image (the changes of --augment), embedded with the model (default: 0)."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("augment"),
                      Cli::tr("fine-tune and --augment-copies: random changes of the training images: all (default), none, or a list "
                              "of crop, flip, color, rotate, translate. Flips and colour changes are wrong for "
                              "some medical images."),
                      QStringLiteral("LIST")});
}

AdaptationSettings adaptationSettings(const QCommandLineParser& parser)
{
    AdaptationSettings settings;
    const QString balance = parser.value(QStringLiteral("balance"));
    if (balance.isEmpty() || balance == QLatin1String("weights"))
        settings.balancing = Balancing::Weights;
    else if (balance == QLatin1String("oversample"))
        settings.balancing = Balancing::Oversample;
    else if (balance == QLatin1String("none"))
        settings.balancing = Balancing::None;
    else
        throw UsageError(Cli::tr("--balance must be weights, oversample or none, got '%1'").arg(balance));

    train::PromptLearningOptions& coop = settings.methods.promptLearning;
    if (parser.isSet(QStringLiteral("context"))) {
        coop.initialContext = toStdString(parser.value(QStringLiteral("context")).trimmed());
        if (coop.initialContext.empty())
            throw UsageError(Cli::tr("--context must contain at least one word"));
    }
    coop.classSpecific = parser.isSet(QStringLiteral("class-specific-context"));
    coop.steps = intOption(parser, QStringLiteral("steps"), coop.steps, 1, 100000);
    coop.learningRate = doubleOption(parser, QStringLiteral("learning-rate"), coop.learningRate, 1e-9, 10.0);
    coop.prototypePenalty =
        doubleOption(parser, QStringLiteral("prototype-penalty"), coop.prototypePenalty, 0.0, 1e6);

    if (parser.isSet(QStringLiteral("members"))) {
        settings.methods.ensembleMembers.clear();
        for (const QString& item : parser.value(QStringLiteral("members")).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const std::string member = toStdString(item.trimmed());
            if (member == "ensemble" || member == "fine-tune" || !isProjectMethod(member))
                throw UsageError(Cli::tr("--members lists '%1'; an ensemble combines zero-shot, linear-probe, "
                                         "tip-adapter, tip-adapter-f and coop")
                                     .arg(QString::fromStdString(member)));
            settings.methods.ensembleMembers.push_back(member);
        }
        if (settings.methods.ensembleMembers.size() < 2)
            throw UsageError(Cli::tr("--members must list at least two methods"));
    }

    train::FineTuneOptions& tune = settings.fineTune;
    tune.epochs = intOption(parser, QStringLiteral("epochs"), tune.epochs, 1, 10000);
    tune.learningRate = doubleOption(parser, QStringLiteral("learning-rate"), tune.learningRate, 1e-12, 1.0);
    tune.weightDecay = doubleOption(parser, QStringLiteral("weight-decay"), tune.weightDecay, 0.0, 10.0);
    tune.batchSize = intOption(parser, QStringLiteral("train-batch-size"), tune.batchSize, 1, 4096);
    tune.labelSmoothing = doubleOption(parser, QStringLiteral("label-smoothing"), tune.labelSmoothing, 0.0, 0.99);
    tune.wiseRatio = doubleOption(parser, QStringLiteral("wise"), tune.wiseRatio, 0.0, 1.0);
    tune.trainTextEncoder = parser.isSet(QStringLiteral("train-text-encoder"));
    tune.gradientCheckpointing = parser.isSet(QStringLiteral("gradient-checkpointing"));
    if (parser.isSet(QStringLiteral("autocast"))) {
        tune.autocast = toStdString(parser.value(QStringLiteral("autocast")));
        if (tune.autocast != "none" && tune.autocast != "bfloat16" && tune.autocast != "float16")
            throw UsageError(Cli::tr("--autocast must be none, bfloat16 or float16, got '%1'")
                                 .arg(parser.value(QStringLiteral("autocast"))));
    }
    tune.augmentation = augmentationOption(parser);
    settings.augmentedCopies = intOption(parser, QStringLiteral("augment-copies"), 0, 0, 64);
    if (settings.augmentedCopies > 0 && !tune.augmentation.any())
        throw UsageError(Cli::tr("--augment-copies needs at least one change; --augment none leaves the copies "
                                 "equal to the originals"));
    tune.classBalanced = settings.balancing == Balancing::Weights;
    tune.oversample = settings.balancing == Balancing::Oversample;
    return settings;
}

bool isProjectMethod(const std::string& name)
{
    const auto& featureMethods = engine::featureMethodNames();
    const auto& imageMethods = engine::imageMethodNames();
    return std::find(featureMethods.begin(), featureMethods.end(), name) != featureMethods.end()
           || std::find(imageMethods.begin(), imageMethods.end(), name) != imageMethods.end();
}

std::function<std::unique_ptr<engine::FewShotMethod>(const std::string&)>
projectMethodFactory(const ClipSession& session, const std::vector<std::string>& classNames,
                     const AdaptationSettings& settings)
{
    return [&session, classNames, methods = settings.methods](const std::string& name) {
        return train::makeMethod(name, &session.model(), &session.tokenizer(), classNames, methods);
    };
}

std::vector<int64_t> oversampledRows(const std::vector<int64_t>& labels)
{
    std::map<int64_t, std::vector<int64_t>> members;
    for (size_t i = 0; i < labels.size(); ++i)
        members[labels[i]].push_back(static_cast<int64_t>(i));
    size_t largest = 0;
    for (const auto& [label, rows] : members)
        largest = std::max(largest, rows.size());
    std::vector<int64_t> rows;
    for (const auto& [label, classRows] : members)
        for (size_t k = 0; k < largest; ++k)
            rows.push_back(classRows[k % classRows.size()]);
    return rows;
}

}  // namespace fewshot::cli
