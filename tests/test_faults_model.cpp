// The model folder changing under a running program, and running out of
// memory on a large batch.

#include "fault_test_support.h"
#include "fixtures.h"
#include "model_test_support.h"
#include "store_test_util.h"

#include "base/error.h"
#include "model/checkpoint_writer.h"
#include "model/mapped_file.h"
#include "pipeline/clip_session.h"

#include <c10/core/CPUAllocator.h>
#include <c10/core/impl/alloc_cpu.h>

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <fstream>

namespace fs = std::filesystem;
using fewshot::ClipSession;
using fewshot::test::kNoError;
using fewshot::test::messageOf;

namespace {

// A tiny random model with a byte-level tokenizer, and `imageCount` BMP images.
struct ModelFixture {
    fs::path folder;
    std::vector<std::string> images;

    // imageSize: the model's input size. At the default 16 pixels the patch
    // embedding's weights outweigh every activation; at 64 the activations
    // grow largest with the batch.
    ModelFixture(const fs::path& dir, int imageCount, int imageSize = 16)
    {
        folder = dir / "model";
        fewshot::ClipConfig config = fewshot::test::tinyConfig();
        config.vision.imageSize = imageSize;
        config.text.vocabSize = 520;  // writeByteLevelVocabulary needs at least 514 ids
        config.text.eosTokenId = 519;
        fewshot::writeRandomCheckpoint(folder.string(), config, 7);
        fewshot::Tokenizer::writeByteLevelVocabulary(folder.string(), config.text.vocabSize);
        for (int i = 0; i < imageCount; ++i) {
            const fs::path image = dir / "images" / ("image-" + std::to_string(i) + ".bmp");
            fewshot::test::writeBmp(image, 20 + i, 18, i);
            images.push_back(image.string());
        }
    }

    std::unique_ptr<ClipSession> open(int batchSize = 16) const
    {
        fewshot::SessionOptions options;
        options.model.device = "cpu";
        options.batchSize = batchSize;
        return ClipSession::open(folder.string(), options);
    }
};

std::vector<float> encode(const ClipSession& session, const std::vector<std::string>& images)
{
    const auto embeddings = session.encodeImageFiles(images, [](size_t, const std::string& message) {
        ADD_FAILURE() << message;
    });
    return embeddings.values;
}

class ModelFaults : public ::testing::Test {
protected:
    void SetUp() override
    {
        dir = fewshot::test::scratchDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    }
    fs::path dir;
};

}  // namespace

TEST_F(ModelFaults, FolderDeletedAfterLoad)
{
    const ModelFixture model(dir, 3);
    const auto session = model.open();
    const auto before = encode(*session, model.images);

    fs::remove_all(model.folder);
    // The open weights file stays readable until the session closes.
    EXPECT_EQ(encode(*session, model.images), before);
    EXPECT_NO_THROW(session->encodeTexts({"a photo of a cat"}));

    const std::string message = messageOf([&] { model.open(); });
    EXPECT_NE(message.find(model.folder.string() + ": model folder not found"), std::string::npos) << message;
}

TEST_F(ModelFaults, WeightsReplacedByRenameKeepLoadedModel)
{
    const ModelFixture model(dir, 2);
    const auto session = model.open();
    const auto before = encode(*session, model.images);

    // writeRandomCheckpoint writes a new file and renames it over the old one,
    // as downloaders do: the loaded model keeps the old file's contents.
    fewshot::writeRandomCheckpoint(model.folder.string(), session->model().config(), 8);
    EXPECT_EQ(encode(*session, model.images), before);
    EXPECT_NE(encode(*model.open(), model.images), before);
}

TEST_F(ModelFaults, WeightsTruncatedAfterLoad)
{
    const ModelFixture model(dir, 2);
    const auto session = model.open();
    encode(*session, model.images);

    // As `cp` or a download tool that rewrites the file in place does first.
    const fs::path weights = model.folder / "model.safetensors";
    fs::resize_file(weights, 100);
    const std::string imageMessage = messageOf([&] { encode(*session, model.images); });
    EXPECT_NE(imageMessage.find(weights.string()), std::string::npos) << imageMessage;
    EXPECT_NE(imageMessage.find("load the model again"), std::string::npos) << imageMessage;
    const std::string textMessage = messageOf([&] { session->encodeTexts({"a photo"}); });
    EXPECT_NE(textMessage.find(weights.string()), std::string::npos) << textMessage;
}

TEST_F(ModelFaults, WeightsRewrittenInPlace)
{
    const ModelFixture model(dir, 1);
    const auto session = model.open();
    encode(*session, model.images);

    const fs::path weights = model.folder / "model.safetensors";
    {
        std::fstream file(weights, std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(static_cast<std::streamoff>(fs::file_size(weights) / 2));
        file.write("\x7f\x7f\x7f\x7f", 4);
    }
    const std::string message = messageOf([&] { encode(*session, model.images); });
    EXPECT_NE(message.find(weights.string() + ": the file was rewritten while it was in use"), std::string::npos)
        << message;
}

TEST(MappedFileFaults, TruncatedPlainMappingRaisesSigbus)
{
    // Why MappedFile guards its pages: without it, reading a page of a
    // mapping past the file's new end kills the process with SIGBUS.
    const fs::path path = fewshot::test::scratchDir("TruncatedPlainMapping") / "data";
    std::ofstream(path, std::ios::binary) << std::string(64 * 1024, 'x');
    const pid_t child = fork();
    if (child == 0) {
        // The default action, not MappedFile's handler (inherited, and it
        // passes on faults outside its mappings) or AddressSanitizer's.
        std::signal(SIGBUS, SIG_DFL);
        const int fd = ::open(path.c_str(), O_RDONLY);
        const auto* bytes = static_cast<const volatile char*>(::mmap(nullptr, 64 * 1024, PROT_READ, MAP_PRIVATE, fd, 0));
        if (::truncate(path.c_str(), 100) != 0)
            _exit(2);
        _exit(bytes[60 * 1024] == 'x' ? 0 : 1);
    }
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "exit status " << WEXITSTATUS(status);
    EXPECT_EQ(WTERMSIG(status), SIGBUS);
}

TEST(MappedFileFaults, TruncatedGuardedMappingReadsZeros)
{
    const fs::path path = fewshot::test::scratchDir("TruncatedGuardedMapping") / "data";
    std::ofstream(path, std::ios::binary) << std::string(64 * 1024, 'x');
    const auto file = fewshot::MappedFile::open(path.string());
    EXPECT_NO_THROW(file->checkUnchanged());

    fs::resize_file(path, 100);
    const volatile uint8_t* bytes = file->data();
    EXPECT_EQ(bytes[60 * 1024], 0);
    EXPECT_EQ(bytes[10], 'x');  // the first page is still inside the file
    const std::string message = messageOf([&] { file->checkUnchanged(); });
    EXPECT_NE(message.find(path.string() + ": the file was truncated while it was in use"), std::string::npos)
        << message;
}

namespace {

// Wraps LibTorch's CPU allocator: records the largest request and fails
// requests above a limit with the error LibTorch itself raises when memory
// runs out (a request it cannot satisfy is passed to its allocator).
class LimitedAllocator : public c10::Allocator {
public:
    explicit LimitedAllocator(c10::Allocator* real) : real_(real) {}

    c10::DataPtr allocate(size_t bytes) const override
    {
        size_t seen = largest.load();
        while (bytes > seen && !largest.compare_exchange_weak(seen, bytes)) {
        }
        if (bytes > limit.load())
            c10::alloc_cpu(std::numeric_limits<size_t>::max() / 2);  // throws c10::Error
        return real_->allocate(bytes);
    }

    c10::DeleterFnPtr raw_deleter() const override { return real_->raw_deleter(); }

    mutable std::atomic<size_t> largest{0};
    std::atomic<size_t> limit{std::numeric_limits<size_t>::max()};

private:
    c10::Allocator* real_;
};

// Installs a LimitedAllocator as LibTorch's CPU allocator until destroyed.
class ScopedLimitedAllocator {
public:
    ScopedLimitedAllocator() : previous_(c10::GetCPUAllocator()), allocator_(previous_)
    {
        c10::SetCPUAllocator(&allocator_, kPriority);
    }
    ~ScopedLimitedAllocator() { c10::SetCPUAllocator(previous_, kPriority); }

    LimitedAllocator& operator*() { return allocator_; }
    LimitedAllocator* operator->() { return &allocator_; }

private:
    static constexpr uint8_t kPriority = 100;  // above the default allocator's registration
    c10::Allocator* previous_;
    LimitedAllocator allocator_;
};

}  // namespace

TEST_F(ModelFaults, OutOfMemoryHalvesTheBatch)
{
    const ModelFixture model(dir, 8, 64);
    const auto reference = encode(*model.open(1), model.images);
    const auto session = model.open(8);

    ScopedLimitedAllocator allocator;
    encode(*session, {model.images[0], model.images[1]});
    const size_t twoImages = allocator->largest.exchange(0);
    encode(*session, model.images);
    const size_t eightImages = allocator->largest.load();
    ASSERT_GT(eightImages, twoImages) << "the largest allocation does not grow with the batch";

    // Room for a batch of two, not eight.
    allocator->limit = twoImages;
    const auto embeddings = session->encodeImageFiles(model.images, {});
    EXPECT_LT(embeddings.batchSize, 8);
    EXPECT_GE(embeddings.batchSize, 2);
    EXPECT_EQ(embeddings.indices.size(), 8u);
    EXPECT_LT(fewshot::test::maxAbsDifference(embeddings.values, reference), 1e-5f);
}

TEST_F(ModelFaults, OutOfMemoryForOneImageIsReported)
{
    const ModelFixture model(dir, 2);
    const auto session = model.open(2);
    ScopedLimitedAllocator allocator;
    allocator->limit = 64;
    const std::string message = messageOf([&] { session->encodeImageFiles(model.images, {}); });
    EXPECT_NE(message.find("out of memory"), std::string::npos) << message;
    EXPECT_NE(message.find("Not even one image fits in memory"), std::string::npos) << message;

    // The session works again once memory is available.
    allocator->limit = std::numeric_limits<size_t>::max();
    EXPECT_EQ(session->encodeImageFiles(model.images, {}).indices.size(), 2u);
}
