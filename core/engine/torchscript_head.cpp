// The exported head as a TorchScript module, built in C++ with
// torch::jit::Module::define so that no Python is involved. Its arrays are
// buffers and its scalars attributes, so users can inspect them after
// torch.jit.load.

#include "engine/torchscript_head.h"

#include "base/error.h"
#include "engine/head_folder.h"
#include "engine/torch_support.h"

#include <torch/script.h>

namespace fewshot::engine {
namespace detail {
namespace {

// TorchScript source of forward(). The input is converted to float32 and its
// rows are L2-normalized (a no-op for normalized input), as predictProbabilities does.
constexpr const char* kLinearForward = R"(
def forward(self, embeddings: Tensor) -> Tensor:
    x = embeddings.to(self.weight.dtype)
    x = x / x.norm(2.0, [-1], True).clamp_min(1e-12)
    logits = torch.matmul(x, self.weight.t()) + self.bias
    return torch.softmax(logits, -1)
)";

constexpr const char* kCacheForward = R"(
def forward(self, embeddings: Tensor) -> Tensor:
    x = embeddings.to(self.weight.dtype)
    x = x / x.norm(2.0, [-1], True).clamp_min(1e-12)
    logits = torch.matmul(x, self.weight.t()) + self.bias
    affinity = torch.exp(-self.cache_beta * (1.0 - torch.matmul(x, self.cache_keys.t())))
    logits = logits + self.cache_alpha * torch.matmul(affinity, self.cache_values)
    return torch.softmax(logits, -1)
)";

// A module computing one head's probabilities; an ensemble's members become
// submodules member0, member1, ... whose probabilities it averages.
torch::jit::Module buildModule(const ClassifierHead& head, const std::vector<std::string>* classNames,
                               const std::string& typeName = "FewShotHead")
{
    torch::jit::Module module(typeName);
    if (classNames != nullptr) {  // members leave the names to the ensemble
        c10::List<std::string> names;
        for (const std::string& name : *classNames)
            names.push_back(name);
        module.register_attribute("class_names", c10::ListType::ofStrings(), names);
    }
    if (head.isEnsemble()) {
        std::string source = "\ndef forward(self, embeddings: Tensor) -> Tensor:\n";
        for (size_t i = 0; i < head.members.size(); ++i) {
            const std::string name = "member" + std::to_string(i);
            // Each member needs a TorchScript class of its own name.
            module.register_module(name, buildModule(head.members[i], nullptr, "FewShotHeadMember" + std::to_string(i)));
            source += std::string(i == 0 ? "    p = " : "    p = p + ") + "self." + name + ".forward(embeddings)\n";
        }
        source += "    return p / " + std::to_string(head.members.size()) + ".0\n";
        module.define(source);
        return module;
    }
    const HeadTensors tensors = headTensors(head);
    module.register_buffer("weight", tensors.weight);
    module.register_buffer("bias", tensors.bias);
    if (head.hasCache()) {
        module.register_buffer("cache_keys", tensors.cacheKeys);
        module.register_buffer("cache_values", tensors.cacheValues);
        module.register_attribute("cache_alpha", c10::FloatType::get(), tensors.alpha);
        module.register_attribute("cache_beta", c10::FloatType::get(), tensors.beta);
        module.define(kCacheForward);
    } else {
        module.define(kLinearForward);
    }
    return module;
}

}  // namespace

void saveTorchScriptHead(const ClassifierHead& head, const std::vector<std::string>& classNames,
                         const std::filesystem::path& path)
{
    try {
        buildModule(head, &classNames).save(path.string());
    } catch (const c10::Error& e) {
        throw Error(path.string() + ": could not build or save the TorchScript head: " + e.what_without_backtrace());
    }
}

}  // namespace detail

FeatureMatrix runTorchScriptHead(const std::filesystem::path& modulePath, const FeatureMatrix& embeddings)
{
    try {
        torch::NoGradGuard noGrad;
        torch::jit::Module module = torch::jit::load(modulePath.string());
        module.eval();
        const torch::Tensor input = detail::borrowTensor(embeddings).clone();
        return detail::toMatrix(module.forward({input}).toTensor());
    } catch (const c10::Error& e) {
        throw Error(modulePath.string() + ": could not load or run the TorchScript head: "
                    + e.what_without_backtrace());
    }
}

}  // namespace fewshot::engine
