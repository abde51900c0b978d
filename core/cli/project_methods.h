#pragma once

// The options of the methods that train through the CLIP encoders (coop,
// fine-tune) or combine others (ensemble), shared by `fewshot train
// --project` and `fewshot evaluate --project`.

#include "engine/method.h"
#include "pipeline/clip_session.h"
#include "train/fine_tune.h"
#include "train/method_factory.h"

#include <QCommandLineParser>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace fewshot::cli {

// The treatment of classes with fewer examples in the loss.
enum class Balancing { Weights, Oversample, None };

struct AdaptationSettings {
    Balancing balancing = Balancing::Weights;
    train::MethodSettings methods;  // coop and ensemble
    train::FineTuneOptions fineTune;
    // Feature methods, coop and ensemble: augmented copies of each support
    // image (the changes of fineTune.augmentation), embedded and added to
    // the support set.
    int augmentedCopies = 0;
};

// Adds --balance and the options of coop, fine-tune and ensemble.
void addAdaptationOptions(QCommandLineParser& parser);

// Reads the options of addAdaptationOptions. Throws UsageError for invalid values.
AdaptationSettings adaptationSettings(const QCommandLineParser& parser);

// Every method name a project can train: the feature methods, coop,
// fine-tune and ensemble.
bool isProjectMethod(const std::string& name);

// Makes feature methods, coop (with the session's text encoder) and
// ensembles of them by name, for classes named `classNames`. Throws Error
// for fine-tune, which trains on images, not on embeddings.
std::function<std::unique_ptr<engine::FewShotMethod>(const std::string&)>
projectMethodFactory(const ClipSession& session, const std::vector<std::string>& classNames,
                     const AdaptationSettings& settings);

// Repeats support rows so that every class has as many as the largest one.
// Returns the row indices into `labels`, in a deterministic order.
std::vector<int64_t> oversampledRows(const std::vector<int64_t>& labels);

}  // namespace fewshot::cli
