// pytorch_model.bin files whose pickle asks for anything beyond tensors and
// plain containers. Python's pickle would import and call what a GLOBAL
// opcode names (os.system, builtins.eval, ...). LibTorch's unpickler is C++
// and resolves only the few names torch.save writes, so readTorchBin must
// reject every such file with an Error, and nothing it names may run. The
// archives are built here byte by byte: a zip with archive/data.pkl,
// archive/data/<storage key> and archive/version, as torch.save writes them.

#include "fault_test_support.h"
#include "fixtures.h"

#include "base/error.h"
#include "model/checkpoint_reader.h"

#include <gtest/gtest.h>

#include <fstream>

namespace fs = std::filesystem;
using fewshot::test::kNoError;
using fewshot::test::messageOf;
using namespace std::string_literals;

namespace {

uint32_t crc32(const std::string& bytes)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (const unsigned char byte : bytes) {
        crc ^= byte;
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

void appendLittleEndian(std::string& out, uint64_t value, int bytes)
{
    for (int i = 0; i < bytes; ++i)
        out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

// A zip archive of uncompressed (stored) entries.
std::string zipArchive(const std::vector<std::pair<std::string, std::string>>& entries)
{
    std::string archive;
    std::string directory;
    for (const auto& [name, data] : entries) {
        const auto offset = archive.size();
        const uint32_t crc = crc32(data);
        std::string fields;  // version needed, flags, method, time, date, CRC, sizes, name length, extra length
        appendLittleEndian(fields, 20, 2);
        appendLittleEndian(fields, 0, 2);
        appendLittleEndian(fields, 0, 2);
        appendLittleEndian(fields, 0, 4);
        appendLittleEndian(fields, crc, 4);
        appendLittleEndian(fields, data.size(), 4);
        appendLittleEndian(fields, data.size(), 4);
        appendLittleEndian(fields, name.size(), 2);
        appendLittleEndian(fields, 0, 2);
        appendLittleEndian(archive, 0x04034b50, 4);
        archive += fields + name + data;

        appendLittleEndian(directory, 0x02014b50, 4);
        appendLittleEndian(directory, 20, 2);  // version made by
        directory += fields;
        appendLittleEndian(directory, 0, 2);   // comment length
        appendLittleEndian(directory, 0, 2);   // disk number
        appendLittleEndian(directory, 0, 2);   // internal attributes
        appendLittleEndian(directory, 0, 4);   // external attributes
        appendLittleEndian(directory, offset, 4);
        directory += name;
    }
    const auto directoryOffset = archive.size();
    archive += directory;
    appendLittleEndian(archive, 0x06054b50, 4);
    appendLittleEndian(archive, 0, 2);
    appendLittleEndian(archive, 0, 2);
    appendLittleEndian(archive, entries.size(), 2);
    appendLittleEndian(archive, entries.size(), 2);
    appendLittleEndian(archive, directory.size(), 4);
    appendLittleEndian(archive, directoryOffset, 4);
    appendLittleEndian(archive, 0, 2);
    return archive;
}

// Pickle opcodes (Python's Lib/pickletools.py lists them all).
std::string unicode(const std::string& text)  // BINUNICODE
{
    std::string out = "X";
    appendLittleEndian(out, text.size(), 4);
    return out + text;
}

std::string global(const std::string& module, const std::string& name)  // GLOBAL
{
    return "c" + module + "\n" + name + "\n";
}

const std::string kProtocol2 = "\x80\x02";
const std::string kEmptyDict = "}";
const std::string kMark = "(";
const std::string kTuple = "t";
const std::string kTuple1 = "\x85";
const std::string kEmptyTuple = ")";
const std::string kReduce = "R";
const std::string kSetItems = "u";
const std::string kStop = ".";

// A one-entry state dict {"weight": <value>} around the opcodes of `value`.
// SETITEMS, not SETITEM: LibTorch 1.13's unpickler knows only the former,
// which is what torch.save writes.
std::string stateDictWith(const std::string& value)
{
    return kProtocol2 + kEmptyDict + kMark + unicode("weight") + value + kSetItems + kStop;
}

// A float32 tensor of `size` elements rebuilt from storage "0" (stated to
// hold `storageSize` elements), as torch.save writes it.
std::string tensorValue(uint8_t size = 2, uint8_t storageSize = 2)
{
    const std::string storageId = kMark + unicode("storage") + global("torch", "FloatStorage") + unicode("0")
                                  + unicode("cpu") + "K" + static_cast<char>(storageSize) + kTuple + "Q";  // BINPERSID
    return global("torch._utils", "_rebuild_tensor_v2") + kMark + storageId + "K\x00"s
           + kMark + "K" + static_cast<char>(size) + kTuple + kMark + "K\x01" + kTuple + "\x89"  // size, stride, requires_grad
           + global("collections", "OrderedDict") + kEmptyTuple + kReduce + kTuple + kReduce;
}

class PickleFiles : public ::testing::Test {
protected:
    void SetUp() override
    {
        dir = fewshot::test::scratchDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
        marker = dir / "code-ran";
    }

    // Writes pytorch_model.bin with `pickle` as data.pkl and two floats as storage 0.
    fs::path writeBin(const std::string& pickle)
    {
        const std::string floats("\x00\x00\x80\x3f\x00\x00\x00\x40", 8);  // 1.0f, 2.0f
        const fs::path path = dir / "pytorch_model.bin";
        std::ofstream(path, std::ios::binary)
            << zipArchive({{"archive/data.pkl", pickle}, {"archive/data/0", floats}, {"archive/version", "3\n"}});
        return path;
    }

    // Expects readTorchBin to raise an Error naming the file, and the shell command not to have run.
    void expectRejected(const std::string& pickle)
    {
        expectRejectedArchive(writeBin(pickle));
    }

    void expectRejectedArchive(const fs::path& path)
    {
        const std::string message = messageOf([&] { fewshot::readTorchBin(path.string()); });
        EXPECT_NE(message, kNoError);
        EXPECT_NE(message.find(path.string()), std::string::npos) << message;
        EXPECT_FALSE(fs::exists(marker)) << "the pickle ran a command";
    }

    std::string command() const { return "touch " + marker.string(); }

    fs::path dir;
    fs::path marker;
};

}  // namespace

TEST_F(PickleFiles, PlainStateDictLoads)
{
    // The control case: the same builders make a file that loads.
    const auto tensors = fewshot::readTorchBin(writeBin(stateDictWith(tensorValue())).string());
    ASSERT_EQ(tensors.count("weight"), 1u);
    const auto& weight = tensors.at("weight");
    ASSERT_EQ(weight.numel(), 2);
    EXPECT_EQ(weight[0].item<float>(), 1.0f);
    EXPECT_EQ(weight[1].item<float>(), 2.0f);
}

TEST_F(PickleFiles, OsSystemRejected)
{
    expectRejected(stateDictWith(global("os", "system") + unicode(command()) + kTuple1 + kReduce));
    expectRejected(stateDictWith(global("posix", "system") + unicode(command()) + kTuple1 + kReduce));
}

TEST_F(PickleFiles, BuiltinsEvalRejected)
{
    const std::string code = "__import__('os').system('" + command() + "')";
    expectRejected(stateDictWith(global("builtins", "eval") + unicode(code) + kTuple1 + kReduce));
    expectRejected(stateDictWith(global("__builtin__", "eval") + unicode(code) + kTuple1 + kReduce));
    expectRejected(stateDictWith(global("builtins", "exec") + unicode(code) + kTuple1 + kReduce));
}

TEST_F(PickleFiles, OtherCallOpcodesRejected)
{
    // INST, OBJ and NEWOBJ create objects of a named class.
    expectRejected(stateDictWith(kMark + unicode(command()) + "ios\nsystem\n"));
    expectRejected(stateDictWith(kMark + global("os", "system") + unicode(command()) + "o"));
    expectRejected(stateDictWith(global("subprocess", "Popen") + unicode(command()) + kTuple1 + "\x81"));
    // STACK_GLOBAL (protocol 4) takes the names from the stack; neither
    // protocol 4 nor the opcode in a protocol 2 pickle is accepted.
    const std::string stackGlobal = "\x8c\x02os\x8c\x06system\x93";
    const std::string call = stackGlobal + unicode(command()) + kTuple1 + kReduce;
    expectRejected("\x80\x04}(" + unicode("weight") + call + kSetItems + kStop);
    expectRejected(stateDictWith(call));
}

TEST_F(PickleFiles, PickledModulesRejected)
{
    // torch.save(model) instead of torch.save(model.state_dict()): a module
    // object rebuilt from its class and state.
    const std::string module = global("torch.nn.modules.linear", "Linear") + kEmptyTuple + "\x81" + kEmptyDict
                               + kMark + unicode("training") + "\x88" + kSetItems + "b";  // NEWTRUE, BUILD
    expectRejected(kProtocol2 + module + kStop);
    // A TorchScript class, which only a TorchScript archive can define.
    expectRejected(stateDictWith(global("__torch__.Exploit", "Exploit") + kEmptyTuple + "\x81"));
}

TEST_F(PickleFiles, NonTensorValuesRejected)
{
    // Plain containers load, but a state dict must map names to tensors.
    expectRejected(stateDictWith(unicode("just a string")));
    expectRejected(kProtocol2 + kMark + "K\x01K\x02" + kTuple + kStop);
    // A persistent id that is not a storage.
    expectRejected(stateDictWith(kMark + unicode("module") + global("os", "system") + kTuple + "Q"));
    // BUILD on a dict trips an internal assertion in LibTorch 1.13, which is a c10::Error too.
    expectRejected(stateDictWith(kEmptyDict + kEmptyDict + "b"));
}

// Malformed archives that made LibTorch 1.13 read or allocate out of bounds
// (found by fuzz_torch_bin; readTorchBin now checks each case first).

TEST_F(PickleFiles, EntryLargerThanArchiveRejected)
{
    // The zip entry of "version" claims 1 MB, but the file ends after 2 bytes.
    std::string archive = zipArchive({{"archive/data.pkl", stateDictWith(tensorValue())},
                                      {"archive/data/0", std::string(8, '\0')},
                                      {"archive/version", "3\n"}});
    const size_t directory = archive.rfind("archive/version") - 46;  // its central directory entry
    for (const size_t sizeField : {directory + 20, directory + 24})
        archive.replace(sizeField, 4, std::string("\x00\x00\x10\x00", 4));
    const fs::path path = dir / "pytorch_model.bin";
    std::ofstream(path, std::ios::binary) << archive;
    expectRejectedArchive(path);
}

TEST_F(PickleFiles, StringLongerThanPickleRejected)
{
    // A 4 GB string declared in a pickle of a few bytes: LibTorch allocated it before reading.
    std::string hugeString = "X";
    appendLittleEndian(hugeString, 0xFFF00000u, 4);
    const fs::path path = writeBin(stateDictWith(hugeString + "abc"));
    const std::string message = messageOf([&] { fewshot::readTorchBin(path.string()); });
    EXPECT_NE(message.find("declares a value of 4293918720 bytes"), std::string::npos) << message;
}

TEST_F(PickleFiles, TensorLargerThanStorageRejected)
{
    // 100 elements over a storage that states 100 but whose record holds 2.
    const fs::path path = writeBin(stateDictWith(tensorValue(100, 100)));
    const std::string message = messageOf([&] { fewshot::readTorchBin(path.string()); });
    EXPECT_NE(message.find("address bytes outside its 8-byte storage"), std::string::npos) << message;
}

TEST_F(PickleFiles, EmptyTensorLoads)
{
    // A record of zero bytes: LibTorch's zip reader requested it with a null
    // buffer, which reached memcpy (undefined behaviour; found by fuzz_torch_bin).
    const fs::path path = dir / "pytorch_model.bin";
    std::ofstream(path, std::ios::binary) << zipArchive({{"archive/data.pkl", stateDictWith(tensorValue(0, 0))},
                                                         {"archive/data/0", ""},
                                                         {"archive/version", "3\n"}});
    const auto tensors = fewshot::readTorchBin(path.string());
    ASSERT_EQ(tensors.count("weight"), 1u);
    EXPECT_EQ(tensors.at("weight").numel(), 0);
}

TEST_F(PickleFiles, EmptyVersionRecordRejected)
{
    // The same null buffer, for an empty archive/version record.
    const fs::path path = dir / "pytorch_model.bin";
    std::ofstream(path, std::ios::binary) << zipArchive({{"archive/data.pkl", stateDictWith(tensorValue())},
                                                         {"archive/data/0", std::string(8, '\0')},
                                                         {"archive/version", ""}});
    expectRejectedArchive(path);
}

TEST_F(PickleFiles, StackUnderflowRejected)
{
    // LibTorch 1.13's unpickler pops its stack without checking: BUILD on a
    // one-item stack freed memory it never allocated (found by fuzz_torch_bin).
    const auto messageFor = [&](const std::string& pickle) {
        return messageOf([&] { fewshot::readTorchBin(writeBin(pickle).string()); });
    };
    const std::string stack = ", but the unpickler's stack contains ";
    std::string message = messageFor(kProtocol2 + kEmptyDict + "b" + kStop);
    EXPECT_NE(message.find("data.pkl is corrupt: opcode 'b' at byte 3 takes 2 items" + stack + "1"), std::string::npos)
        << message;
    message = messageFor(kProtocol2 + kReduce + kStop);
    EXPECT_NE(message.find("opcode 'R' at byte 2 takes 2 items" + stack + "0"), std::string::npos) << message;
    message = messageFor(kProtocol2 + kStop);
    EXPECT_NE(message.find("opcode '.' at byte 2 takes 1 item" + stack + "0"), std::string::npos) << message;
    // Items below a MARK are out of reach, as in Python's unpickler.
    message = messageFor(kProtocol2 + kEmptyDict + kEmptyDict + kMark + "b" + kStop);
    EXPECT_NE(message.find("opcode 'b' at byte 5 takes 2 items" + stack + "0 above its last MARK"), std::string::npos)
        << message;
}

TEST_F(PickleFiles, MissingMarkRejected)
{
    const fs::path noMark = writeBin(kProtocol2 + kEmptyDict + kSetItems + kStop);
    std::string message = messageOf([&] { fewshot::readTorchBin(noMark.string()); });
    EXPECT_NE(message.find("opcode 'u' at byte 3 needs a MARK before it, and there is none"), std::string::npos)
        << message;
    // SETITEMS with no dictionary below its MARK.
    const fs::path noDictionary = writeBin(kProtocol2 + kMark + unicode("key") + unicode("value") + kSetItems + kStop);
    message = messageOf([&] { fewshot::readTorchBin(noDictionary.string()); });
    EXPECT_NE(message.find("opcode 'u' at byte 21 takes more items than the unpickler's stack contains"),
              std::string::npos)
        << message;
}

TEST_F(PickleFiles, UnsetMemoEntryRejected)
{
    // BINGET of a memo entry that no PUT wrote: LibTorch 1.13 raised std::out_of_range.
    std::string message = messageOf([&] { fewshot::readTorchBin(writeBin(kProtocol2 + "h\x05" + kStop).string()); });
    EXPECT_NE(message.find("opcode 'h' at byte 2 reads memo entry 5, which no earlier opcode stored"),
              std::string::npos)
        << message;
    // LONG_BINPUT far past the end of the memo.
    const std::string farPut = kProtocol2 + kEmptyDict + "r\xff\xff\xff\xff" + kStop;
    message = messageOf([&] { fewshot::readTorchBin(writeBin(farPut).string()); });
    EXPECT_NE(message.find("opcode 'r' at byte 3 stores memo entry 4294967295, but the memo has only 0 entries"),
              std::string::npos)
        << message;
    // The control case: a second key that reads the first tensor back from the memo loads.
    const std::string ordered = kProtocol2 + kEmptyDict + "q\x00"s + kMark + unicode("weight") + tensorValue()
                                + "q\x01" + unicode("alias") + "h\x01" + kSetItems + kStop;
    EXPECT_EQ(messageOf([&] { fewshot::readTorchBin(writeBin(ordered).string()); }), kNoError);
    EXPECT_EQ(fewshot::readTorchBin(writeBin(ordered).string()).count("alias"), 1u);
}
