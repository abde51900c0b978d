#include "engine/head_folder.h"

#include "base/error.h"
#include "base/json_file.h"
#include "engine/safetensors_file.h"
#include "engine/torchscript_head.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
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

std::vector<NamedTensor> headTensorsToSave(const ClassifierHead& head, const std::string& prefix = {})
{
    std::vector<NamedTensor> tensors;
    if (head.isEnsemble()) {
        for (size_t i = 0; i < head.members.size(); ++i)
            for (NamedTensor& tensor : headTensorsToSave(head.members[i], "members." + std::to_string(i) + "."))
                tensors.push_back(std::move(tensor));
        return tensors;
    }
    tensors.push_back({prefix + "weight", {head.weight.rows, head.weight.cols}, head.weight.values});
    tensors.push_back({prefix + "bias", {head.classCount()}, head.bias});
    if (head.hasCache()) {
        tensors.push_back({prefix + "cache_keys", {head.cacheKeys.rows, head.cacheKeys.cols}, head.cacheKeys.values});
        tensors.push_back({prefix + "cache_values", {head.cacheValues.rows, head.cacheValues.cols}, head.cacheValues.values});
        tensors.push_back({prefix + "cache_alpha", {}, {head.cacheAlpha}});
        tensors.push_back({prefix + "cache_beta", {}, {head.cacheBeta}});
    }
    return tensors;
}

std::string headFormula(const ClassifierHead& head)
{
    if (head.isEnsemble())
        return "mean over members m of the member's probabilities (tensors prefixed members.m.)";
    return head.hasCache() ? "softmax(x W^T + b + alpha * exp(-beta * (1 - x K^T)) V)" : "softmax(x W^T + b)";
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
                  {"formula", headFormula(head)}}},
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
              "- `head.safetensors`: the same weights as plain float32 arrays (";
    if (head.isEnsemble())
        text += "each of the " + std::to_string(head.members.size())
                + " ensemble members' arrays prefixed with `members.0.`, `members.1.` and so on: ";
    text += "`weight`, `bias`";
    if (head.hasCache() || std::any_of(head.members.begin(), head.members.end(),
                                       [](const ClassifierHead& member) { return member.hasCache(); }))
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
    std::map<size_t, ClassifierHead> members;
    for (NamedTensor& tensor : decodeSafetensors(bytes, name)) {
        const auto matrix = [&]() {
            if (tensor.shape.size() != 2)
                throw Error(name + ": tensor '" + tensor.name + "' must have 2 dimensions");
            return FeatureMatrix(tensor.shape[0], tensor.shape[1], std::move(tensor.values));
        };
        // "members.<i>.<field>" belongs to ensemble member i.
        ClassifierHead* target = &head;
        std::string field = tensor.name;
        if (field.rfind("members.", 0) == 0) {
            const size_t dot = field.find('.', 8);
            const std::string index = field.substr(8, dot == std::string::npos ? 0 : dot - 8);
            if (dot == std::string::npos || index.empty() || index.size() > 4
                || index.find_first_not_of("0123456789") != std::string::npos)
                throw Error(name + ": unexpected tensor '" + tensor.name + "'");
            target = &members[static_cast<size_t>(std::stoul(index))];
            field = field.substr(dot + 1);
        }
        if (field == "weight")
            target->weight = matrix();
        else if (field == "bias")
            target->bias = std::move(tensor.values);
        else if (field == "cache_keys")
            target->cacheKeys = matrix();
        else if (field == "cache_values")
            target->cacheValues = matrix();
        else if (field == "cache_alpha" && tensor.values.size() == 1)
            target->cacheAlpha = tensor.values[0];
        else if (field == "cache_beta" && tensor.values.size() == 1)
            target->cacheBeta = tensor.values[0];
        else
            throw Error(name + ": unexpected tensor '" + tensor.name + "'");
    }
    size_t expected = 0;
    for (auto& [index, member] : members) {
        if (index != expected++)
            throw Error(name + ": ensemble member " + std::to_string(expected - 1) + " is missing");
        head.members.push_back(std::move(member));
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
    std::filesystem::path target = std::filesystem::absolute(folder).lexically_normal();
    // "head/", "head/." and ".." normalize to a path that ends in a separator
    // and has an empty file name. The separator is dropped, because with it the
    // temporary folder would be created inside the export folder instead of
    // next to it, and rename fails with EINVAL on moving a folder into itself.
    if (!target.has_filename() && target.has_relative_path())
        target = target.parent_path();
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
