#pragma once

#include <string>

namespace fewshot::text {

// Replaces HTML character references the way Python's html.unescape does:
// numeric references (&#233; &#xE9;, the semicolon optional, with the HTML5
// replacements for invalid numbers) and named references. Named references
// cover the HTML 4 set plus common HTML5 punctuation names, not all 2,231
// HTML5 names; an unknown name is left as it is.
std::u32string unescapeHtml(const std::u32string& text);

}  // namespace fewshot::text
