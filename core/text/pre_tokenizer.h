#pragma once

#include <array>
#include <string>
#include <vector>

namespace fewshot::text {

// Splits text into the words that CLIP's tokenizer encodes one by one: the
// reference text cleaning, then the reference pre-tokenization pattern, with
// the start and end tokens left out. Words are UTF-8. This is the split that
// Tokenizer::encode applies, so a BPE vocabulary learned on these words fits it.
// Throws Error when the text is not valid UTF-8.
std::vector<std::string> preTokenize(const std::string& utf8Text);

// CLIP's byte alphabet (bytes_to_unicode in the reference tokenizer): the
// UTF-8 symbol that stands for each byte value in vocab.json and merges.txt.
const std::array<std::string, 256>& byteSymbols();

}  // namespace fewshot::text
