#include "fixtures.h"

#include "base/error.h"
#include "base/json_file.h"
#include "text/tokenizer.h"

#include <chrono>
#include <fstream>
#include <functional>
#include <thread>
#include <utility>
#include <vector>

using namespace fewshot;
using namespace fewshot::test;

namespace {

using Ids = std::vector<int64_t>;
using Merge = std::pair<std::string, std::string>;

constexpr int64_t kStart = 1000;
constexpr int64_t kEnd = 1001;

void writeFile(const std::filesystem::path& path, const std::string& content)
{
    std::ofstream out(path, std::ios::binary);
    out << content;
}

void appendUtf8(uint32_t codePoint, std::string& out)
{
    if (codePoint < 0x80) {
        out.push_back(static_cast<char>(codePoint));
    } else {
        out.push_back(static_cast<char>(0xC0 | (codePoint >> 6)));
        out.push_back(static_cast<char>(0x80 | (codePoint & 0x3F)));
    }
}

// CLIP's byte alphabet, written independently of the library: printable
// Latin-1 bytes keep their code point, the other 68 take U+0100 onwards.
std::string byteSymbol(unsigned char byte)
{
    uint32_t shifted = 0x100;
    for (int b = 0; b < 256; ++b) {
        const bool printable =
            (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        const uint32_t codePoint = printable ? static_cast<uint32_t>(b) : shifted++;
        if (b == byte) {
            std::string symbol;
            appendUtf8(codePoint, symbol);
            return symbol;
        }
    }
    return {};
}

// Id of a byte inside a word and of a byte that ends a word, in the vocab
// that writeModel builds.
int64_t byteId(unsigned char byte)
{
    return byte;
}

int64_t endByteId(unsigned char byte)
{
    return 256 + byte;
}

// Writes vocab.json (byte b has id b, b with "</w>" has id 256 + b, merge
// results follow from 512 in merge order, then the special tokens) and
// merges.txt into a fresh scratch folder.
std::filesystem::path writeModel(const std::string& name, const std::vector<Merge>& merges)
{
    const auto dir = scratchDir("tokenizer-" + name);
    nlohmann::json vocab = nlohmann::json::object();
    for (int b = 0; b < 256; ++b) {
        vocab[byteSymbol(static_cast<unsigned char>(b))] = b;
        vocab[byteSymbol(static_cast<unsigned char>(b)) + "</w>"] = 256 + b;
    }
    int64_t nextId = 512;
    std::string mergesText = "#version: 0.2\n";
    for (const Merge& merge : merges) {
        if (!vocab.contains(merge.first + merge.second))
            vocab[merge.first + merge.second] = nextId++;
        mergesText += merge.first + " " + merge.second + "\n";
    }
    vocab["<|startoftext|>"] = kStart;
    vocab["<|endoftext|>"] = kEnd;
    writeFile(dir / "vocab.json", vocab.dump());
    writeFile(dir / "merges.txt", mergesText);
    return dir;
}

Tokenizer loadModel(const std::string& name, const std::vector<Merge>& merges = {})
{
    return Tokenizer::fromFolder(writeModel(name, merges).string());
}

// The message of the Error that `action` throws, or "" when it throws none.
std::string errorMessage(const std::function<void()>& action)
{
    try {
        action();
    } catch (const Error& error) {
        return error.what();
    }
    return {};
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST(Tokenizer, SpecialTokensComeFromVocab)
{
    const Tokenizer tokenizer = loadModel("special");
    EXPECT_EQ(tokenizer.startToken(), kStart);
    EXPECT_EQ(tokenizer.endToken(), kEnd);
    EXPECT_EQ(tokenizer.vocabSize(), kEnd + 1);
}

TEST(Tokenizer, FromFilesLoadsSeparatePaths)
{
    const auto dir = writeModel("from-files", {{"a", "b"}});
    const Tokenizer tokenizer =
        Tokenizer::fromFiles((dir / "vocab.json").string(), (dir / "merges.txt").string());
    EXPECT_EQ(tokenizer.encode("abc"), (Ids{512, endByteId('c')}));
}

TEST(Tokenizer, BytesWithoutMerges)
{
    const Tokenizer tokenizer = loadModel("bytes");
    EXPECT_EQ(tokenizer.encode("abc"), (Ids{byteId('a'), byteId('b'), endByteId('c')}));
}

TEST(Tokenizer, SingleByteWordEndsWord)
{
    const Tokenizer tokenizer = loadModel("single");
    EXPECT_EQ(tokenizer.encode("a"), (Ids{endByteId('a')}));
}

TEST(Tokenizer, LowestRankMergesFirst)
{
    const Tokenizer endFirst = loadModel("rank-end-first", {{"b", "c</w>"}, {"a", "b"}});
    EXPECT_EQ(endFirst.encode("abc"), (Ids{byteId('a'), 512}));

    const Tokenizer startFirst = loadModel("rank-start-first", {{"a", "b"}, {"b", "c</w>"}});
    EXPECT_EQ(startFirst.encode("abc"), (Ids{512, endByteId('c')}));
}

TEST(Tokenizer, MergesOccurrencesLeftToRight)
{
    const Tokenizer tokenizer = loadModel("left-to-right", {{"a", "a"}});
    EXPECT_EQ(tokenizer.encode("aaaa"), (Ids{512, byteId('a'), endByteId('a')}));
    EXPECT_EQ(tokenizer.encode("aaaaa"), (Ids{512, 512, endByteId('a')}));
}

TEST(Tokenizer, MergesRepeatOnResults)
{
    const Tokenizer tokenizer = loadModel("repeat", {{"a", "b"}, {"ab", "c</w>"}});
    EXPECT_EQ(tokenizer.encode("abc"), (Ids{513}));
    EXPECT_EQ(tokenizer.encode("abd"), (Ids{512, endByteId('d')}));
}

TEST(Tokenizer, EndOfWordMergeOnlyAtEnd)
{
    const Tokenizer tokenizer = loadModel("end-of-word", {{"a", "b</w>"}});
    EXPECT_EQ(tokenizer.encode("ab"), (Ids{512}));
    EXPECT_EQ(tokenizer.encode("aba"), (Ids{byteId('a'), byteId('b'), endByteId('a')}));
    EXPECT_EQ(tokenizer.encode("ab ab"), (Ids{512, 512}));
}

TEST(Tokenizer, SpacesSeparateWords)
{
    const Tokenizer tokenizer = loadModel("spaces");
    EXPECT_EQ(tokenizer.encode("ab cd"),
              (Ids{byteId('a'), endByteId('b'), byteId('c'), endByteId('d')}));
}

TEST(Tokenizer, EachDigitIsAWord)
{
    const Tokenizer tokenizer = loadModel("digits");
    EXPECT_EQ(tokenizer.encode("123"), (Ids{endByteId('1'), endByteId('2'), endByteId('3')}));
    EXPECT_EQ(tokenizer.encode("4.5"), (Ids{endByteId('4'), endByteId('.'), endByteId('5')}));
}

TEST(Tokenizer, PunctuationRunIsOneWord)
{
    const Tokenizer tokenizer = loadModel("punctuation");
    EXPECT_EQ(tokenizer.encode("!?."), (Ids{byteId('!'), byteId('?'), endByteId('.')}));
    EXPECT_EQ(tokenizer.encode("x-ray"),
              (Ids{endByteId('x'), endByteId('-'), byteId('r'), byteId('a'), endByteId('y')}));
}

TEST(Tokenizer, ContractionsSplitOff)
{
    const Tokenizer tokenizer = loadModel("contractions");
    EXPECT_EQ(tokenizer.encode("it's"),
              (Ids{byteId('i'), endByteId('t'), byteId('\''), endByteId('s')}));
    EXPECT_EQ(tokenizer.encode("we'll"),
              (Ids{byteId('w'), endByteId('e'), byteId('\''), byteId('l'), endByteId('l')}));
    // A contraction only matches where a piece starts, so a punctuation run
    // takes the apostrophe.
    EXPECT_EQ(tokenizer.encode("''s"), (Ids{byteId('\''), endByteId('\''), endByteId('s')}));
}

TEST(Tokenizer, MultiByteCharacters)
{
    const Tokenizer tokenizer = loadModel("utf8");
    EXPECT_EQ(tokenizer.encode("\xC3\xA9"), (Ids{byteId(0xC3), endByteId(0xA9)}));
    // U+1F431 is a symbol, so it is its own piece after the letter.
    EXPECT_EQ(tokenizer.encode("a\xF0\x9F\x90\xB1"),
              (Ids{endByteId('a'), byteId(0xF0), byteId(0x9F), byteId(0x90), endByteId(0xB1)}));
    // U+10428 is a letter outside the BMP and joins the letter run.
    EXPECT_EQ(tokenizer.encode("a\xF0\x90\x90\xA8" "b"),
              (Ids{byteId('a'), byteId(0xF0), byteId(0x90), byteId(0x90), byteId(0xA8),
                   endByteId('b')}));
    // U+1D7D9 is a digit outside the BMP and forms a piece of its own.
    EXPECT_EQ(tokenizer.encode("1\xF0\x9D\x9F\x99"),
              (Ids{endByteId('1'), byteId(0xF0), byteId(0x9D), byteId(0x9F), endByteId(0x99)}));
}

TEST(Tokenizer, SpecialTokenTextGivesItsId)
{
    const Tokenizer tokenizer = loadModel("special-text");
    EXPECT_EQ(tokenizer.encode("<|endoftext|>"), (Ids{kEnd}));
    EXPECT_EQ(tokenizer.encode("<|ENDOFTEXT|>"), (Ids{kEnd}));
    EXPECT_EQ(tokenizer.encode("a<|startoftext|>"), (Ids{endByteId('a'), kStart}));
}

TEST(Tokenizer, RepeatedWordUsesSameIds)
{
    const Tokenizer tokenizer = loadModel("cache", {{"a", "b"}});
    const Ids first = tokenizer.encode("abc abc");
    EXPECT_EQ(first, (Ids{512, endByteId('c'), 512, endByteId('c')}));
    EXPECT_EQ(tokenizer.encode("abc abc"), first);
}

TEST(Tokenizer, ConcurrentEncodeAgrees)
{
    const Tokenizer tokenizer = loadModel("threads", {{"a", "b"}});
    const Tokenizer reference = loadModel("threads-reference", {{"a", "b"}});
    const std::vector<std::string> texts = {"abc", "ab ab", "cab", "bca", "x abc"};
    std::vector<Ids> expected;
    for (const std::string& text : texts)
        expected.push_back(reference.encode(text));

    std::vector<int> mismatches(4, 0);
    std::vector<std::thread> threads;
    for (size_t t = 0; t < mismatches.size(); ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < 200; ++round) {
                const size_t i = (t + static_cast<size_t>(round)) % texts.size();
                mismatches[t] += tokenizer.encode(texts[i]) != expected[i] ? 1 : 0;
            }
        });
    }
    for (std::thread& thread : threads)
        thread.join();
    for (const int count : mismatches)
        EXPECT_EQ(count, 0);
}

TEST(Tokenizer, MovedTokenizerStillEncodes)
{
    Tokenizer original = loadModel("move");
    const Tokenizer moved = std::move(original);
    EXPECT_EQ(moved.encode("ab"), (Ids{byteId('a'), endByteId('b')}));
}

TEST(TokenizerTokenize, AddsStartAndEnd)
{
    const Tokenizer tokenizer = loadModel("tokenize");
    EXPECT_EQ(tokenizer.tokenize("ab"), (Ids{kStart, byteId('a'), endByteId('b'), kEnd}));
}

TEST(TokenizerTokenize, EmptyText)
{
    const Tokenizer tokenizer = loadModel("empty");
    EXPECT_TRUE(tokenizer.encode("").empty());
    EXPECT_EQ(tokenizer.tokenize(""), (Ids{kStart, kEnd}));
    EXPECT_EQ(tokenizer.tokenize(" \t\n "), (Ids{kStart, kEnd}));
}

TEST(TokenizerTokenize, TruncatesWithEndLast)
{
    const Tokenizer tokenizer = loadModel("truncate");
    const Ids ids = tokenizer.tokenize("a b c d e f", 5);
    ASSERT_EQ(ids.size(), 5u);
    EXPECT_EQ(ids.front(), kStart);
    EXPECT_EQ(ids.back(), kEnd);
    EXPECT_EQ(ids, (Ids{kStart, endByteId('a'), endByteId('b'), endByteId('c'), kEnd}));
}

TEST(TokenizerTokenize, ExactFitKeepsAll)
{
    const Tokenizer tokenizer = loadModel("exact-fit");
    EXPECT_EQ(tokenizer.tokenize("a b c", 5),
              (Ids{kStart, endByteId('a'), endByteId('b'), endByteId('c'), kEnd}));
}

TEST(TokenizerTokenize, NotPadded)
{
    const Tokenizer tokenizer = loadModel("no-padding");
    EXPECT_EQ(tokenizer.tokenize("a").size(), 3u);
}

TEST(TokenizerTokenize, ContextLengthOneKeepsEnd)
{
    const Tokenizer tokenizer = loadModel("context-one");
    EXPECT_EQ(tokenizer.tokenize("a b", 1), (Ids{kEnd}));
}

TEST(TokenizerTokenize, ContextLengthZeroThrows)
{
    const Tokenizer tokenizer = loadModel("context-zero");
    EXPECT_THROW(tokenizer.tokenize("a", 0), Error);
}

TEST(TokenizerCleaning, Lowercases)
{
    const Tokenizer tokenizer = loadModel("lower");
    EXPECT_EQ(tokenizer.encode("HeLLo WORLD"), tokenizer.encode("hello world"));
    EXPECT_EQ(tokenizer.encode("\xC3\x89T\xC3\x89"), tokenizer.encode("\xC3\xA9t\xC3\xA9"));
}

TEST(TokenizerCleaning, FinalSigmaAsPython)
{
    const Tokenizer tokenizer = loadModel("sigma");
    // "ΟΔΟΣ" lowers to "οδος" with final sigma, "ΣΑ" to "σα" with medial sigma.
    EXPECT_EQ(tokenizer.encode("\xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3"),
              tokenizer.encode("\xCE\xBF\xCE\xB4\xCE\xBF\xCF\x82"));
    EXPECT_EQ(tokenizer.encode("\xCE\xA3\xCE\x91"), tokenizer.encode("\xCF\x83\xCE\xB1"));
}

TEST(TokenizerCleaning, DottedCapitalI)
{
    const Tokenizer tokenizer = loadModel("dotted-i");
    EXPECT_EQ(tokenizer.encode("\xC4\xB0"), tokenizer.encode("i\xCC\x87"));
}

TEST(TokenizerCleaning, CollapsesWhitespace)
{
    const Tokenizer tokenizer = loadModel("whitespace");
    EXPECT_EQ(tokenizer.encode("  a \t\n b  "), tokenizer.encode("a b"));
    // Ideographic space, no-break space and U+001C count as whitespace in Python.
    EXPECT_EQ(tokenizer.encode("\xE3\x80\x80" "a\xC2\xA0" "b\x1C"), tokenizer.encode("a b"));
}

TEST(TokenizerCleaning, NormalizesToNfc)
{
    const Tokenizer tokenizer = loadModel("nfc");
    EXPECT_EQ(tokenizer.encode("e\xCC\x81"), tokenizer.encode("\xC3\xA9"));
}

TEST(TokenizerCleaning, UnescapesHtmlTwice)
{
    const Tokenizer tokenizer = loadModel("html-twice");
    EXPECT_EQ(tokenizer.encode("&amp;lt;"), tokenizer.encode("<"));
    // A third level of escaping stays: "&amp;amp;lt;" becomes "&lt;".
    EXPECT_EQ(tokenizer.encode("&amp;amp;lt;"),
              (Ids{endByteId('&'), byteId('l'), endByteId('t'), endByteId(';')}));
}

TEST(TokenizerCleaning, NamedEntities)
{
    const Tokenizer tokenizer = loadModel("html-named");
    EXPECT_EQ(tokenizer.encode("caf&eacute;"), tokenizer.encode("caf\xC3\xA9"));
    EXPECT_EQ(tokenizer.encode("a&nbsp;b"), tokenizer.encode("a b"));
    EXPECT_EQ(tokenizer.encode("&quot;x&apos;"), tokenizer.encode("\"x'"));
    EXPECT_EQ(tokenizer.encode("&hellip;"), tokenizer.encode("\xE2\x80\xA6"));
    // Legacy names also match without the semicolon, as a prefix of a longer run.
    EXPECT_EQ(tokenizer.encode("&ampx"), tokenizer.encode("&x"));
    EXPECT_EQ(tokenizer.encode("&notit;"), tokenizer.encode("\xC2\xAC" "it;"));
    EXPECT_EQ(tokenizer.encode("&bogus;"),
              (Ids{endByteId('&'), byteId('b'), byteId('o'), byteId('g'), byteId('u'),
                   endByteId('s'), endByteId(';')}));
}

TEST(TokenizerCleaning, NumericEntities)
{
    const Tokenizer tokenizer = loadModel("html-numeric");
    EXPECT_EQ(tokenizer.encode("&#65;&#x42;&#X43"), tokenizer.encode("abc"));
    EXPECT_EQ(tokenizer.encode("&#x1F431;"), tokenizer.encode("\xF0\x9F\x90\xB1"));
    // HTML5 reads 0x80..0x9F as Windows-1252, so 150 is an en dash.
    EXPECT_EQ(tokenizer.encode("&#150;"), tokenizer.encode("\xE2\x80\x93"));
    EXPECT_EQ(tokenizer.encode("&#0;"), tokenizer.encode("\xEF\xBF\xBD"));
    EXPECT_EQ(tokenizer.encode("&#55296;"), tokenizer.encode("\xEF\xBF\xBD"));
    EXPECT_EQ(tokenizer.encode("&#99999999999;"), tokenizer.encode("\xEF\xBF\xBD"));
    EXPECT_EQ(tokenizer.encode("a&#1;b"), tokenizer.encode("ab"));
    EXPECT_EQ(tokenizer.encode("&#x;"),
              (Ids{byteId('&'), endByteId('#'), endByteId('x'), endByteId(';')}));
}

TEST(TokenizerErrors, InvalidUtf8Throws)
{
    const Tokenizer tokenizer = loadModel("invalid-utf8");
    EXPECT_THROW(tokenizer.encode("\xFF"), Error);
    EXPECT_THROW(tokenizer.encode("a\xC3"), Error);
    EXPECT_THROW(tokenizer.encode("\xC3" "a"), Error);
    EXPECT_THROW(tokenizer.encode("\xC0\xAF"), Error);
    EXPECT_THROW(tokenizer.encode("\xED\xA0\x80"), Error);
    EXPECT_THROW(tokenizer.encode("\xF4\x90\x80\x80"), Error);
    EXPECT_THROW(tokenizer.encode("\x80"), Error);
    EXPECT_THROW(tokenizer.tokenize("ok \xFE"), Error);
}

TEST(TokenizerErrors, InvalidUtf8GivesOffset)
{
    const Tokenizer tokenizer = loadModel("invalid-utf8-offset");
    const std::string message = errorMessage([&] { tokenizer.encode("ab\xE2\x82"); });
    EXPECT_TRUE(contains(message, "not valid UTF-8")) << message;
    EXPECT_TRUE(contains(message, "byte offset 2")) << message;
}

TEST(TokenizerErrors, MissingVocabNamesFile)
{
    const auto dir = scratchDir("tokenizer-no-vocab");
    writeFile(dir / "merges.txt", "#version: 0.2\n");
    const std::string message = errorMessage([&] { Tokenizer::fromFolder(dir.string()); });
    EXPECT_TRUE(contains(message, (dir / "vocab.json").string())) << message;
    EXPECT_TRUE(contains(message, "not found")) << message;
}

TEST(TokenizerErrors, MissingMergesNamesFile)
{
    const auto dir = writeModel("no-merges", {});
    std::filesystem::remove(dir / "merges.txt");
    const std::string message = errorMessage([&] { Tokenizer::fromFolder(dir.string()); });
    EXPECT_TRUE(contains(message, (dir / "merges.txt").string())) << message;
    EXPECT_TRUE(contains(message, "not found")) << message;
}

TEST(TokenizerErrors, MalformedMergesLine)
{
    const auto dir = writeModel("bad-merges", {});
    writeFile(dir / "merges.txt", "#version: 0.2\na b\nabc\n");
    const std::string message = errorMessage([&] { Tokenizer::fromFolder(dir.string()); });
    EXPECT_TRUE(contains(message, (dir / "merges.txt").string())) << message;
    EXPECT_TRUE(contains(message, "line 3")) << message;
    EXPECT_TRUE(contains(message, "\"abc\"")) << message;
}

TEST(TokenizerErrors, EmptyMergesFile)
{
    const auto dir = writeModel("empty-merges", {});
    writeFile(dir / "merges.txt", "");
    const std::string message = errorMessage([&] { Tokenizer::fromFolder(dir.string()); });
    EXPECT_TRUE(contains(message, (dir / "merges.txt").string())) << message;
    EXPECT_TRUE(contains(message, "empty")) << message;
}

TEST(TokenizerErrors, VocabWithoutStartToken)
{
    const auto dir = writeModel("no-start", {});
    writeFile(dir / "vocab.json", R"({"a</w>": 0, "<|endoftext|>": 1})");
    const std::string message = errorMessage([&] { Tokenizer::fromFolder(dir.string()); });
    EXPECT_TRUE(contains(message, (dir / "vocab.json").string())) << message;
    EXPECT_TRUE(contains(message, "<|startoftext|>")) << message;
}

TEST(TokenizerErrors, VocabWithoutEndToken)
{
    const auto dir = writeModel("no-end", {});
    writeFile(dir / "vocab.json", R"({"a</w>": 0, "<|startoftext|>": 1})");
    const std::string message = errorMessage([&] { Tokenizer::fromFolder(dir.string()); });
    EXPECT_TRUE(contains(message, (dir / "vocab.json").string())) << message;
    EXPECT_TRUE(contains(message, "<|endoftext|>")) << message;
}

TEST(TokenizerErrors, VocabNotAnObject)
{
    const auto dir = writeModel("vocab-array", {});
    writeFile(dir / "vocab.json", "[1, 2]");
    const std::string message = errorMessage([&] { Tokenizer::fromFolder(dir.string()); });
    EXPECT_TRUE(contains(message, (dir / "vocab.json").string())) << message;
    EXPECT_TRUE(contains(message, "JSON object")) << message;
}

TEST(TokenizerErrors, VocabIdNotInteger)
{
    const auto dir = writeModel("vocab-string-id", {});
    writeFile(dir / "vocab.json",
              R"({"<|startoftext|>": 0, "<|endoftext|>": 1, "ab": "two"})");
    const std::string message = errorMessage([&] { Tokenizer::fromFolder(dir.string()); });
    EXPECT_TRUE(contains(message, (dir / "vocab.json").string())) << message;
    EXPECT_TRUE(contains(message, "\"ab\"")) << message;
}

TEST(TokenizerErrors, VocabInvalidJson)
{
    const auto dir = writeModel("vocab-truncated", {});
    writeFile(dir / "vocab.json", R"({"a": 1,)");
    const std::string message = errorMessage([&] { Tokenizer::fromFolder(dir.string()); });
    EXPECT_TRUE(contains(message, (dir / "vocab.json").string())) << message;
    EXPECT_TRUE(contains(message, "invalid JSON")) << message;
}

TEST(TokenizerErrors, TokenMissingFromVocab)
{
    const auto dir = writeModel("vocab-gap", {});
    writeFile(dir / "vocab.json", R"({"<|startoftext|>": 0, "<|endoftext|>": 1, "a</w>": 2})");
    const Tokenizer tokenizer = Tokenizer::fromFolder(dir.string());
    EXPECT_EQ(tokenizer.encode("a"), (Ids{2}));
    const std::string message = errorMessage([&] { tokenizer.encode("b"); });
    EXPECT_TRUE(contains(message, "\"b</w>\"")) << message;
    EXPECT_TRUE(contains(message, (dir / "vocab.json").string())) << message;
}

TEST(TokenizerMerges, FirstLineIsSkipped)
{
    const auto dir = writeModel("header-skipped", {{"a", "b"}});
    writeFile(dir / "merges.txt", "a b\n");
    const Tokenizer tokenizer = Tokenizer::fromFolder(dir.string());
    EXPECT_EQ(tokenizer.encode("abc"), (Ids{byteId('a'), byteId('b'), endByteId('c')}));
}

TEST(TokenizerMerges, CrlfAndBlankLines)
{
    const auto dir = writeModel("crlf", {{"a", "b"}});
    writeFile(dir / "merges.txt", "#version: 0.2\r\n\r\na b\r\n\r\n");
    const Tokenizer tokenizer = Tokenizer::fromFolder(dir.string());
    EXPECT_EQ(tokenizer.encode("abc"), (Ids{512, endByteId('c')}));
}

TEST(TokenizerMerges, RepeatedMergeKeepsLastRank)
{
    // Ranks as a Python dict built from the lines: (a, b) gets rank 2, so
    // (b, c</w>) with rank 1 merges first.
    const Tokenizer tokenizer =
        loadModel("duplicate-merge", {{"a", "b"}, {"b", "c</w>"}, {"a", "b"}});
    EXPECT_EQ(tokenizer.encode("abc"), (Ids{byteId('a'), 513}));
}

TEST(TokenizerMerges, LinesPastReferenceLimitIgnored)
{
    // The reference reads merges.txt lines 1 .. 48894 after the header line
    // and ignores the rest.
    const auto dir = writeModel("merge-limit", {{"a", "b"}});
    std::string filler;
    for (int i = 0; i < 48893; ++i)
        filler += "q q\n";

    writeFile(dir / "merges.txt", "#version: 0.2\n" + filler + "a b\n");
    EXPECT_EQ(Tokenizer::fromFolder(dir.string()).encode("abc"), (Ids{512, endByteId('c')}));

    writeFile(dir / "merges.txt", "#version: 0.2\n" + filler + "q q\na b\n");
    EXPECT_EQ(Tokenizer::fromFolder(dir.string()).encode("abc"),
              (Ids{byteId('a'), byteId('b'), endByteId('c')}));
}

TEST(TokenizerGolden, ClipVocabMatchesReference)
{
    FEWSHOT_REQUIRE_FIXTURE("clip-vocab");
    const auto dir = fixturesDir() / "clip-vocab";
    const Tokenizer tokenizer = Tokenizer::fromFolder(dir.string());
    EXPECT_EQ(tokenizer.startToken(), 49406);
    EXPECT_EQ(tokenizer.endToken(), 49407);
    EXPECT_EQ(tokenizer.vocabSize(), 49408);

    const nlohmann::json expected = readJsonFile(dir / "expected_tokens.json");
    ASSERT_FALSE(expected.empty());
    for (const nlohmann::json& entry : expected) {
        const std::string text = entry.at("text").get<std::string>();
        SCOPED_TRACE(text);
        EXPECT_EQ(tokenizer.tokenize(text), entry.at("ids").get<Ids>());
    }
}

TEST(TokenizerGolden, TinyClipMatchesReference)
{
    FEWSHOT_REQUIRE_FIXTURE("tiny-clip-hf");
    const auto dir = fixturesDir() / "tiny-clip-hf";
    const Tokenizer tokenizer = Tokenizer::fromFolder((dir / "model").string());
    EXPECT_EQ(tokenizer.startToken(), 998);
    EXPECT_EQ(tokenizer.endToken(), 999);

    const nlohmann::json expected = readJsonFile(dir / "expected.json").at("texts");
    ASSERT_FALSE(expected.empty());
    for (const nlohmann::json& entry : expected) {
        const std::string text = entry.at("text").get<std::string>();
        SCOPED_TRACE(text);
        EXPECT_EQ(tokenizer.tokenize(text), entry.at("ids").get<Ids>());
    }
}

TEST(TokenizerGolden, PromptTakesMicroseconds)
{
    FEWSHOT_REQUIRE_FIXTURE("clip-vocab");
    const Tokenizer tokenizer = Tokenizer::fromFolder((fixturesDir() / "clip-vocab").string());
    const std::string prompt = "a photo of a metal nut with a scratch on its surface.";
    tokenizer.tokenize(prompt);

    constexpr int kRepeats = 2000;
    const auto begin = std::chrono::steady_clock::now();
    size_t total = 0;
    for (int i = 0; i < kRepeats; ++i)
        total += tokenizer.tokenize(prompt).size();
    const std::chrono::duration<double, std::micro> elapsed =
        std::chrono::steady_clock::now() - begin;
    EXPECT_GT(total, 0u);
    // The bound is generous so that a busy shared machine does not fail the
    // test. With a warm cache a Release build takes about 3 us per prompt.
    EXPECT_LT(elapsed.count() / kRepeats, 200.0);
}
