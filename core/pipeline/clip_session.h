#pragma once

#include "image/preprocess.h"
#include "model/clip_model.h"
#include "text/tokenizer.h"

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace fewshot {

struct SessionOptions {
    ModelOptions model;
    // Folder with vocab.json and merges.txt when the checkpoint ships none.
    std::string tokenizerFolder;
    // Images per model call. On a 2-core CPU, ViT-L/14 encoded 0.93 images/s
    // at 8, 0.89 at 4 and 0.86 at 16 (fewshot bench).
    int batchSize = 8;
    ImageReadOptions imageRead;
};

// Called for each image that cannot be read: its index in the input list and
// the message. Processing goes on with the other images.
using ImageErrorHandler = std::function<void(size_t index, const std::string& message)>;

// Embeddings of the images that could be read, in input order.
struct ImageEmbeddings {
    std::vector<float> values;       // [indices.size(), dim]
    std::vector<size_t> indices;     // positions in the input list
    int64_t dim = 0;
    // Images per model call when the last batch ran. Smaller than
    // SessionOptions::batchSize after a batch ran out of memory and was split.
    int batchSize = 0;
};

// Zero-shot scores of images against classes.
struct ZeroShotResult {
    std::vector<float> logits;         // [images, classes]
    std::vector<float> probabilities;  // [images, classes]
    int64_t classes = 0;
};

// Returns the key under which a project caches image embeddings made with
// this preprocessing. The cached vectors depend on the whole transform, so all
// of it goes into the key. The desktop application and `fewshot` share it, so
// both reuse each other's cached vectors.
std::string preprocessCacheKey(const PreprocessConfig& preprocess);

// Reads a checkpoint folder's preprocessing: preprocessor_config.json, or
// OpenCLIP's preprocess_cfg, or CLIP's values at the model's image size.
// Throws Error naming the file when it is invalid or its crop size does not
// match the model.
PreprocessConfig readPreprocessConfig(const std::string& folder, int64_t imageSize);

// A checkpoint folder ready to use: the model, its tokenizer and its
// preprocessing. The one object the command line and the GUI use to turn files
// and texts into embeddings.
class ClipSession {
public:
    // Loads the model, the tokenizer (from the folder, or options.tokenizerFolder)
    // and preprocessor_config.json (CLIP's values at the model's image size when
    // absent). Throws Error naming the file when anything is missing or invalid.
    static std::unique_ptr<ClipSession> open(const std::string& folder, const SessionOptions& options = {});

    ClipModel& model() const { return *model_; }
    const Tokenizer& tokenizer() const { return *tokenizer_; }
    const PreprocessConfig& preprocessConfig() const { return preprocess_; }
    const SessionOptions& options() const { return options_; }

    // Reads and preprocesses one image file: float32 [3, S, S].
    std::vector<float> preprocessFile(const std::string& path) const;

    // Encodes image files in batches; unreadable ones go to onError and are left out.
    // A batch that runs out of memory is split in halves until it fits, and
    // later calls keep the smaller size. Throws OutOfMemoryError when even
    // one image does not fit.
    ImageEmbeddings encodeImageFiles(const std::vector<std::string>& paths, const ImageErrorHandler& onError) const;

    // Encodes texts in batches ([texts, dim], not normalized). Embeddings are
    // cached by text for the lifetime of the session.
    std::vector<float> encodeTexts(const std::vector<std::string>& texts) const;

    // Class embeddings by prompt ensembling over templates ("{}" marks the class
    // name): [classes, dim], L2-normalized.
    std::vector<float> classEmbeddings(const std::vector<std::string>& classNames,
                                       const std::vector<std::string>& templates) const;

    // Scores image embeddings against normalized class embeddings.
    ZeroShotResult zeroShot(const std::vector<float>& imageEmbeddings, const std::vector<float>& classEmbeddings) const;

private:
    ClipSession() = default;
    std::vector<float> encodeImageBatch(const float* pixels, int64_t count) const;

    SessionOptions options_;
    // The batch size in use: options_.batchSize until a batch runs out of memory.
    mutable std::atomic<int> batchLimit_{1};
    std::unique_ptr<ClipModel> model_;
    std::optional<Tokenizer> tokenizer_;
    PreprocessConfig preprocess_;
    mutable std::mutex cacheMutex_;
    mutable std::map<std::string, std::vector<float>> textCache_;
};

}  // namespace fewshot
