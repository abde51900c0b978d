#include "text/text_clean.h"

#include "base/error.h"
#include "text/html_unescape.h"

#include <QChar>
#include <QList>
#include <QString>

#include <algorithm>
#include <cstdio>

namespace fewshot::text {
namespace {

[[noreturn]] void throwInvalidUtf8(size_t offset, unsigned char byte)
{
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(byte));
    throw Error("text is not valid UTF-8: the sequence at byte offset " + std::to_string(offset)
                + " (starting with byte " + hex + ") is invalid or truncated");
}

struct MultiByteLead {
    size_t length;      // 0 when the byte cannot start a sequence
    char32_t payload;   // code point bits carried by the lead byte
    char32_t minimum;   // smallest code point this length may encode (shorter forms are overlong)
};

MultiByteLead describeLeadByte(unsigned char lead)
{
    if ((lead & 0xE0) == 0xC0)
        return {2, static_cast<char32_t>(lead & 0x1F), 0x80};
    if ((lead & 0xF0) == 0xE0)
        return {3, static_cast<char32_t>(lead & 0x0F), 0x800};
    if ((lead & 0xF8) == 0xF0)
        return {4, static_cast<char32_t>(lead & 0x07), 0x10000};
    return {0, 0, 0};
}

std::u32string normalizeNfc(const std::u32string& text)
{
    const bool ascii = std::all_of(text.begin(), text.end(), [](char32_t c) { return c < 0x80; });
    if (ascii)
        return text;
    const QString normalized = QString::fromUcs4(text.data(), static_cast<qsizetype>(text.size()))
                                   .normalized(QString::NormalizationForm_C);
    const QList<uint> codePoints = normalized.toUcs4();
    return std::u32string(codePoints.begin(), codePoints.end());
}

// Python's re.sub(r'\s+', ' ', text).strip().
std::u32string collapseWhitespace(const std::u32string& text)
{
    std::u32string out;
    out.reserve(text.size());
    bool pendingSpace = false;
    for (const char32_t c : text) {
        if (isPythonSpace(c)) {
            pendingSpace = !out.empty();
            continue;
        }
        if (pendingSpace)
            out.push_back(' ');
        pendingSpace = false;
        out.push_back(c);
    }
    return out;
}

// Unicode's Case_Ignorable property: the categories Mn, Me, Cf, Lm and Sk
// plus the Word_Break classes MidLetter, MidNumLet and Single_Quote.
bool isCaseIgnorable(char32_t c)
{
    switch (c) {
    case 0x27: case 0x2E: case 0x3A: case 0xB7: case 0x387: case 0x55F: case 0x5F4:
    case 0x2018: case 0x2019: case 0x2024: case 0x2027: case 0xFE13: case 0xFE52:
    case 0xFE55: case 0xFF07: case 0xFF0E: case 0xFF1A:
        return true;
    default:
        break;
    }
    switch (QChar::category(c)) {
    case QChar::Mark_NonSpacing:
    case QChar::Mark_Enclosing:
    case QChar::Other_Format:
    case QChar::Letter_Modifier:
    case QChar::Symbol_Modifier:
        return true;
    default:
        return false;
    }
}

// Unicode's Cased property: letters with case, characters with a case
// mapping, and the few Other_Lowercase/Other_Uppercase ones without either.
bool isCased(char32_t c)
{
    const QChar::Category category = QChar::category(c);
    if (category == QChar::Letter_Uppercase || category == QChar::Letter_Lowercase
        || category == QChar::Letter_Titlecase)
        return true;
    if (QChar::toLower(c) != c || QChar::toUpper(c) != c)
        return true;
    return c == 0xAA || c == 0xBA || (c >= 0x1F130 && c <= 0x1F149)
           || (c >= 0x1F150 && c <= 0x1F169) || (c >= 0x1F170 && c <= 0x1F189);
}

// Python's str.lower() writes a capital sigma as final sigma when a cased
// letter precedes it and none follows, skipping case-ignorable characters.
char32_t lowerCapitalSigma(const std::u32string& text, size_t index)
{
    bool casedBefore = false;
    for (size_t j = index; j > 0; --j) {
        if (!isCaseIgnorable(text[j - 1])) {
            casedBefore = isCased(text[j - 1]);
            break;
        }
    }
    if (!casedBefore)
        return 0x3C3;
    for (size_t j = index + 1; j < text.size(); ++j) {
        if (!isCaseIgnorable(text[j]))
            return isCased(text[j]) ? 0x3C3 : 0x3C2;
    }
    return 0x3C2;
}

// Python's str.lower(). QChar::toLower gives the same single-character
// mappings as Python 3.11 for every code point (both use Unicode 14). The two
// mappings that depend on context or change the length are handled here.
std::u32string lowerLikePython(const std::u32string& text)
{
    std::u32string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        const char32_t c = text[i];
        if (c < 0x80) {
            out.push_back(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
        } else if (c == 0x130) {
            // Capital I with dot above lowers to "i" plus a combining dot above.
            out.push_back('i');
            out.push_back(0x307);
        } else if (c == 0x3A3) {
            out.push_back(lowerCapitalSigma(text, i));
        } else {
            out.push_back(QChar::toLower(c));
        }
    }
    return out;
}

}  // namespace

std::u32string decodeUtf8(std::string_view bytes)
{
    std::u32string out;
    out.reserve(bytes.size());
    size_t i = 0;
    while (i < bytes.size()) {
        const auto lead = static_cast<unsigned char>(bytes[i]);
        if (lead < 0x80) {
            out.push_back(lead);
            ++i;
            continue;
        }
        const MultiByteLead sequence = describeLeadByte(lead);
        const size_t length = sequence.length;
        if (length == 0)
            throwInvalidUtf8(i, lead);
        if (i + length > bytes.size())
            throwInvalidUtf8(i, lead);
        char32_t codePoint = sequence.payload;
        for (size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(bytes[i + k]);
            if ((next & 0xC0) != 0x80)
                throwInvalidUtf8(i, lead);
            codePoint = (codePoint << 6) | (next & 0x3F);
        }
        const bool surrogate = codePoint >= 0xD800 && codePoint <= 0xDFFF;
        if (codePoint < sequence.minimum || codePoint > 0x10FFFF || surrogate)
            throwInvalidUtf8(i, lead);
        out.push_back(codePoint);
        i += length;
    }
    return out;
}

void appendUtf8(char32_t codePoint, std::string& out)
{
    if (codePoint < 0x80) {
        out.push_back(static_cast<char>(codePoint));
    } else if (codePoint < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (codePoint >> 6)));
        out.push_back(static_cast<char>(0x80 | (codePoint & 0x3F)));
    } else if (codePoint < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (codePoint >> 12)));
        out.push_back(static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (codePoint & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (codePoint >> 18)));
        out.push_back(static_cast<char>(0x80 | ((codePoint >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (codePoint & 0x3F)));
    }
}

bool isPythonSpace(char32_t c)
{
    return (c >= 0x9 && c <= 0xD) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0
           || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029
           || c == 0x202F || c == 0x205F || c == 0x3000;
}

std::u32string cleanText(const std::u32string& text)
{
    // NOTE: the reference first runs ftfy.fix_text, which this approximates by
    // NFC alone. Text that ftfy would repair (mojibake, curly quotes,
    // full-width forms, ligatures) can therefore give different ids.
    const std::u32string unescaped = unescapeHtml(unescapeHtml(text));
    return lowerLikePython(collapseWhitespace(normalizeNfc(unescaped)));
}

}  // namespace fewshot::text
