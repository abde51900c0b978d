#pragma once

// The CLIP towers as LibTorch modules. Module and parameter names mirror the
// Hugging Face CLIPModel checkpoint keys, so named_parameters() yields
// "text_model.encoder.layers.0.self_attn.q_proj.weight" and so on.
// ref: transformers/models/clip/modeling_clip.py (CLIPModel and its parts).
// This header includes LibTorch: only model, engine and test code include it.

#include "model/clip_config.h"

#include <torch/torch.h>

namespace fewshot {

// Linear layer whose parameters are created empty: weights always come from
// a checkpoint, so random initialization would only waste load time.
struct LinearImpl : torch::nn::Module {
    LinearImpl(int64_t in, int64_t out, bool withBias = true);
    // Returns (inputScale * x) W^T + b. With a bias, addmm applies the scale
    // inside the product, so it costs no extra pass over the output.
    torch::Tensor forward(const torch::Tensor& x, double inputScale = 1.0);
    torch::Tensor weight, bias;
};
TORCH_MODULE(Linear);

// Lookup table whose weight is created empty, for the same reason.
struct EmbeddingImpl : torch::nn::Module {
    EmbeddingImpl(int64_t count, int64_t width);
    torch::Tensor forward(const torch::Tensor& ids);
    torch::Tensor weight;
};
TORCH_MODULE(Embedding);

// Layer norm computed in float32 whatever the activation dtype, so bfloat16
// and float16 inference keep float32 accuracy in the statistics.
struct LayerNormImpl : torch::nn::Module {
    LayerNormImpl(int64_t width, double eps);
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor weight, bias;
    double eps;
};
TORCH_MODULE(LayerNorm);

struct AttentionImpl : torch::nn::Module {
    AttentionImpl(const TowerConfig& config);
    // x: [batch, tokens, width]; mask: additive [tokens, tokens] or undefined.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask);
    // Computes scaled dot-product attention image by image, for inference.
    // q (already scaled), k and v are [batch, heads, tokens, headDim]. Returns
    // [batch, tokens, width].
    torch::Tensor attendPerImage(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                 const torch::Tensor& mask) const;
    // Allocates the q, k and v weights and biases as slices of one joined
    // tensor each, so inference runs one [3 width, width] matrix product,
    // which is faster than three. The parameters keep their names and shapes,
    // so loading, training and saving see them as before. Their values are
    // uninitialized until the caller copies the weights into them.
    void joinProjections(const torch::TensorOptions& options);
    int64_t numHeads, headDim;
    Linear q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr}, out_proj{nullptr};
    torch::Tensor qkvWeight, qkvBias;  // undefined until joinProjections()
};
TORCH_MODULE(Attention);

struct MlpImpl : torch::nn::Module {
    MlpImpl(const TowerConfig& config);
    torch::Tensor forward(const torch::Tensor& x);
    bool quickGelu;
    Linear fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(Mlp);

// One pre-norm transformer block, shared by the text and vision towers.
struct EncoderLayerImpl : torch::nn::Module {
    EncoderLayerImpl(const TowerConfig& config);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask);
    Attention self_attn{nullptr};
    LayerNorm layer_norm1{nullptr};
    Mlp mlp{nullptr};
    LayerNorm layer_norm2{nullptr};
};
TORCH_MODULE(EncoderLayer);

struct EncoderImpl : torch::nn::Module {
    EncoderImpl(const TowerConfig& config);
    torch::Tensor forward(torch::Tensor x, const torch::Tensor& mask);
    torch::nn::ModuleList layers;
};
TORCH_MODULE(Encoder);

struct TextEmbeddingsImpl : torch::nn::Module {
    TextEmbeddingsImpl(const TextConfig& config);
    torch::Tensor forward(const torch::Tensor& tokenIds);
    Embedding token_embedding{nullptr}, position_embedding{nullptr};
};
TORCH_MODULE(TextEmbeddings);

struct TextTransformerImpl : torch::nn::Module {
    TextTransformerImpl(const TextConfig& config);
    // tokenIds: [batch, tokens] int64. Returns pooled features [batch, width].
    torch::Tensor forward(const torch::Tensor& tokenIds);
    // The same from token embeddings [batch, tokens, width] (before the
    // position embeddings are added), pooled at the positions poolAt [batch] int64.
    // Prompt learning feeds learned vectors in place of some tokens this way.
    torch::Tensor forwardEmbeddings(const torch::Tensor& tokenEmbeddings, const torch::Tensor& poolAt);
    // The position of the end token in each row of tokenIds, by the rule of
    // the checkpoint (see forward). Throws Error when a row has none.
    torch::Tensor endPositions(const torch::Tensor& tokenIds) const;
    TextConfig config;
    TextEmbeddings embeddings{nullptr};
    Encoder encoder{nullptr};
    LayerNorm final_layer_norm{nullptr};
};
TORCH_MODULE(TextTransformer);

struct VisionEmbeddingsImpl : torch::nn::Module {
    VisionEmbeddingsImpl(const VisionConfig& config);
    torch::Tensor forward(const torch::Tensor& pixels);
    VisionConfig config;
    torch::Tensor class_embedding;
    torch::nn::Conv2d patch_embedding{nullptr};
    Embedding position_embedding{nullptr};
};
TORCH_MODULE(VisionEmbeddings);

struct VisionTransformerImpl : torch::nn::Module {
    VisionTransformerImpl(const VisionConfig& config);
    // pixels: [batch, 3, size, size]. Returns pooled features [batch, width].
    torch::Tensor forward(const torch::Tensor& pixels);
    VisionEmbeddings embeddings{nullptr};
    LayerNorm pre_layrnorm{nullptr};  // sic: the checkpoint key is spelled so
    Encoder encoder{nullptr};
    LayerNorm post_layernorm{nullptr};
};
TORCH_MODULE(VisionTransformer);

struct ClipModulesImpl : torch::nn::Module {
    explicit ClipModulesImpl(const ClipConfig& config);
    // Projected, not normalized features [batch, projectionDim].
    torch::Tensor encodeText(const torch::Tensor& tokenIds);
    torch::Tensor encodeImage(const torch::Tensor& pixels);
    // Projected text features from token embeddings; see TextTransformerImpl::forwardEmbeddings.
    torch::Tensor encodeTextEmbeddings(const torch::Tensor& tokenEmbeddings, const torch::Tensor& poolAt);
    // exp(logit_scale), clamped at 100 as the reference does.
    torch::Tensor scale();
    // exp(logit_scale) * cosine similarity, images by texts, for training.
    torch::Tensor logitsPerImage(const torch::Tensor& pixels, const torch::Tensor& tokenIds);

    ClipConfig config;
    TextTransformer text_model{nullptr};
    VisionTransformer vision_model{nullptr};
    Linear visual_projection{nullptr}, text_projection{nullptr};
    torch::Tensor logit_scale;
};
TORCH_MODULE(ClipModules);

}  // namespace fewshot
