#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace fewshot {

struct BpeTrainingOptions {
    // Largest vocabulary to reach: the 512 byte tokens, one token per merge,
    // and the start and end tokens. Learning stops earlier when no pair of
    // symbols occurs often enough.
    int64_t maxVocabSize = 4096;
    // A pair of adjacent symbols is merged only when it occurs at least this
    // many times in the corpus, so words seen once are not memorized whole.
    int64_t minPairCount = 2;
};

// A byte-level BPE vocabulary in CLIP's layout: ids 0..255 are the byte
// symbols, 256..511 the same symbols ending a word ("</w>"), then one token
// per merge in the order learned, then <|startoftext|> and <|endoftext|>.
struct BpeVocabulary {
    std::vector<std::string> tokens;  // token text by id
    std::vector<std::pair<std::string, std::string>> merges;  // in rank order
};

// Learns merges from texts the way CLIP's vocabulary was made: each text is
// cleaned and pre-tokenized as the CLIP tokenizer does, words are spelled in
// CLIP's byte alphabet with "</w>" on the last symbol, and the most frequent
// adjacent pair is merged repeatedly. Ties go to the pair that sorts first,
// so the result depends only on the texts and options.
// Throws Error for invalid UTF-8 or options out of range.
BpeVocabulary learnBpeVocabulary(const std::vector<std::string>& texts, const BpeTrainingOptions& options = {});

// Writes vocab.json and merges.txt (with a "#version" header line, as CLIP's
// file has) into `folder`, which must exist. Tokenizer::fromFolder reads them.
// Throws Error naming the file when it cannot be written.
void writeBpeVocabulary(const BpeVocabulary& vocabulary, const std::string& folder);

}  // namespace fewshot
