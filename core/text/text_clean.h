#pragma once

#include <string>
#include <string_view>

namespace fewshot::text {

// Decodes UTF-8 to code points. Throws Error giving the byte offset of the
// first invalid sequence (bad lead byte, truncated, overlong, surrogate or
// above U+10FFFF).
std::u32string decodeUtf8(std::string_view bytes);

void appendUtf8(char32_t codePoint, std::string& out);

// Whitespace as Python's str.isspace and re's \s define it for str patterns.
bool isPythonSpace(char32_t c);

// Applies the text cleaning of CLIP's reference tokenizer: HTML entities
// unescaped twice, NFC, whitespace runs collapsed to one space and trimmed,
// then Python's str.lower().
std::u32string cleanText(const std::u32string& text);

}  // namespace fewshot::text
