#pragma once

#include "engine/classifier_head.h"
#include "engine/feature_matrix.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace fewshot::engine {

// The facts an exported head folder records besides the weights. Unknown
// values (a CLIP model name when training from cached features, for instance)
// stay empty and are written as null.
struct HeadDescription {
    std::string method;
    std::vector<std::string> classNames;   // one per class, in label order
    std::vector<std::string> templates;    // prompt templates of the text prototypes
    std::string clipModelName;
    std::string clipModelFingerprint;
    nlohmann::json preprocessing;          // image preprocessing settings, or null
    nlohmann::json hyperparameters;
    nlohmann::json metrics;                // e.g. test accuracy, or null
    nlohmann::json training;               // shots, seed, support source, or null
};

// Writes a deployable head folder:
//   head.safetensors  the head's arrays: weight [C, D] and bias [C], plus
//                     cache_keys [N, D], cache_values [N, C], cache_alpha and
//                     cache_beta (scalars) for Tip-Adapter heads
//   head.pt           a TorchScript module mapping image embeddings [N, D] to
//                     probabilities [N, C]; load it with torch.jit.load in
//                     Python or torch::jit::load in C++
//   metadata.json     the description, program version and UTC creation time
//   README.md         how to use the files
// Everything is written to a temporary folder beside `folder` and renamed into
// place, so a failure leaves no partial export. An existing export at `folder`
// is replaced; any other non-empty folder there is left alone and Error is
// thrown.
void exportHeadFolder(const std::filesystem::path& folder, const ClassifierHead& head,
                      const HeadDescription& description);

// The bytes of head.safetensors for `head`, which records `method` in its metadata.
std::string encodeHeadWeights(const ClassifierHead& head, const std::string& method);

// Decodes and validates the bytes of a head.safetensors. Throws Error starting
// with `name`, the file or record the bytes came from.
ClassifierHead decodeHeadWeights(const std::string& bytes, const std::string& name);

// The description as a JSON object, for storing it with a trained head, and
// back. headDescriptionFromJson throws Error when a field is missing or has
// the wrong type.
nlohmann::json headDescriptionToJson(const HeadDescription& description);
HeadDescription headDescriptionFromJson(const nlohmann::json& json);

struct LoadedHead {
    ClassifierHead head;
    nlohmann::json metadata;
    std::vector<std::string> classNames;
};

// Reads head.safetensors and metadata.json of an exported folder and checks
// that they agree. Throws Error naming the file that is missing or invalid.
LoadedHead loadHeadFolder(const std::filesystem::path& folder);

// Loads the head of an exported folder and returns the class probabilities of
// `embeddings` [N, D] (raw or L2-normalized image embeddings).
FeatureMatrix predictWithHeadFolder(const std::filesystem::path& folder, const FeatureMatrix& embeddings);

// Runs an exported head.pt with torch::jit::load, as a C++ deployment would.
FeatureMatrix runTorchScriptHead(const std::filesystem::path& modulePath, const FeatureMatrix& embeddings);

}  // namespace fewshot::engine
