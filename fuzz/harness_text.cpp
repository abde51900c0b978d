// Harnesses for the tokenizer: encoding arbitrary bytes, and loading
// vocab.json and merges.txt.

#include "fuzz_support.h"
#include "harnesses.h"

#include "base/error.h"
#include "text/bpe_trainer.h"
#include "text/tokenizer.h"

#include <string>
#include <vector>

namespace fewshot::fuzz {
namespace {

// A real BPE vocabulary with merges, learned once per process from a few
// captions, so encode() runs the merge loop and not only byte tokens.
const Tokenizer& learnedTokenizer()
{
    static const Tokenizer tokenizer = [] {
        const std::vector<std::string> captions = {
            "a photo of a cat.", "a photo of a dog on the grass.", "a scratch on the metal surface",
            "a dent in the car door", "a photo of the defect", "it's a cat's toy, isn't it?",
            "Ein Foto einer Katze.", "猫の写真", "une photo d'un chat", "2 cats and 3 dogs",
            "a photo of a cat.", "a photo of a dog on the grass.", "a scratch on the metal surface"};
        BpeTrainingOptions options;
        options.maxVocabSize = 700;
        const BpeVocabulary vocabulary = learnBpeVocabulary(captions, options);
        const auto folder = scratchFolder() / "learned-vocabulary";
        std::filesystem::create_directories(folder);
        writeBpeVocabulary(vocabulary, folder.string());
        return Tokenizer::fromFolder(folder.string());
    }();
    return tokenizer;
}

}  // namespace

int fuzzTokenizerEncode(const uint8_t* data, size_t size)
{
    const Tokenizer& tokenizer = learnedTokenizer();
    const std::string text(asText(data, size));
    try {
        tokenizer.encode(text);
        tokenizer.tokenize(text, 77);
    } catch (const Error&) {
    }
    return 0;
}

int fuzzTokenizerFiles(const uint8_t* data, size_t size)
{
    const InputParts parts = splitAtNul(asText(data, size));
    const auto vocab = writeScratchFile("vocab.json", parts.first);
    const auto merges = writeScratchFile("merges.txt", parts.second);
    try {
        const Tokenizer tokenizer = Tokenizer::fromFiles(vocab.string(), merges.string());
        // Encode text whose words the merges may join, to use what was loaded.
        tokenizer.tokenize("a photo of a cat, the dog's toy. <|endoftext|>", 77);
    } catch (const Error&) {
    }
    return 0;
}

}  // namespace fewshot::fuzz
