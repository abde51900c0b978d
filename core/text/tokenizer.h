#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace fewshot {

// CLIP's byte-level BPE tokenizer. Gives the same ids as the reference
// tokenizer of OpenAI's `clip` package (simple_tokenizer.py) for any UTF-8 text.
class Tokenizer {
public:
    // Loads `vocab.json` and `merges.txt` from a folder.
    // Throws Error naming the file when either is missing or malformed.
    static Tokenizer fromFolder(const std::string& folder);
    static Tokenizer fromFiles(const std::string& vocabPath, const std::string& mergesPath);

    Tokenizer(Tokenizer&&) noexcept;
    Tokenizer& operator=(Tokenizer&&) noexcept;
    ~Tokenizer();

    // Encodes text to BPE ids without start and end tokens.
    // Throws Error when the text is not valid UTF-8.
    std::vector<int64_t> encode(const std::string& utf8Text) const;

    // Encodes text with the start and end tokens; text longer than
    // `contextLength` is truncated with the end token kept last. Not padded.
    std::vector<int64_t> tokenize(const std::string& utf8Text, int contextLength = 77) const;

    // Writes vocab.json and merges.txt for a byte-level vocabulary without
    // merges: ids 0..255 are the bytes, 256..511 the bytes ending a word, and
    // the start and end tokens take the last two ids below `vocabSize`. For
    // models with random weights, whose tokenizer only needs the right shape.
    static void writeByteLevelVocabulary(const std::string& folder, int64_t vocabSize);

    int64_t startToken() const;  // id of <|startoftext|>
    int64_t endToken() const;    // id of <|endoftext|>
    int64_t vocabSize() const;  // largest id plus one, the rows an embedding table needs

private:
    struct Data;
    explicit Tokenizer(std::unique_ptr<Data> data);
    std::unique_ptr<Data> d;
};

}  // namespace fewshot
