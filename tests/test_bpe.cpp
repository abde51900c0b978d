// The BPE vocabulary learner: what it learns from the demo captions must be
// read by the CLIP tokenizer and encode every caption back to its words.

#include "fixtures.h"

#include "base/error.h"
#include "base/json_file.h"
#include "demo/demo_generator.h"
#include "text/bpe_trainer.h"
#include "text/pre_tokenizer.h"
#include "text/tokenizer.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

using namespace fewshot;

namespace {

// The first `count` (at most 2000) captions of one demo stream, generated
// once for all tests because drawing the images takes most of the time.
std::vector<std::string> demoCaptions(int count)
{
    static const std::vector<std::string> corpus = [] {
        std::vector<std::string> captions;
        for (int index = 0; index < 2000; ++index)
            captions.push_back(demo::generateSample(21, static_cast<uint64_t>(index)).caption);
        return captions;
    }();
    return {corpus.begin(), corpus.begin() + std::min<int>(count, static_cast<int>(corpus.size()))};
}

// Turns token ids back into the text of their words by reversing vocab.json
// and CLIP's byte alphabet; "</w>" ends a word.
std::string decode(const std::vector<int64_t>& ids, const std::filesystem::path& folder)
{
    std::map<int64_t, std::string> tokens;
    const nlohmann::json vocab = readJsonFile(folder / "vocab.json");
    for (auto it = vocab.begin(); it != vocab.end(); ++it)
        tokens[it.value().get<int64_t>()] = it.key();
    std::map<std::string, char> bytes;
    for (int byte = 0; byte < 256; ++byte)
        bytes[text::byteSymbols()[static_cast<size_t>(byte)]] = static_cast<char>(byte);

    std::string text;
    for (const int64_t id : ids) {
        std::string token = tokens.at(id);
        const bool endsWord = token.size() >= 4 && token.compare(token.size() - 4, 4, "</w>") == 0;
        if (endsWord)
            token.resize(token.size() - 4);
        // Symbols are one or two UTF-8 bytes long; take the longest that is a symbol.
        for (size_t pos = 0; pos < token.size();) {
            const size_t length = pos + 1 < token.size() && bytes.count(token.substr(pos, 2)) ? 2 : 1;
            text += bytes.at(token.substr(pos, length));
            pos += length;
        }
        if (endsWord)
            text += ' ';
    }
    return text;
}

std::string joinWords(const std::vector<std::string>& words)
{
    std::string text;
    for (const std::string& word : words)
        text += word + ' ';
    return text;
}

}  // namespace

TEST(PreTokenize, SplitsLikeTheReference)
{
    const std::vector<std::string> expected = {"a", "steel", "-", "plate", "'s", "scratch", "!!", "4", "2"};
    EXPECT_EQ(text::preTokenize("A  Steel-plate's scratch!! 42"), expected);
}

TEST(PreTokenize, DropsSpecialTokens)
{
    const std::vector<std::string> expected = {"rust"};
    EXPECT_EQ(text::preTokenize("<|startoftext|>rust<|endoftext|>"), expected);
}

TEST(BpeTrainer, TokenizerReadsLearnedVocabulary)
{
    const auto folder = test::scratchDir("bpe-read");
    const BpeVocabulary vocabulary = learnBpeVocabulary(demoCaptions(2000));
    writeBpeVocabulary(vocabulary, folder.string());
    const Tokenizer tokenizer = Tokenizer::fromFolder(folder.string());

    const auto size = static_cast<int64_t>(vocabulary.tokens.size());
    EXPECT_EQ(tokenizer.vocabSize(), size);
    EXPECT_EQ(tokenizer.startToken(), size - 2);
    EXPECT_EQ(tokenizer.endToken(), size - 1);
    EXPECT_GT(vocabulary.merges.size(), 100u);
}

TEST(BpeTrainer, CaptionsRoundTrip)
{
    const auto folder = test::scratchDir("bpe-round-trip");
    const std::vector<std::string> captions = demoCaptions(2000);
    writeBpeVocabulary(learnBpeVocabulary(captions), folder.string());
    const Tokenizer tokenizer = Tokenizer::fromFolder(folder.string());

    size_t tokens = 0, bytes = 0;
    for (size_t i = 0; i < captions.size(); i += 7) {
        const std::vector<int64_t> ids = tokenizer.encode(captions[i]);
        EXPECT_EQ(decode(ids, folder), joinWords(text::preTokenize(captions[i]))) << captions[i];
        tokens += ids.size();
        bytes += captions[i].size();
    }
    // Whole words became tokens, so captions take far fewer tokens than bytes.
    EXPECT_LT(tokens * 3, bytes);
}

TEST(BpeTrainer, ClassNamesAreWholeTokens)
{
    const auto folder = test::scratchDir("bpe-class-names");
    writeBpeVocabulary(learnBpeVocabulary(demoCaptions(2000)), folder.string());
    const Tokenizer tokenizer = Tokenizer::fromFolder(folder.string());
    for (const std::string& name : demo::defectClassNames())
        EXPECT_EQ(tokenizer.encode(name).size(), text::preTokenize(name).size()) << name;
}

TEST(BpeTrainer, UnseenTextStillEncodes)
{
    const auto folder = test::scratchDir("bpe-unseen");
    writeBpeVocabulary(learnBpeVocabulary(demoCaptions(500)), folder.string());
    const Tokenizer tokenizer = Tokenizer::fromFolder(folder.string());
    // Byte tokens cover any UTF-8 text, even words never seen in training.
    EXPECT_FALSE(tokenizer.encode("Zebra \xc3\xa9t\xc3\xa9 #7").empty());
}

TEST(BpeTrainer, DeterministicMerges)
{
    const std::vector<std::string> captions = demoCaptions(300);
    EXPECT_EQ(learnBpeVocabulary(captions).merges, learnBpeVocabulary(captions).merges);
}

TEST(BpeTrainer, RespectsVocabularyLimit)
{
    BpeTrainingOptions options;
    options.maxVocabSize = 600;
    const BpeVocabulary vocabulary = learnBpeVocabulary(demoCaptions(500), options);
    EXPECT_EQ(vocabulary.tokens.size(), 600u);
    EXPECT_EQ(vocabulary.tokens.back(), "<|endoftext|>");
}

TEST(BpeTrainer, StopsAtMinimumPairCount)
{
    BpeTrainingOptions options;
    options.minPairCount = 3;
    // "ab" occurs twice, so no pair reaches three occurrences.
    EXPECT_TRUE(learnBpeVocabulary({"ab ab"}, options).merges.empty());
    options.minPairCount = 2;
    const BpeVocabulary vocabulary = learnBpeVocabulary({"ab ab"}, options);
    ASSERT_EQ(vocabulary.merges.size(), 1u);
    EXPECT_EQ(vocabulary.merges[0].first, "a");
    EXPECT_EQ(vocabulary.merges[0].second, "b</w>");
}

TEST(BpeTrainer, RejectsInvalidOptions)
{
    BpeTrainingOptions options;
    options.maxVocabSize = 513;
    EXPECT_THROW(learnBpeVocabulary({"a"}, options), Error);
    options.maxVocabSize = 1000;
    options.minPairCount = 0;
    EXPECT_THROW(learnBpeVocabulary({"a"}, options), Error);
    EXPECT_THROW(learnBpeVocabulary({"\xff"}, {}), Error);
}
