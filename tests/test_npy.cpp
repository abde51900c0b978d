#include "fixtures.h"

#include "base/error.h"
#include "base/json_file.h"
#include "base/npy.h"

#include <fstream>

using namespace fewshot;
using namespace fewshot::test;

TEST(Npy, RoundTripKeepsShapeAndValues)
{
    const auto path = scratchDir("npy-roundtrip") / "a.npy";
    const std::vector<float> values = {1, 2, 3, 4, 5, 6};
    writeNpy(path, {2, 3}, values.data());

    const auto array = readNpy(path);
    EXPECT_EQ(array.shape, (std::vector<int64_t>{2, 3}));
    EXPECT_EQ(array.data, values);
}

TEST(Npy, HeaderIsFormat10AlignedTo64)
{
    const auto path = scratchDir("npy-header") / "a.npy";
    const float value = 1;
    writeNpy(path, {1}, &value);
    const auto bytes = readFileBytes(path);
    EXPECT_EQ(bytes.substr(0, 6), "\x93NUMPY");
    EXPECT_EQ(bytes[6], 1);
    EXPECT_EQ(bytes[7], 0);
    EXPECT_EQ((bytes.size() - 4) % 64, 0u);
    EXPECT_NE(bytes.find("'shape': (1,)"), std::string::npos);
}

TEST(Npy, ReadsFixtureLabelsAsIntegers)
{
    FEWSHOT_REQUIRE_FIXTURE("fewshot-features");
    std::vector<int64_t> shape;
    const auto labels = readNpyIntegers(fixturesDir() / "fewshot-features/pool_labels.npy", &shape);
    ASSERT_EQ(shape.size(), 1u);
    EXPECT_EQ(static_cast<int64_t>(labels.size()), shape[0]);
}

TEST(Npy, NotNpyFileIsRejected)
{
    const auto path = scratchDir("npy-bad") / "a.npy";
    std::ofstream(path) << "hello";
    EXPECT_THROW(readNpy(path), Error);
}

TEST(Npy, TruncatedDataIsRejected)
{
    const auto path = scratchDir("npy-truncated") / "a.npy";
    const std::vector<float> values(100, 1.0f);
    writeNpy(path, {100}, values.data());
    std::filesystem::resize_file(path, 200);
    EXPECT_THROW(readNpy(path), Error);
}

TEST(AtomicWrite, ReplacesWholeFile)
{
    const auto path = scratchDir("atomic") / "f.txt";
    writeFileAtomically(path, "first version");
    writeFileAtomically(path, "second");
    EXPECT_EQ(readFileBytes(path), "second");
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(path.parent_path()), {}), 1);
}
