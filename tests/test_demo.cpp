// The demo data generator: determinism, balance, image format and captions
// that agree with the drawn defect.

#include "fixtures.h"

#include "base/error.h"
#include "demo/demo_dataset.h"
#include "demo/demo_generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

using namespace fewshot;
using namespace fewshot::demo;

namespace {

// Words that name each class in captions, in defectClassNames() order. A
// caption names its own class with at least one of them and no other class.
const std::vector<std::vector<std::string>>& classKeywords()
{
    static const std::vector<std::vector<std::string>> keywords = {
        {"no defect", "no visible defect", "without defects", "flawless", "good condition", "clean"},
        {"scratch"},
        {"crack"},
        {"dent"},
        {"rust"},
        {"hole"},
        {"stain"},
        {"chip", "broken edge"},
    };
    return keywords;
}

bool mentions(const std::string& caption, const std::vector<std::string>& words)
{
    return std::any_of(words.begin(), words.end(),
                       [&](const std::string& word) { return caption.find(word) != std::string::npos; });
}

size_t countFiles(const std::filesystem::path& folder)
{
    return static_cast<size_t>(std::distance(std::filesystem::directory_iterator(folder), {}));
}

}  // namespace

TEST(DemoGenerator, SameSeedGivesSameSample)
{
    for (uint64_t index : {0u, 5u, 123u}) {
        const DemoSample first = generateSample(42, index);
        const DemoSample second = generateSample(42, index);
        EXPECT_EQ(first.rgb, second.rgb) << "index " << index;
        EXPECT_EQ(first.caption, second.caption) << "index " << index;
    }
}

TEST(DemoGenerator, SeedsAndIndicesDiffer)
{
    EXPECT_NE(generateSample(1, 0).rgb, generateSample(2, 0).rgb);
    EXPECT_NE(generateSample(1, 0).rgb, generateSample(1, 8).rgb);
}

TEST(DemoGenerator, ImagesAreSquareRgb)
{
    const DemoSample sample = generateSample(3, 7);
    EXPECT_EQ(sample.width, kImageSize);
    EXPECT_EQ(sample.height, kImageSize);
    EXPECT_EQ(sample.rgb.size(), static_cast<size_t>(kImageSize * kImageSize * 3));
}

TEST(DemoGenerator, ClassFollowsIndex)
{
    const auto classCount = static_cast<int>(defectClassNames().size());
    ASSERT_EQ(classCount, 8);
    for (int index = 0; index < 24; ++index)
        EXPECT_EQ(generateSample(9, static_cast<uint64_t>(index)).attributes.defectClass, index % classCount);
}

TEST(DemoGenerator, RequestedClassIsDrawn)
{
    EXPECT_EQ(generateSample(9, 0, 3).attributes.defectClass, 3);
    EXPECT_THROW(generateSample(9, 0, 8), Error);
    EXPECT_THROW(generateSample(9, 0, -1), Error);
}

TEST(DemoGenerator, DefectChangesPixels)
{
    // Same seed and index, so the same scene; only the defect differs.
    const DemoSample intact = generateSample(5, 16, 0);
    for (int defect = 1; defect < 8; ++defect) {
        const DemoSample damaged = generateSample(5, 16, defect);
        int changed = 0;
        for (size_t i = 0; i < intact.rgb.size(); ++i)
            changed += std::abs(intact.rgb[i] - damaged.rgb[i]) > 40 ? 1 : 0;
        EXPECT_GT(changed, 10) << defectClassNames()[static_cast<size_t>(defect)];
    }
}

TEST(DemoGenerator, CaptionNamesOnlyItsClass)
{
    const auto& keywords = classKeywords();
    for (uint64_t index = 0; index < 400; ++index) {
        const DemoSample sample = generateSample(11, index);
        const auto own = static_cast<size_t>(sample.attributes.defectClass);
        EXPECT_TRUE(mentions(sample.caption, keywords[own])) << sample.caption;
        for (size_t other = 0; other < keywords.size(); ++other)
            if (other != own)
                EXPECT_FALSE(mentions(sample.caption, keywords[other])) << sample.caption;
    }
}

TEST(DemoGenerator, CaptionsUseManyForms)
{
    std::set<std::string> captions;
    std::map<std::string, int> objects;
    for (uint64_t index = 0; index < 200; ++index) {
        const DemoSample sample = generateSample(13, index);
        captions.insert(sample.caption);
        ++objects[sample.attributes.object];
    }
    EXPECT_GT(captions.size(), 120u);
    EXPECT_EQ(objects.size(), 5u);
}

TEST(DemoGenerator, TemplatesHaveAPlaceholder)
{
    ASSERT_FALSE(defaultTemplates().empty());
    for (const std::string& promptTemplate : defaultTemplates())
        EXPECT_NE(promptTemplate.find("{}"), std::string::npos) << promptTemplate;
}

TEST(DemoDataset, WritesBalancedClassFolders)
{
    const auto folder = test::scratchDir("demo-dataset");
    writeDemoDataset(folder.string(), 20, 4);
    size_t total = 0;
    for (const std::string& name : defectClassNames()) {
        ASSERT_TRUE(std::filesystem::is_directory(folder / name)) << name;
        const size_t files = countFiles(folder / name);
        EXPECT_GE(files, 2u) << name;
        EXPECT_LE(files, 3u) << name;
        total += files;
    }
    EXPECT_EQ(total, 20u);
    EXPECT_TRUE(std::filesystem::exists(folder / "no defect" / "000000.png"));
    EXPECT_TRUE(std::filesystem::exists(folder / "scratch" / "000009.png"));
}

TEST(DemoDataset, RejectsEmptyCount)
{
    EXPECT_THROW(writeDemoDataset(test::scratchDir("demo-empty").string(), 0, 1), Error);
}
