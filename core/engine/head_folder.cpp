#include "engine/head_folder.h"

#include "base/error.h"
#include "base/json_file.h"
#include "engine/safetensors_file.h"
#include "engine/torchscript_head.h"

#include <chrono>
#include <ctime>
#include <random>
#include <system_error>

#ifndef FEWSHOT_VERSION
#define FEWSHOT_VERSION "unknown"
#endif

namespace fewshot::engine {
namespace {

constexpr const char* kFormatName = "fewshot-studio-head";
constexpr int kFormatVersion = 1;

std::string utcTimestamp()
{
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

nlohmann::json nullIfEmpty(const std::string& text)
{
    return text.empty() ? nlohmann::json() : nlohmann::json(text);
}

std::vector<NamedTensor> headTensorsToSave(const ClassifierHead& head)
{
    std::vector<NamedTensor> tensors = {
        {"weight", {head.weight.rows, head.weight.cols}, head.weight.values},
        {"bias", {head.classCount()}, head.bias},
    };
    if (head.hasCache()) {
        tensors.push_back({"cache_keys", {head.cacheKeys.rows, head.cacheKeys.cols}, head.cacheKeys.values});
        tensors.push_back({"cache_values", {head.cacheValues.rows, head.cacheValues.cols}, head.cacheValues.values});
        tensors.push_back({"cache_alpha", {}, {head.cacheAlpha}});
        tensors.push_back({"cache_beta", {}, {head.cacheBeta}});
    }
    return tensors;
}

nlohmann::json metadataJson(const ClassifierHead& head, const HeadDescription& description)
{
    return {
        {"format", kFormatName},
        {"format_version", kFormatVersion},
        {"program", "FewShot Studio"},
        {"program_version", FEWSHOT_VERSION},
        {"date", utcTimestamp()},
        {"method", description.method},
        {"class_names", description.classNames},
        {"class_count", head.classCount()},
        {"embedding_dimension", head.dimension()},
        {"templates", description.templates},
        {"clip_model_name", nullIfEmpty(description.clipModelName)},
        {"clip_model_fingerprint", nullIfEmpty(description.clipModelFingerprint)},
        {"preprocessing", description.preprocessing},
        {"hyperparameters", description.hyperparameters},
        {"metrics", description.metrics},
        {"training", description.training},
        {"head", {{"input", "image embeddings [N, D] of the CLIP model above; rows are L2-normalized first"},
                  {"output", "class probabilities [N, C], columns in class_names order"},
                  {"formula", head.hasCache()
                                  ? "softmax(x W^T + b + alpha * exp(-beta * (1 - x K^T)) V)"
                                  : "softmax(x W^T + b)"}}},
    };
}

std::string readmeText(const ClassifierHead& head, const HeadDescription& description)
{
    std::string text = "# Few-shot classifier head\n\n";
    text += "Trained with the `" + description.method + "` method of FewShot Studio " FEWSHOT_VERSION ". ";
    text += "It maps CLIP image embeddings (" + std::to_string(head.dimension()) + " dimensions";
    if (!description.clipModelName.empty())
        text += ", model `" + description.clipModelName + "`";
    text += ") to probabilities over " + std::to_string(head.classCount())
            + " classes, listed in `metadata.json` under `class_names`.\n\n"
              "Use embeddings from the same CLIP model and preprocessing that the head was trained on; "
              "rows are L2-normalized inside, so raw embeddings are fine.\n\n"
              "## Files\n\n"
              "- `head.pt`: TorchScript module, `forward(embeddings [N, D]) -> probabilities [N, C]`.\n"
              "- `head.safetensors`: the same weights as plain float32 arrays (`weight`, `bias`";
    if (head.hasCache())
        text += ", `cache_keys`, `cache_values`, `cache_alpha`, `cache_beta`";
    text += ").\n- `metadata.json`: classes, method, hyperparameters, metrics, model and creation time.\n\n"
            "The probabilities are `" + metadataJson(head, description)["head"]["formula"].get<std::string>()
            + "` for L2-normalized embeddings `x`.\n\n"
              "## Python\n\n"
              "```python\n"
              "import json, torch\n"
              "head = torch.jit.load(\"head.pt\")\n"
              "classes = json.load(open(\"metadata.json\"))[\"class_names\"]\n"
              "probabilities = head(embeddings)  # embeddings: float32 tensor [N, D]\n"
              "predicted = [classes[i] for i in probabilities.argmax(dim=1).tolist()]\n"
              "```\n\n"
              "## C++ (LibTorch)\n\n"
              "```cpp\n"
              "#include <torch/script.h>\n\n"
              "torch::jit::Module head = torch::jit::load(\"head.pt\");\n"
              "torch::Tensor probabilities = head.forward({embeddings}).toTensor();  // [N, C]\n"
              "torch::Tensor predicted = probabilities.argmax(1);\n"
              "```\n";
    return text;
}

std::filesystem::path siblingPath(const std::filesystem::path& folder, const std::string& tag)
{
    std::random_device device;
    return folder.parent_path() / (folder.filename().string() + "." + tag + "-" + std::to_string(device() % 1000000));
}

// Moves the finished temporary folder to `folder`, replacing an earlier export.
void moveIntoPlace(const std::filesystem::path& temporary, const std::filesystem::path& folder)
{
    std::filesystem::path previous;
    if (std::filesystem::exists(folder)) {
        previous = siblingPath(folder, "previous");
        std::filesystem::rename(folder, previous);
    }
    std::error_code error;
    std::filesystem::rename(temporary, folder, error);
    if (error) {
        if (!previous.empty())
            std::filesystem::rename(previous, folder);
        throw Error(folder.string() + ": could not move the export into place: " + error.message());
    }
    if (!previous.empty())
        std::filesystem::remove_all(previous, error);
}

void checkReplaceable(const std::filesystem::path& folder)
{
    if (!std::filesystem::exists(folder))
        return;
    if (!std::filesystem::is_directory(folder))
        throw Error(folder.string() + " exists and is not a folder; choose another output path");
    if (!std::filesystem::is_empty(folder) && !std::filesystem::exists(folder / "metadata.json"))
        throw Error(folder.string() + " is a non-empty folder that is not a head export; "
                    "choose a new or empty output folder");
}

}  // namespace

std::string encodeHeadWeights(const ClassifierHead& head, const std::string& method)
{
    return encodeSafetensors(headTensorsToSave(head), {{"format", kFormatName}, {"method", method}});
}

ClassifierHead decodeHeadWeights(const std::string& bytes, const std::string& name)
{
    ClassifierHead head;
    for (NamedTensor& tensor : decodeSafetensors(bytes, name)) {
        const auto matrix = [&]() {
            if (tensor.shape.size() != 2)
                throw Error(name + ": tensor '" + tensor.name + "' must have 2 dimensions");
            return FeatureMatrix(tensor.shape[0], tensor.shape[1], std::move(tensor.values));
        };
        if (tensor.name == "weight")
            head.weight = matrix();
        else if (tensor.name == "bias")
            head.bias = std::move(tensor.values);
        else if (tensor.name == "cache_keys")
            head.cacheKeys = matrix();
        else if (tensor.name == "cache_values")
            head.cacheValues = matrix();
        else if (tensor.name == "cache_alpha" && tensor.values.size() == 1)
            head.cacheAlpha = tensor.values[0];
        else if (tensor.name == "cache_beta" && tensor.values.size() == 1)
            head.cacheBeta = tensor.values[0];
        else
            throw Error(name + ": unexpected tensor '" + tensor.name + "'");
    }
    try {
        head.validate();
    } catch (const Error& e) {
        throw Error(name + ": " + e.what());
    }
    return head;
}

nlohmann::json headDescriptionToJson(const HeadDescription& description)
{
    return {
        {"method", description.method},
        {"class_names", description.classNames},
        {"templates", description.templates},
        {"clip_model_name", description.clipModelName},
        {"clip_model_fingerprint", description.clipModelFingerprint},
        {"preprocessing", description.preprocessing},
        {"hyperparameters", description.hyperparameters},
        {"metrics", description.metrics},
        {"training", description.training},
    };
}

HeadDescription headDescriptionFromJson(const nlohmann::json& json)
{
    HeadDescription description;
    try {
        description.method = json.at("method").get<std::string>();
        description.classNames = json.at("class_names").get<std::vector<std::string>>();
        description.templates = json.at("templates").get<std::vector<std::string>>();
        description.clipModelName = json.at("clip_model_name").get<std::string>();
        description.clipModelFingerprint = json.at("clip_model_fingerprint").get<std::string>();
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("invalid head description: ") + e.what());
    }
    description.preprocessing = json.value("preprocessing", nlohmann::json());
    description.hyperparameters = json.value("hyperparameters", nlohmann::json());
    description.metrics = json.value("metrics", nlohmann::json());
    description.training = json.value("training", nlohmann::json());
    return description;
}

void exportHeadFolder(const std::filesystem::path& folder, const ClassifierHead& head,
                      const HeadDescription& description)
{
    head.validate();
    if (static_cast<int64_t>(description.classNames.size()) != head.classCount())
        throw Error("got " + std::to_string(description.classNames.size()) + " class names for a head with "
                    + std::to_string(head.classCount()) + " classes");
    const std::filesystem::path target = std::filesystem::absolute(folder).lexically_normal();
    const std::filesystem::path temporary = siblingPath(target, "partial");
    try {
        // Inside the try, so that a missing permission or a read-only disk
        // here is reported as an Error like the failures below.
        checkReplaceable(target);
        std::filesystem::create_directories(target.parent_path());
        std::filesystem::create_directory(temporary);
        writeFileAtomically(temporary / "head.safetensors", encodeHeadWeights(head, description.method));
        detail::saveTorchScriptHead(head, description.classNames, temporary / "head.pt");
        writeFileAtomically(temporary / "metadata.json", metadataJson(head, description).dump(2) + "\n");
        writeFileAtomically(temporary / "README.md", readmeText(head, description));
        moveIntoPlace(temporary, target);
    } catch (const std::filesystem::filesystem_error& e) {
        std::error_code ignored;
        std::filesystem::remove_all(temporary, ignored);
        throw Error(target.string() + ": could not write the head export: " + e.what());
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove_all(temporary, ignored);
        throw;
    }
}

LoadedHead loadHeadFolder(const std::filesystem::path& folder)
{
    LoadedHead loaded;
    loaded.metadata = readJsonFile(folder / "metadata.json");
    if (loaded.metadata.value("format", std::string()) != kFormatName)
        throw Error((folder / "metadata.json").string() + ": not a FewShot Studio head export (\"format\" is not \""
                    + kFormatName + "\")");
    try {
        loaded.classNames = loaded.metadata.at("class_names").get<std::vector<std::string>>();
    } catch (const nlohmann::json::exception&) {
        throw Error((folder / "metadata.json").string() + ": \"class_names\" must be a list of strings");
    }

    const std::filesystem::path weightsPath = folder / "head.safetensors";
    loaded.head = decodeHeadWeights(readFileBytes(weightsPath), weightsPath.string());
    if (static_cast<int64_t>(loaded.classNames.size()) != loaded.head.classCount())
        throw Error(folder.string() + ": metadata.json lists " + std::to_string(loaded.classNames.size())
                    + " classes but head.safetensors has " + std::to_string(loaded.head.classCount()));
    return loaded;
}

FeatureMatrix predictWithHeadFolder(const std::filesystem::path& folder, const FeatureMatrix& embeddings)
{
    return predictProbabilities(loadHeadFolder(folder).head, embeddings);
}

}  // namespace fewshot::engine
