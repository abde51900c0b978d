#include "model/clip_modules.h"

#include "base/error.h"

namespace fewshot {
namespace {

// Additive causal mask: position i attends to positions 0..i only.
torch::Tensor causalMask(int64_t tokens, const torch::TensorOptions& options)
{
    return torch::full({tokens, tokens}, -std::numeric_limits<float>::infinity(), options).triu(1);
}

}  // namespace

LinearImpl::LinearImpl(int64_t in, int64_t out, bool withBias)
{
    weight = register_parameter("weight", torch::empty({out, in}));
    if (withBias)
        bias = register_parameter("bias", torch::empty({out}));
}

torch::Tensor LinearImpl::forward(const torch::Tensor& x, double inputScale)
{
    if (inputScale == 1.0)
        return torch::nn::functional::linear(x, weight, bias);
    // (scale x) W^T + b in one product: addmm scales the product, not the bias.
    const auto rows = x.reshape({-1, x.size(-1)});
    auto shape = x.sizes().vec();
    shape.back() = weight.size(0);
    const auto product = bias.defined() ? torch::addmm(bias, rows, weight.t(), 1.0, inputScale)
                                        : torch::mm(rows, weight.t()).mul_(inputScale);
    return product.view(shape);
}

EmbeddingImpl::EmbeddingImpl(int64_t count, int64_t width)
{
    weight = register_parameter("weight", torch::empty({count, width}));
}

torch::Tensor EmbeddingImpl::forward(const torch::Tensor& ids)
{
    return weight.index_select(0, ids.reshape({-1})).view({ids.size(0), ids.size(1), weight.size(1)});
}

LayerNormImpl::LayerNormImpl(int64_t width, double epsilon) : eps(epsilon)
{
    weight = register_parameter("weight", torch::ones({width}));
    bias = register_parameter("bias", torch::zeros({width}));
}

torch::Tensor LayerNormImpl::forward(const torch::Tensor& x)
{
    if (x.scalar_type() == torch::kFloat32)
        return torch::layer_norm(x, {weight.size(0)}, weight, bias, eps);
    return torch::layer_norm(x.to(torch::kFloat32), {weight.size(0)}, weight.to(torch::kFloat32),
                             bias.to(torch::kFloat32), eps)
        .to(x.scalar_type());
}

AttentionImpl::AttentionImpl(const TowerConfig& config)
    : numHeads(config.numHeads), headDim(config.hiddenSize / config.numHeads)
{
    const int64_t width = config.hiddenSize;
    k_proj = register_module("k_proj", Linear(width, width));
    v_proj = register_module("v_proj", Linear(width, width));
    q_proj = register_module("q_proj", Linear(width, width));
    out_proj = register_module("out_proj", Linear(width, width));
}

torch::Tensor AttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& mask)
{
    const int64_t batch = x.size(0);
    const int64_t tokens = x.size(1);
    const double scale = 1.0 / std::sqrt(static_cast<double>(headDim));
    // [batch, tokens, width] -> [batch, heads, tokens, headDim]
    auto split = [&](const torch::Tensor& t) {
        return t.view({batch, tokens, numHeads, headDim}).transpose(1, 2);
    };
    if (!torch::GradMode::is_enabled() && x.is_cpu()) {
        torch::Tensor q, k, v;
        if (qkvWeight.defined()) {
            // [batch, tokens, 3, heads, headDim]: q, k and v side by side in each row
            const auto qkv = torch::addmm(qkvBias, x.reshape({-1, numHeads * headDim}), qkvWeight.t())
                                 .view({batch, tokens, 3, numHeads, headDim});
            q = qkv.select(2, 0).transpose(1, 2);
            k = qkv.select(2, 1).transpose(1, 2);
            v = qkv.select(2, 2).transpose(1, 2);
        } else {
            q = split(q_proj->forward(x));
            k = split(k_proj->forward(x));
            v = split(v_proj->forward(x));
        }
        return out_proj->forward(attendPerImage(q.mul_(scale), k, v, mask));
    }

    const auto q = split(q_proj->forward(x) * scale);
    const auto k = split(k_proj->forward(x));
    const auto v = split(v_proj->forward(x));

    auto scores = torch::matmul(q, k.transpose(-2, -1));  // [batch, heads, tokens, tokens]
    if (mask.defined())
        scores = scores + mask;
    // Softmax accumulates in float32 for every activation dtype.
    const auto weights = torch::softmax(scores, -1, torch::kFloat32).to(v.scalar_type());
    // [batch, heads, tokens, headDim] -> [batch, tokens, width]
    const auto context = torch::matmul(weights, v).transpose(1, 2).reshape({batch, tokens, numHeads * headDim});
    return out_proj->forward(context);
}

void AttentionImpl::joinProjections(const torch::TensorOptions& options)
{
    torch::NoGradGuard noGrad;
    const int64_t width = q_proj->weight.size(0);
    qkvWeight = torch::empty({3 * width, q_proj->weight.size(1)}, options);
    qkvBias = torch::empty({3 * width}, options);
    int64_t row = 0;
    for (Linear* projection : {&q_proj, &k_proj, &v_proj}) {
        (*projection)->weight.set_data(qkvWeight.slice(0, row, row + width));
        (*projection)->bias.set_data(qkvBias.slice(0, row, row + width));
        row += width;
    }
}

torch::Tensor AttentionImpl::attendPerImage(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                            const torch::Tensor& mask) const
{
    // One image at a time, the scores of all heads ([heads, tokens, tokens],
    // 4 MiB in float32 for ViT-L/14) stay in the CPU caches between the two
    // products and the softmax. A batch of 8 images' scores (34 MiB) would not.
    const int64_t batch = q.size(0);
    const int64_t tokens = q.size(2);
    auto context = torch::empty({batch, tokens, numHeads, headDim}, q.options());
    for (int64_t i = 0; i < batch; ++i) {
        auto scores = torch::matmul(q[i], k[i].transpose(-2, -1));
        if (mask.defined())
            scores.add_(mask);
        const auto weights = torch::softmax(scores, -1, torch::kFloat32).to(v.scalar_type());
        context[i].copy_(torch::matmul(weights, v[i]).transpose(0, 1));
    }
    return context.view({batch, tokens, numHeads * headDim});
}

MlpImpl::MlpImpl(const TowerConfig& config) : quickGelu(config.hiddenAct == "quick_gelu")
{
    fc1 = register_module("fc1", Linear(config.hiddenSize, config.intermediateSize));
    fc2 = register_module("fc2", Linear(config.intermediateSize, config.hiddenSize));
}

torch::Tensor MlpImpl::forward(const torch::Tensor& x)
{
    auto h = fc1->forward(x);
    if (!quickGelu)
        return fc2->forward(torch::gelu(h));
    // quick_gelu is the sigmoid approximation the original CLIP was trained with.
    if (torch::GradMode::is_enabled())
        return fc2->forward(h * torch::sigmoid(1.702 * h));
    // Without autograd it runs in place as x * sigmoid(a x) = silu(a x) / a,
    // with the division folded into fc2's product: no activation copies.
    constexpr double a = 1.702;
    torch::silu_(h.mul_(a));
    return fc2->forward(h, 1.0 / a);
}

EncoderLayerImpl::EncoderLayerImpl(const TowerConfig& config)
{
    self_attn = register_module("self_attn", Attention(config));
    layer_norm1 = register_module("layer_norm1", LayerNorm(config.hiddenSize, config.layerNormEps));
    mlp = register_module("mlp", Mlp(config));
    layer_norm2 = register_module("layer_norm2", LayerNorm(config.hiddenSize, config.layerNormEps));
}

torch::Tensor EncoderLayerImpl::forward(const torch::Tensor& x, const torch::Tensor& mask)
{
    if (torch::GradMode::is_enabled()) {
        auto h = x + self_attn->forward(layer_norm1->forward(x), mask);
        return h + mlp->forward(layer_norm2->forward(h));
    }
    // The residual sums reuse the block outputs' memory.
    auto h = self_attn->forward(layer_norm1->forward(x), mask).add_(x);
    return mlp->forward(layer_norm2->forward(h)).add_(h);
}

EncoderImpl::EncoderImpl(const TowerConfig& config)
{
    layers = register_module("layers", torch::nn::ModuleList());
    for (int64_t i = 0; i < config.numLayers; ++i)
        layers->push_back(EncoderLayer(config));
}

torch::Tensor EncoderImpl::forward(torch::Tensor x, const torch::Tensor& mask)
{
    for (const auto& layer : *layers)
        x = layer->as<EncoderLayerImpl>()->forward(x, mask);
    return x;
}

TextEmbeddingsImpl::TextEmbeddingsImpl(const TextConfig& config)
{
    token_embedding = register_module("token_embedding", Embedding(config.vocabSize, config.hiddenSize));
    position_embedding = register_module("position_embedding", Embedding(config.maxPositions, config.hiddenSize));
}

torch::Tensor TextEmbeddingsImpl::forward(const torch::Tensor& tokenIds)
{
    const int64_t tokens = tokenIds.size(1);
    const auto& positions = position_embedding->weight;
    return token_embedding->forward(tokenIds).to(positions.scalar_type()) + positions.slice(0, 0, tokens);
}

TextTransformerImpl::TextTransformerImpl(const TextConfig& textConfig) : config(textConfig)
{
    embeddings = register_module("embeddings", TextEmbeddings(config));
    encoder = register_module("encoder", Encoder(config));
    final_layer_norm = register_module("final_layer_norm", LayerNorm(config.hiddenSize, config.layerNormEps));
}

torch::Tensor TextTransformerImpl::forward(const torch::Tensor& tokenIds)
{
    return forwardEmbeddings(embeddings->token_embedding->forward(tokenIds), endPositions(tokenIds));
}

torch::Tensor TextTransformerImpl::forwardEmbeddings(const torch::Tensor& tokenEmbeddings,
                                                     const torch::Tensor& poolAt)
{
    const int64_t batch = tokenEmbeddings.size(0);
    const int64_t tokens = tokenEmbeddings.size(1);
    if (tokens > config.maxPositions)
        throw Error("text of " + std::to_string(tokens) + " tokens is longer than the model's "
                    + std::to_string(config.maxPositions) + " positions");
    // The token embeddings can come in another dtype: the table may stay in
    // the checkpoint's dtype (see ClipModel::load), and prompt learning passes float32.
    const auto& positions = embeddings->position_embedding->weight;
    auto x = tokenEmbeddings.to(positions.scalar_type()) + positions.slice(0, 0, tokens);  // [batch, tokens, width]
    x = encoder->forward(x, causalMask(tokens, x.options()));
    x = final_layer_norm->forward(x);
    return x.index({torch::arange(batch, poolAt.options()), poolAt});
}

torch::Tensor TextTransformerImpl::endPositions(const torch::Tensor& tokenIds) const
{
    // The reference CLIP pools at the end token, the largest id in its
    // vocabulary; Hugging Face keeps that rule when eos_token_id is the
    // placeholder 2 and otherwise looks for the first end token.
    if (config.eosTokenId == 2)
        return tokenIds.argmax(-1);
    const auto isEnd = tokenIds.eq(config.eosTokenId);
    if (!isEnd.any(-1).all().item<bool>())
        throw Error("token ids contain no end token (id " + std::to_string(config.eosTokenId)
                    + " from config.json); the tokenizer does not match the model");
    return isEnd.to(torch::kInt).argmax(-1).to(torch::kLong);
}

VisionEmbeddingsImpl::VisionEmbeddingsImpl(const VisionConfig& visionConfig) : config(visionConfig)
{
    class_embedding = register_parameter("class_embedding", torch::empty({config.hiddenSize}));
    patch_embedding = register_module(
        "patch_embedding",
        torch::nn::Conv2d(torch::nn::Conv2dOptions(config.numChannels, config.hiddenSize, config.patchSize)
                              .stride(config.patchSize)
                              .bias(false)));
    position_embedding = register_module("position_embedding", Embedding(config.numPositions(), config.hiddenSize));
}

torch::Tensor VisionEmbeddingsImpl::forward(const torch::Tensor& pixels)
{
    const int64_t batch = pixels.size(0);
    if (pixels.dim() != 4 || pixels.size(1) != config.numChannels || pixels.size(2) != config.imageSize
        || pixels.size(3) != config.imageSize)
        throw Error("pixel tensor has shape " + c10::str(pixels.sizes()) + ", expected [N, 3, "
                    + std::to_string(config.imageSize) + ", " + std::to_string(config.imageSize) + "]");
    auto patches = patch_embedding->forward(pixels.to(patch_embedding->weight.dtype()));  // [batch, width, grid, grid]
    patches = patches.flatten(2).transpose(1, 2);                                         // [batch, grid*grid, width]
    const auto cls = class_embedding.expand({batch, 1, config.hiddenSize});
    return torch::cat({cls, patches}, 1) + position_embedding->weight;  // [batch, 1 + grid*grid, width]
}

VisionTransformerImpl::VisionTransformerImpl(const VisionConfig& config)
{
    embeddings = register_module("embeddings", VisionEmbeddings(config));
    pre_layrnorm = register_module("pre_layrnorm", LayerNorm(config.hiddenSize, config.layerNormEps));
    encoder = register_module("encoder", Encoder(config));
    post_layernorm = register_module("post_layernorm", LayerNorm(config.hiddenSize, config.layerNormEps));
}

torch::Tensor VisionTransformerImpl::forward(const torch::Tensor& pixels)
{
    auto x = pre_layrnorm->forward(embeddings->forward(pixels));
    x = encoder->forward(x, torch::Tensor());
    return post_layernorm->forward(x.select(1, 0));  // the class token
}

ClipModulesImpl::ClipModulesImpl(const ClipConfig& clipConfig) : config(clipConfig)
{
    text_model = register_module("text_model", TextTransformer(config.text));
    vision_model = register_module("vision_model", VisionTransformer(config.vision));
    visual_projection = register_module("visual_projection", Linear(config.vision.hiddenSize, config.projectionDim, false));
    text_projection = register_module("text_projection", Linear(config.text.hiddenSize, config.projectionDim, false));
    logit_scale = register_parameter("logit_scale", torch::full({}, config.logitScaleInit));
}

torch::Tensor ClipModulesImpl::encodeText(const torch::Tensor& tokenIds)
{
    return text_projection->forward(text_model->forward(tokenIds));
}

torch::Tensor ClipModulesImpl::encodeTextEmbeddings(const torch::Tensor& tokenEmbeddings,
                                                    const torch::Tensor& poolAt)
{
    return text_projection->forward(text_model->forwardEmbeddings(tokenEmbeddings, poolAt));
}

torch::Tensor ClipModulesImpl::encodeImage(const torch::Tensor& pixels)
{
    return visual_projection->forward(vision_model->forward(pixels));
}

torch::Tensor ClipModulesImpl::scale()
{
    return logit_scale.exp().clamp_max(100.0);
}

torch::Tensor ClipModulesImpl::logitsPerImage(const torch::Tensor& pixels, const torch::Tensor& tokenIds)
{
    const auto image = torch::nn::functional::normalize(encodeImage(pixels), torch::nn::functional::NormalizeFuncOptions().dim(-1));
    const auto text = torch::nn::functional::normalize(encodeText(tokenIds), torch::nn::functional::NormalizeFuncOptions().dim(-1));
    // Unclamped, as in the reference forward pass: training clamps the
    // parameter after each step instead, so the gradient reaches it.
    return logit_scale.exp() * torch::matmul(image, text.t());
}

}  // namespace fewshot
