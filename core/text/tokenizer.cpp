#include "text/tokenizer.h"

#include "base/error.h"
#include "base/json_file.h"
#include "text/pre_tokenizer.h"
#include "text/text_clean.h"

#include <QChar>

#include <algorithm>
#include <array>
#include <climits>
#include <filesystem>
#include <mutex>
#include <string_view>
#include <unordered_map>

namespace fewshot {
namespace {

constexpr std::string_view kStartToken = "<|startoftext|>";
constexpr std::string_view kEndToken = "<|endoftext|>";
constexpr std::string_view kEndOfWord = "</w>";

// simple_tokenizer.py uses merges.txt lines 1 .. 49152-256-2 (line 0 is the
// version header), which is every line of the real CLIP file.
constexpr size_t kMaxMergeLines = 49152 - 256 - 2;

// Bounds the memory of the per-word cache when a long-running process
// encodes arbitrary text.
constexpr size_t kMaxCachedWords = 100000;

// CLIP's bytes_to_unicode: the printable Latin-1 bytes stand for themselves
// and the other 68 bytes take U+0100 onwards in byte order, so each byte is a
// visible character in vocab.json.
std::array<std::string, 256> makeByteSymbols()
{
    std::array<std::string, 256> symbols;
    char32_t nextShifted = 0x100;
    for (int byte = 0; byte < 256; ++byte) {
        const bool printable = (byte >= '!' && byte <= '~') || (byte >= 0xA1 && byte <= 0xAC)
                               || (byte >= 0xAE && byte <= 0xFF);
        text::appendUtf8(printable ? static_cast<char32_t>(byte) : nextShifted++, symbols[byte]);
    }
    return symbols;
}

std::unordered_map<std::string, int64_t> readVocabulary(const std::string& path)
{
    const nlohmann::json json = readJsonFile(path);
    if (!json.is_object())
        throw Error(path + ": expected a JSON object that maps each token to its id");

    std::unordered_map<std::string, int64_t> vocab;
    vocab.reserve(json.size());
    for (auto it = json.begin(); it != json.end(); ++it) {
        const nlohmann::json& value = it.value();
        // Ids index an embedding table, so they stay far below INT64_MAX,
        // where vocabSize() (the largest id plus one) would overflow.
        if (!value.is_number_integer() || value.get<int64_t>() < 0 || value.get<int64_t>() > INT32_MAX)
            throw Error(path + ": the id of token \"" + it.key()
                        + "\" must be an integer from 0 to 2147483647, found " + value.dump());
        vocab.emplace(it.key(), value.get<int64_t>());
    }
    return vocab;
}

int64_t requireToken(const std::unordered_map<std::string, int64_t>& vocab, std::string_view token,
                     const std::string& path)
{
    const auto found = vocab.find(std::string(token));
    if (found == vocab.end())
        throw Error(path + ": the vocabulary has no \"" + std::string(token)
                    + "\" token; a CLIP vocab.json must contain it");
    return found->second;
}

std::vector<std::string_view> splitFields(std::string_view line)
{
    std::vector<std::string_view> fields;
    size_t pos = 0;
    while (pos < line.size()) {
        const size_t begin = line.find_first_not_of(" \t\r\v\f", pos);
        if (begin == std::string_view::npos)
            break;
        const size_t end = std::min(line.find_first_of(" \t\r\v\f", begin), line.size());
        fields.push_back(line.substr(begin, end - begin));
        pos = end;
    }
    return fields;
}

// Maps "first second" to the merge's rank (its line index after the header).
std::unordered_map<std::string, int> readMergeRanks(const std::string& path)
{
    const std::string content = readFileBytes(path);
    if (content.empty())
        throw Error(path
                    + ": file is empty, expected a \"#version\" header line followed by merges");

    std::unordered_map<std::string, int> ranks;
    size_t lineNumber = 0;
    size_t pos = 0;
    while (pos < content.size() && lineNumber <= kMaxMergeLines) {
        const size_t end = std::min(content.find('\n', pos), content.size());
        const std::string_view line(content.data() + pos, end - pos);
        pos = end + 1;
        ++lineNumber;
        // The reference drops the first line unread, whatever it holds.
        if (lineNumber == 1)
            continue;
        const std::vector<std::string_view> fields = splitFields(line);
        if (fields.empty())
            continue;
        if (fields.size() != 2)
            throw Error(path + " line " + std::to_string(lineNumber)
                        + ": expected two symbols separated by a space, found \""
                        + std::string(line.substr(0, 80)) + "\"");
        // insert_or_assign: a repeated merge keeps its last rank, as Python's dict(zip(...)) does.
        ranks.insert_or_assign(std::string(fields[0]) + ' ' + std::string(fields[1]),
                               static_cast<int>(lineNumber - 2));
    }
    return ranks;
}

enum class PieceKind { Word, StartToken, EndToken };

struct Piece {
    PieceKind kind;
    size_t begin;
    size_t length;
};

// The reference pattern is case-insensitive, so 's' also matches U+017F
// (long s). The text is already lowercase, so no other case variant occurs.
bool matchesAt(const std::u32string& text, size_t pos, std::string_view lowercase)
{
    if (pos + lowercase.size() > text.size())
        return false;
    for (size_t k = 0; k < lowercase.size(); ++k) {
        const char32_t c = text[pos + k];
        const auto expected = static_cast<char32_t>(lowercase[k]);
        if (c != expected && !(expected == 's' && c == 0x17F))
            return false;
    }
    return true;
}

size_t contractionLength(const std::u32string& text, size_t pos)
{
    static constexpr std::string_view kSuffixes[] = {"s", "t", "re", "ve", "m", "ll", "d"};
    if (text[pos] != '\'')
        return 0;
    for (const std::string_view suffix : kSuffixes) {
        if (matchesAt(text, pos + 1, suffix))
            return 1 + suffix.size();
    }
    return 0;
}

// With the reference's case-insensitive flag, U+0345 (combining Greek
// ypogegrammeni) matches neither the letter class nor the "other" class, so
// like whitespace it separates pieces and is dropped.
bool isSkipped(char32_t c)
{
    return text::isPythonSpace(c) || c == 0x345;
}

// Length of the [\p{L}]+, [\p{N}] or [^\s\p{L}\p{N}]+ match at `pos`.
size_t runLength(const std::u32string& text, size_t pos)
{
    size_t end = pos;
    if (QChar::isLetter(text[pos])) {
        while (end < text.size() && QChar::isLetter(text[end]))
            ++end;
        return end - pos;
    }
    if (QChar::isNumber(text[pos]))
        return 1;
    while (end < text.size() && !isSkipped(text[end]) && !QChar::isLetter(text[end])
           && !QChar::isNumber(text[end]))
        ++end;
    return end - pos;
}

// Reproduces simple_tokenizer.py's regex: <|startoftext|>|<|endoftext|>|'s|'t|'re|'ve|'m|'ll|'d|
// [\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+, tried in that order at each position.
std::vector<Piece> splitPieces(const std::u32string& text)
{
    std::vector<Piece> pieces;
    size_t pos = 0;
    while (pos < text.size()) {
        if (isSkipped(text[pos])) {
            ++pos;
        } else if (matchesAt(text, pos, kStartToken)) {
            pieces.push_back({PieceKind::StartToken, pos, kStartToken.size()});
            pos += kStartToken.size();
        } else if (matchesAt(text, pos, kEndToken)) {
            pieces.push_back({PieceKind::EndToken, pos, kEndToken.size()});
            pos += kEndToken.size();
        } else {
            size_t length = contractionLength(text, pos);
            if (length == 0)
                length = runLength(text, pos);
            pieces.push_back({PieceKind::Word, pos, length});
            pos += length;
        }
    }
    return pieces;
}

// Replaces every non-overlapping occurrence of the pair, scanning left to right.
std::vector<std::string> mergePair(const std::vector<std::string>& symbols,
                                   const std::string& first, const std::string& second)
{
    std::vector<std::string> merged;
    merged.reserve(symbols.size());
    size_t i = 0;
    while (i < symbols.size()) {
        if (i + 1 < symbols.size() && symbols[i] == first && symbols[i + 1] == second) {
            merged.push_back(first + second);
            i += 2;
        } else {
            merged.push_back(symbols[i]);
            ++i;
        }
    }
    return merged;
}

}  // namespace

struct Tokenizer::Data {
    std::string vocabPath;
    std::unordered_map<std::string, int64_t> vocab;
    std::unordered_map<std::string, int> mergeRanks;
    std::array<std::string, 256> byteSymbols;
    int64_t startId = 0;
    int64_t endId = 0;
    int64_t vocabSize = 0;

    mutable std::mutex cacheMutex;
    mutable std::unordered_map<std::string, std::vector<int64_t>> wordCache;

    std::vector<std::string> applyMerges(std::vector<std::string> symbols) const;
    std::vector<int64_t> encodeWord(const std::string& utf8Word) const;
};

// The reference's bpe(): merge the lowest-ranked adjacent pair everywhere,
// repeated until no adjacent pair has a rank.
std::vector<std::string> Tokenizer::Data::applyMerges(std::vector<std::string> symbols) const
{
    std::string key;
    while (symbols.size() > 1) {
        int bestRank = INT_MAX;
        size_t bestIndex = 0;
        for (size_t i = 0; i + 1 < symbols.size(); ++i) {
            key.assign(symbols[i]).append(1, ' ').append(symbols[i + 1]);
            const auto found = mergeRanks.find(key);
            if (found != mergeRanks.end() && found->second < bestRank) {
                bestRank = found->second;
                bestIndex = i;
            }
        }
        if (bestRank == INT_MAX)
            break;
        symbols = mergePair(symbols, symbols[bestIndex], symbols[bestIndex + 1]);
    }
    return symbols;
}

std::vector<int64_t> Tokenizer::Data::encodeWord(const std::string& utf8Word) const
{
    {
        const std::lock_guard<std::mutex> lock(cacheMutex);
        const auto cached = wordCache.find(utf8Word);
        if (cached != wordCache.end())
            return cached->second;
    }

    std::vector<std::string> symbols;
    symbols.reserve(utf8Word.size());
    for (const char byte : utf8Word)
        symbols.push_back(byteSymbols[static_cast<unsigned char>(byte)]);
    symbols.back().append(kEndOfWord);
    symbols = applyMerges(std::move(symbols));

    std::vector<int64_t> ids;
    ids.reserve(symbols.size());
    for (const std::string& symbol : symbols) {
        const auto found = vocab.find(symbol);
        if (found == vocab.end())
            throw Error(vocabPath + ": token \"" + symbol
                        + "\" produced by the BPE merges is not in the vocabulary");
        ids.push_back(found->second);
    }

    const std::lock_guard<std::mutex> lock(cacheMutex);
    if (wordCache.size() >= kMaxCachedWords)
        wordCache.clear();
    wordCache.emplace(utf8Word, ids);
    return ids;
}

Tokenizer Tokenizer::fromFolder(const std::string& folder)
{
    const std::filesystem::path root(folder);
    return fromFiles((root / "vocab.json").string(), (root / "merges.txt").string());
}

Tokenizer Tokenizer::fromFiles(const std::string& vocabPath, const std::string& mergesPath)
{
    auto data = std::make_unique<Data>();
    data->vocabPath = vocabPath;
    data->vocab = readVocabulary(vocabPath);
    for (const auto& entry : data->vocab)
        data->vocabSize = std::max(data->vocabSize, entry.second + 1);
    data->startId = requireToken(data->vocab, kStartToken, vocabPath);
    data->endId = requireToken(data->vocab, kEndToken, vocabPath);
    data->mergeRanks = readMergeRanks(mergesPath);
    data->byteSymbols = makeByteSymbols();
    return Tokenizer(std::move(data));
}

Tokenizer::Tokenizer(std::unique_ptr<Data> data) : d(std::move(data)) {}
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;
Tokenizer::~Tokenizer() = default;

std::vector<int64_t> Tokenizer::encode(const std::string& utf8Text) const
{
    const std::u32string cleaned = text::cleanText(text::decodeUtf8(utf8Text));
    std::vector<int64_t> ids;
    std::string word;
    for (const Piece& piece : splitPieces(cleaned)) {
        if (piece.kind == PieceKind::StartToken) {
            ids.push_back(d->startId);
            continue;
        }
        if (piece.kind == PieceKind::EndToken) {
            ids.push_back(d->endId);
            continue;
        }
        word.clear();
        for (size_t k = 0; k < piece.length; ++k)
            text::appendUtf8(cleaned[piece.begin + k], word);
        const std::vector<int64_t> wordIds = d->encodeWord(word);
        ids.insert(ids.end(), wordIds.begin(), wordIds.end());
    }
    return ids;
}

std::vector<int64_t> Tokenizer::tokenize(const std::string& utf8Text, int contextLength) const
{
    if (contextLength < 1)
        throw Error("context length must be at least 1, got " + std::to_string(contextLength));

    std::vector<int64_t> ids;
    ids.push_back(d->startId);
    const std::vector<int64_t> textIds = encode(utf8Text);
    ids.insert(ids.end(), textIds.begin(), textIds.end());
    ids.push_back(d->endId);
    // Same as clip.tokenize(..., truncate=True): cut, then end token last.
    if (ids.size() > static_cast<size_t>(contextLength)) {
        ids.resize(static_cast<size_t>(contextLength));
        ids.back() = d->endId;
    }
    return ids;
}

void Tokenizer::writeByteLevelVocabulary(const std::string& folder, int64_t vocabSize)
{
    if (vocabSize < 514)
        throw Error("a byte-level vocabulary needs at least 514 ids, got " + std::to_string(vocabSize));
    const auto symbols = makeByteSymbols();
    nlohmann::json vocab = nlohmann::json::object();
    for (int byte = 0; byte < 256; ++byte) {
        vocab[symbols[byte]] = byte;
        vocab[symbols[byte] + std::string(kEndOfWord)] = 256 + byte;
    }
    vocab[std::string(kStartToken)] = vocabSize - 2;
    vocab[std::string(kEndToken)] = vocabSize - 1;
    const std::filesystem::path root(folder);
    writeFileAtomically(root / "vocab.json", vocab.dump());
    writeFileAtomically(root / "merges.txt", "#version: 0.2\n");
}

int64_t Tokenizer::startToken() const
{
    return d->startId;
}

int64_t Tokenizer::endToken() const
{
    return d->endId;
}

int64_t Tokenizer::vocabSize() const
{
    return d->vocabSize;
}

// Declared in pre_tokenizer.h, defined here so that the BPE learner and
// encode() share one copy of the pre-tokenization.
std::vector<std::string> text::preTokenize(const std::string& utf8Text)
{
    const std::u32string cleaned = text::cleanText(text::decodeUtf8(utf8Text));
    std::vector<std::string> words;
    for (const Piece& piece : splitPieces(cleaned)) {
        if (piece.kind != PieceKind::Word)
            continue;
        std::string& word = words.emplace_back();
        for (size_t k = 0; k < piece.length; ++k)
            text::appendUtf8(cleaned[piece.begin + k], word);
    }
    return words;
}

const std::array<std::string, 256>& text::byteSymbols()
{
    static const std::array<std::string, 256> symbols = makeByteSymbols();
    return symbols;
}

}  // namespace fewshot
