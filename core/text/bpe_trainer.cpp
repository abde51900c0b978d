#include "text/bpe_trainer.h"

#include "base/error.h"
#include "base/json_file.h"
#include "text/pre_tokenizer.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <set>

namespace fewshot {
namespace {

constexpr const char* kEndOfWord = "</w>";
constexpr int64_t kByteTokens = 512;   // the byte symbols, alone and ending a word
constexpr int64_t kSpecialTokens = 2;  // <|startoftext|> and <|endoftext|>

struct SpelledWord {
    std::vector<std::string> symbols;
    int64_t count = 0;
};

using SymbolPair = std::pair<std::string, std::string>;

// Counts the words of all texts and spells each in CLIP's byte alphabet.
std::vector<SpelledWord> spellCorpus(const std::vector<std::string>& texts)
{
    std::map<std::string, int64_t> counts;  // ordered, so the spelling order is fixed
    for (const std::string& text : texts)
        for (const std::string& word : text::preTokenize(text))
            ++counts[word];

    const auto& symbols = text::byteSymbols();
    std::vector<SpelledWord> words;
    words.reserve(counts.size());
    for (const auto& [word, count] : counts) {
        SpelledWord spelled;
        spelled.count = count;
        for (const char byte : word)
            spelled.symbols.push_back(symbols[static_cast<unsigned char>(byte)]);
        spelled.symbols.back() += kEndOfWord;
        words.push_back(std::move(spelled));
    }
    return words;
}

std::map<SymbolPair, int64_t> countPairs(const std::vector<SpelledWord>& words)
{
    std::map<SymbolPair, int64_t> pairs;
    for (const SpelledWord& word : words)
        for (size_t i = 0; i + 1 < word.symbols.size(); ++i)
            pairs[{word.symbols[i], word.symbols[i + 1]}] += word.count;
    return pairs;
}

// Replaces each occurrence of the pair, left to right, as the tokenizer's merge step does.
void applyMerge(std::vector<SpelledWord>& words, const SymbolPair& pair)
{
    for (SpelledWord& word : words) {
        std::vector<std::string> merged;
        merged.reserve(word.symbols.size());
        for (size_t i = 0; i < word.symbols.size(); ++i) {
            if (i + 1 < word.symbols.size() && word.symbols[i] == pair.first && word.symbols[i + 1] == pair.second) {
                merged.push_back(pair.first + pair.second);
                ++i;
            } else {
                merged.push_back(word.symbols[i]);
            }
        }
        word.symbols = std::move(merged);
    }
}

}  // namespace

BpeVocabulary learnBpeVocabulary(const std::vector<std::string>& texts, const BpeTrainingOptions& options)
{
    if (options.maxVocabSize < kByteTokens + kSpecialTokens)
        throw Error("a BPE vocabulary needs at least " + std::to_string(kByteTokens + kSpecialTokens)
                    + " tokens, got a maximum of " + std::to_string(options.maxVocabSize));
    if (options.minPairCount < 1)
        throw Error("the minimum pair count must be at least 1, got " + std::to_string(options.minPairCount));

    BpeVocabulary vocabulary;
    const auto& symbols = text::byteSymbols();
    for (const std::string& symbol : symbols)
        vocabulary.tokens.push_back(symbol);
    for (const std::string& symbol : symbols)
        vocabulary.tokens.push_back(symbol + kEndOfWord);
    std::set<std::string> known(vocabulary.tokens.begin(), vocabulary.tokens.end());

    std::vector<SpelledWord> words = spellCorpus(texts);
    while (static_cast<int64_t>(vocabulary.tokens.size()) + kSpecialTokens < options.maxVocabSize) {
        const std::map<SymbolPair, int64_t> pairs = countPairs(words);
        auto best = pairs.end();
        for (auto it = pairs.begin(); it != pairs.end(); ++it)
            if (best == pairs.end() || it->second > best->second)
                best = it;
        if (best == pairs.end() || best->second < options.minPairCount)
            break;
        const SymbolPair pair = best->first;
        applyMerge(words, pair);
        vocabulary.merges.push_back(pair);
        // Two different merges can spell the same token; it keeps one id.
        if (known.insert(pair.first + pair.second).second)
            vocabulary.tokens.push_back(pair.first + pair.second);
    }
    vocabulary.tokens.push_back("<|startoftext|>");
    vocabulary.tokens.push_back("<|endoftext|>");
    return vocabulary;
}

void writeBpeVocabulary(const BpeVocabulary& vocabulary, const std::string& folder)
{
    nlohmann::ordered_json vocab = nlohmann::ordered_json::object();
    for (size_t id = 0; id < vocabulary.tokens.size(); ++id)
        vocab[vocabulary.tokens[id]] = id;
    std::string merges = "#version: 0.2\n";
    for (const auto& [first, second] : vocabulary.merges)
        merges += first + " " + second + "\n";
    const std::filesystem::path root(folder);
    writeFileAtomically(root / "vocab.json", vocab.dump() + "\n");
    writeFileAtomically(root / "merges.txt", merges);
}

}  // namespace fewshot
