#include "text/html_unescape.h"

#include <array>
#include <string_view>

namespace fewshot::text {
namespace {

struct NamedEntity {
    std::string_view name;
    char32_t codePoint;
};

// Names of U+00A0..U+00FF in code point order. HTML5 also accepts these
// without the closing semicolon (legacy references).
constexpr std::array<std::string_view, 96> kLatin1Names = {
    "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",
    "uml",    "copy",   "ordf",   "laquo",  "not",    "shy",    "reg",    "macr",
    "deg",    "plusmn", "sup2",   "sup3",   "acute",  "micro",  "para",   "middot",
    "cedil",  "sup1",   "ordm",   "raquo",  "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc",  "Atilde", "Auml",   "Aring",  "AElig",  "Ccedil",
    "Egrave", "Eacute", "Ecirc",  "Euml",   "Igrave", "Iacute", "Icirc",  "Iuml",
    "ETH",    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde", "Ouml",   "times",
    "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN",  "szlig",
    "agrave", "aacute", "acirc",  "atilde", "auml",   "aring",  "aelig",  "ccedil",
    "egrave", "eacute", "ecirc",  "euml",   "igrave", "iacute", "icirc",  "iuml",
    "eth",    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide",
    "oslash", "ugrave", "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml"};

// The other legacy references, valid with or without the semicolon.
constexpr NamedEntity kLegacyAscii[] = {
    {"amp", '&'},  {"AMP", '&'},  {"lt", '<'},    {"LT", '<'},     {"gt", '>'},
    {"GT", '>'},   {"quot", '"'}, {"QUOT", '"'},  {"COPY", 0xA9},  {"REG", 0xAE}};

// References that are valid only with the closing semicolon: the rest of
// HTML 4 and the HTML5 names of ASCII punctuation.
constexpr NamedEntity kSemicolonNames[] = {
    {"apos", '\''},     {"excl", '!'},      {"num", '#'},       {"dollar", '$'},
    {"percnt", '%'},    {"lpar", '('},      {"rpar", ')'},      {"ast", '*'},
    {"plus", '+'},      {"comma", ','},     {"period", '.'},    {"sol", '/'},
    {"colon", ':'},     {"semi", ';'},      {"equals", '='},    {"quest", '?'},
    {"commat", '@'},    {"lsqb", '['},      {"lbrack", '['},    {"bsol", '\\'},
    {"rsqb", ']'},      {"rbrack", ']'},    {"Hat", '^'},       {"lowbar", '_'},
    {"grave", '`'},     {"lcub", '{'},      {"lbrace", '{'},    {"verbar", '|'},
    {"vert", '|'},      {"rcub", '}'},      {"rbrace", '}'},    {"Tab", '\t'},
    {"NewLine", '\n'},  {"OElig", 0x152},   {"oelig", 0x153},   {"Scaron", 0x160},
    {"scaron", 0x161},  {"Yuml", 0x178},    {"fnof", 0x192},    {"circ", 0x2C6},
    {"tilde", 0x2DC},   {"Alpha", 0x391},   {"Beta", 0x392},    {"Gamma", 0x393},
    {"Delta", 0x394},   {"Epsilon", 0x395}, {"Zeta", 0x396},    {"Eta", 0x397},
    {"Theta", 0x398},   {"Iota", 0x399},    {"Kappa", 0x39A},   {"Lambda", 0x39B},
    {"Mu", 0x39C},      {"Nu", 0x39D},      {"Xi", 0x39E},      {"Omicron", 0x39F},
    {"Pi", 0x3A0},      {"Rho", 0x3A1},     {"Sigma", 0x3A3},   {"Tau", 0x3A4},
    {"Upsilon", 0x3A5}, {"Phi", 0x3A6},     {"Chi", 0x3A7},     {"Psi", 0x3A8},
    {"Omega", 0x3A9},   {"alpha", 0x3B1},   {"beta", 0x3B2},    {"gamma", 0x3B3},
    {"delta", 0x3B4},   {"epsilon", 0x3B5}, {"zeta", 0x3B6},    {"eta", 0x3B7},
    {"theta", 0x3B8},   {"iota", 0x3B9},    {"kappa", 0x3BA},   {"lambda", 0x3BB},
    {"mu", 0x3BC},      {"nu", 0x3BD},      {"xi", 0x3BE},      {"omicron", 0x3BF},
    {"pi", 0x3C0},      {"rho", 0x3C1},     {"sigmaf", 0x3C2},  {"sigma", 0x3C3},
    {"tau", 0x3C4},     {"upsilon", 0x3C5}, {"phi", 0x3C6},     {"chi", 0x3C7},
    {"psi", 0x3C8},     {"omega", 0x3C9},   {"thetasym", 0x3D1}, {"upsih", 0x3D2},
    {"piv", 0x3D6},     {"ensp", 0x2002},   {"emsp", 0x2003},   {"thinsp", 0x2009},
    {"zwnj", 0x200C},   {"zwj", 0x200D},    {"lrm", 0x200E},    {"rlm", 0x200F},
    {"hyphen", 0x2010}, {"dash", 0x2010},   {"ndash", 0x2013},  {"mdash", 0x2014},
    {"lsquo", 0x2018},  {"rsquo", 0x2019},  {"sbquo", 0x201A},  {"ldquo", 0x201C},
    {"rdquo", 0x201D},  {"bdquo", 0x201E},  {"dagger", 0x2020}, {"Dagger", 0x2021},
    {"bull", 0x2022},   {"hellip", 0x2026}, {"permil", 0x2030}, {"prime", 0x2032},
    {"Prime", 0x2033},  {"lsaquo", 0x2039}, {"rsaquo", 0x203A}, {"oline", 0x203E},
    {"frasl", 0x2044},  {"euro", 0x20AC},   {"image", 0x2111},  {"weierp", 0x2118},
    {"real", 0x211C},   {"trade", 0x2122},  {"alefsym", 0x2135}, {"larr", 0x2190},
    {"uarr", 0x2191},   {"rarr", 0x2192},   {"darr", 0x2193},   {"harr", 0x2194},
    {"crarr", 0x21B5},  {"lArr", 0x21D0},   {"uArr", 0x21D1},   {"rArr", 0x21D2},
    {"dArr", 0x21D3},   {"hArr", 0x21D4},   {"forall", 0x2200}, {"part", 0x2202},
    {"exist", 0x2203},  {"empty", 0x2205},  {"nabla", 0x2207},  {"isin", 0x2208},
    {"notin", 0x2209},  {"ni", 0x220B},     {"prod", 0x220F},   {"sum", 0x2211},
    {"minus", 0x2212},  {"lowast", 0x2217}, {"radic", 0x221A},  {"prop", 0x221D},
    {"infin", 0x221E},  {"ang", 0x2220},    {"and", 0x2227},    {"or", 0x2228},
    {"cap", 0x2229},    {"cup", 0x222A},    {"int", 0x222B},    {"there4", 0x2234},
    {"sim", 0x223C},    {"cong", 0x2245},   {"asymp", 0x2248},  {"ne", 0x2260},
    {"equiv", 0x2261},  {"le", 0x2264},     {"ge", 0x2265},     {"sub", 0x2282},
    {"sup", 0x2283},    {"nsub", 0x2284},   {"sube", 0x2286},   {"supe", 0x2287},
    {"oplus", 0x2295},  {"otimes", 0x2297}, {"perp", 0x22A5},   {"sdot", 0x22C5},
    {"lceil", 0x2308},  {"rceil", 0x2309},  {"lfloor", 0x230A}, {"rfloor", 0x230B},
    {"lang", 0x27E8},   {"rang", 0x27E9},   {"loz", 0x25CA},    {"spades", 0x2660},
    {"clubs", 0x2663},  {"hearts", 0x2665}, {"diams", 0x2666}};

// Python's html.unescape reads at most 32 name characters after '&'.
constexpr size_t kMaxNameLength = 32;

bool findLegacy(std::string_view name, char32_t& codePoint)
{
    for (size_t i = 0; i < kLatin1Names.size(); ++i) {
        if (kLatin1Names[i] == name) {
            codePoint = static_cast<char32_t>(0xA0 + i);
            return true;
        }
    }
    for (const NamedEntity& entity : kLegacyAscii) {
        if (entity.name == name) {
            codePoint = entity.codePoint;
            return true;
        }
    }
    return false;
}

bool findWithSemicolon(std::string_view name, char32_t& codePoint)
{
    if (findLegacy(name, codePoint))
        return true;
    for (const NamedEntity& entity : kSemicolonNames) {
        if (entity.name == name) {
            codePoint = entity.codePoint;
            return true;
        }
    }
    return false;
}

// Windows-1252 meanings that HTML5 gives to the numbers 0x80..0x9F.
constexpr char32_t kWindows1252High[32] = {
    0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,   0x017D, 0x8F,
    0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};

bool isDroppedCodePoint(char32_t value)
{
    return (value >= 0x1 && value <= 0x8) || value == 0xB || (value >= 0xE && value <= 0x1F)
           || (value >= 0x7F && value <= 0x9F) || (value >= 0xFDD0 && value <= 0xFDEF)
           || (value & 0xFFFE) == 0xFFFE;
}

// Appends the character a numeric reference decodes to, as html.unescape
// does: its replacement table, U+FFFD for impossible numbers, and nothing for
// the code points it drops.
void appendNumericReference(char32_t value, std::u32string& out)
{
    if (value == 0) {
        out.push_back(0xFFFD);
    } else if (value == 0xD) {
        out.push_back(0xD);
    } else if (value >= 0x80 && value <= 0x9F) {
        out.push_back(kWindows1252High[value - 0x80]);
    } else if ((value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) {
        out.push_back(0xFFFD);
    } else if (!isDroppedCodePoint(value)) {
        out.push_back(value);
    }
}

int digitValue(char32_t c, int base)
{
    if (c >= '0' && c <= '9')
        return static_cast<int>(c - '0');
    if (base == 16 && c >= 'a' && c <= 'f')
        return static_cast<int>(c - 'a' + 10);
    if (base == 16 && c >= 'A' && c <= 'F')
        return static_cast<int>(c - 'A' + 10);
    return -1;
}

// Decodes "#123;" or "#x7B;" starting at `pos` (just after '&'). Returns the
// number of characters consumed, or 0 when the text there is not a numeric reference.
size_t decodeNumeric(const std::u32string& text, size_t pos, std::u32string& out)
{
    size_t i = pos + 1;
    int base = 10;
    if (i < text.size() && (text[i] == 'x' || text[i] == 'X')) {
        base = 16;
        ++i;
    }
    const size_t digitsBegin = i;
    char32_t value = 0;
    for (; i < text.size() && digitValue(text[i], base) >= 0; ++i) {
        // Saturates above the Unicode range, which maps to U+FFFD whatever the exact value.
        if (value <= 0x10FFFF)
            value = value * base + static_cast<char32_t>(digitValue(text[i], base));
    }
    if (i == digitsBegin)
        return 0;
    if (i < text.size() && text[i] == ';')
        ++i;
    appendNumericReference(value, out);
    return i - pos;
}

bool isNameCharacter(char32_t c)
{
    return c != '\t' && c != '\n' && c != '\f' && c != ' ' && c != '<' && c != '&' && c != '#'
           && c != ';';
}

// Decodes a named reference starting at `pos` (just after '&'). Returns the
// number of characters consumed, or 0 when no known name starts there.
size_t decodeNamed(const std::u32string& text, size_t pos, std::u32string& out)
{
    std::string name;
    for (size_t i = pos; i < text.size() && name.size() < kMaxNameLength; ++i) {
        if (!isNameCharacter(text[i]))
            break;
        // Entity names are ASCII, so any other character only ends a prefix match.
        name.push_back(text[i] < 0x80 ? static_cast<char>(text[i]) : '\x7f');
    }
    const size_t end = pos + name.size();
    char32_t codePoint = 0;
    if (!name.empty() && end < text.size() && text[end] == ';'
        && findWithSemicolon(name, codePoint)) {
        out.push_back(codePoint);
        return name.size() + 1;
    }
    // As in html.unescape, the longest legacy name that prefixes the run
    // matches and the rest of the run stays as text ("&notit;" gives "¬it;").
    for (size_t length = name.size(); length >= 2; --length) {
        if (findLegacy(std::string_view(name).substr(0, length), codePoint)) {
            out.push_back(codePoint);
            return length;
        }
    }
    return 0;
}

}  // namespace

std::u32string unescapeHtml(const std::u32string& text)
{
    if (text.find(U'&') == std::u32string::npos)
        return text;

    std::u32string out;
    out.reserve(text.size());
    size_t i = 0;
    while (i < text.size()) {
        if (text[i] != '&' || i + 1 == text.size()) {
            out.push_back(text[i]);
            ++i;
            continue;
        }
        const size_t consumed = text[i + 1] == '#' ? decodeNumeric(text, i + 1, out)
                                                   : decodeNamed(text, i + 1, out);
        if (consumed == 0)
            out.push_back('&');
        i += 1 + consumed;
    }
    return out;
}

}  // namespace fewshot::text
