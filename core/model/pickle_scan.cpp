#include "model/pickle_scan.h"

#include "base/error.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

namespace fewshot {
namespace {

// The layout of an opcode's argument (pickletools' ArgumentDescriptor).
enum class Argument {
    None,
    Fixed,       // `size` bytes
    Counted,     // a little-endian length of `size` bytes, then that many bytes
    Line,        // text up to a newline
    TwoLines,    // module and name, each up to a newline
    Unknown,
};

struct Layout {
    Argument argument;
    int size;
};

Layout layoutOf(unsigned char opcode)
{
    switch (opcode) {
    case '(': case '.': case '0': case '1': case '2': case 'N': case 'R': case 'a': case 'b':
    case 'd': case '}': case 'e': case 'l': case ']': case 'o': case 's': case 't': case ')':
    case 'u': case 'Q': case 0x81: case 0x85: case 0x86: case 0x87: case 0x88: case 0x89:
    case 0x8f: case 0x90: case 0x91: case 0x92: case 0x93: case 0x94:
        return {Argument::None, 0};
    case 'K': case 'h': case 'q': case 0x80: case 0x82:
        return {Argument::Fixed, 1};
    case 'M': case 0x83:
        return {Argument::Fixed, 2};
    case 'J': case 'j': case 'r': case 0x84:
        return {Argument::Fixed, 4};
    case 'G': case 0x95:  // BINFLOAT; FRAME's argument is the frame length, not data
        return {Argument::Fixed, 8};
    case 'C': case 'U': case 0x8a: case 0x8c:  // SHORT_BINBYTES, SHORT_BINSTRING, LONG1, SHORT_BINUNICODE
        return {Argument::Counted, 1};
    case 'X': case 'B': case 'T': case 0x8b:  // BINUNICODE, BINBYTES, BINSTRING, LONG4
        return {Argument::Counted, 4};
    case 0x8d: case 0x8e:  // BINUNICODE8, BINBYTES8
        return {Argument::Counted, 8};
    case 'F': case 'I': case 'L': case 'P': case 'S': case 'V': case 'g': case 'p':
        return {Argument::Line, 0};
    case 'c': case 'i':
        return {Argument::TwoLines, 0};
    default:
        return {Argument::Unknown, 0};
    }
}

// The effect of an opcode on the unpickler's stack (pickletools' stack_before
// and stack_after). The opcode takes `pops` items, or with `toMark` every item
// above the topmost MARK and the MARK itself, and then pushes `pushes` items.
struct StackEffect {
    int pops;
    int pushes;
    bool toMark;
    int minAboveMark;  // with toMark: items that must lie above the MARK (OBJ's class)
    bool needsBelowMark;  // with toMark: the container the items go into lies below the MARK
};

StackEffect stackEffectOf(unsigned char opcode)
{
    switch (opcode) {
    case 0x80: case 0x95:  // PROTO, FRAME
        return {0, 0, false, 0, false};
    case '0':  // POP
        return {1, 0, false, 0, false};
    case '2':  // DUP
        return {1, 2, false, 0, false};
    case 'Q': case 0x85: case 'p': case 'q': case 'r': case 0x94:  // BINPERSID, TUPLE1, PUT, BINPUT, LONG_BINPUT, MEMOIZE
        return {1, 1, false, 0, false};
    case 'R': case 'a': case 'b': case 0x81: case 0x86: case 0x93:  // REDUCE, APPEND, BUILD, NEWOBJ, TUPLE2, STACK_GLOBAL
        return {2, 1, false, 0, false};
    case 's': case 0x87: case 0x92:  // SETITEM, TUPLE3, NEWOBJ_EX
        return {3, 1, false, 0, false};
    case '.':  // STOP
        return {1, 0, false, 0, false};
    case '1':  // POP_MARK
        return {0, 0, true, 0, false};
    case 'd': case 'l': case 't': case 'i': case 0x91:  // DICT, LIST, TUPLE, INST, FROZENSET
        return {0, 1, true, 0, false};
    case 'o':  // OBJ
        return {0, 1, true, 1, false};
    case 'e': case 'u': case 0x90:  // APPENDS, SETITEMS, ADDITEMS
        return {0, 0, true, 0, true};
    default:  // every other opcode that layoutOf lists pushes one value
        return {0, 1, false, 0, false};
    }
}

std::string opcodeName(unsigned char opcode)
{
    if (opcode >= 0x21 && opcode < 0x7f)
        return std::string("'") + static_cast<char>(opcode) + "'";
    const char* digits = "0123456789abcdef";
    return std::string("0x") + digits[opcode >> 4] + digits[opcode & 0xf];
}

// The memo index that a PUT or GET opcode names, read from its argument.
// Returns nothing for other opcodes and for an argument that is truncated or
// not a number, because LibTorch rejects those itself.
std::optional<uint64_t> memoIndexOf(unsigned char opcode, std::string_view argument)
{
    size_t bytes = 0;
    switch (opcode) {
    case 'q': case 'h':  // BINPUT, BINGET
        bytes = 1;
        break;
    case 'r': case 'j':  // LONG_BINPUT, LONG_BINGET
        bytes = 4;
        break;
    case 'p': case 'g': {  // PUT, GET: a decimal number and a newline
        uint64_t index = 0;
        const size_t end = argument.find('\n');
        if (end == 0 || end == std::string_view::npos || end > 10)
            return std::nullopt;
        for (size_t i = 0; i < end; ++i) {
            if (argument[i] < '0' || argument[i] > '9')
                return std::nullopt;
            index = index * 10 + static_cast<uint64_t>(argument[i] - '0');
        }
        return index;
    }
    default:
        return std::nullopt;
    }
    if (argument.size() < bytes)
        return std::nullopt;
    uint64_t index = 0;
    for (size_t i = bytes; i > 0; --i)
        index = (index << 8) | static_cast<unsigned char>(argument[i - 1]);
    return index;
}

// Checks that a GET reads a memo entry an earlier PUT stored. LibTorch 1.13
// then raises std::out_of_range, not c10::Error. PUTs must extend the memo by
// at most one entry, as Python's pickler writes them, so a count of entries is
// all the check needs.
template <typename Corrupt>
void checkMemoAccess(unsigned char opcode, std::string_view argument, uint64_t& memoSize, const Corrupt& corrupt)
{
    if (opcode == 0x94) {  // MEMOIZE stores the next entry
        ++memoSize;
        return;
    }
    const std::optional<uint64_t> index = memoIndexOf(opcode, argument);
    if (!index)
        return;
    const bool isGet = opcode == 'h' || opcode == 'j' || opcode == 'g';
    if (isGet && *index >= memoSize)
        throw corrupt("reads memo entry " + std::to_string(*index) + ", which no earlier opcode stored");
    if (!isGet && *index > memoSize)
        throw corrupt("stores memo entry " + std::to_string(*index) + ", but the memo has only "
                      + std::to_string(memoSize) + " entries");
    if (!isGet && *index == memoSize)
        ++memoSize;
}

}  // namespace

void checkPickleStructure(std::string_view pickle, const std::string& path)
{
    // The unpickler's stack as a count of items, and the stack heights at which MARKs were pushed.
    size_t depth = 0;
    std::vector<size_t> marks;
    uint64_t memoSize = 0;
    size_t pos = 0;
    while (pos < pickle.size()) {
        const size_t opcodePos = pos;
        const auto opcode = static_cast<unsigned char>(pickle[pos++]);
        const Layout layout = layoutOf(opcode);
        if (layout.argument == Argument::Unknown)
            return;
        const auto corrupt = [&](const std::string& reason) {
            return Error(path + ": data.pkl is corrupt: opcode " + opcodeName(opcode) + " at byte "
                         + std::to_string(opcodePos) + " " + reason);
        };

        if (opcode == '(') {
            marks.push_back(depth);
        } else {
            const StackEffect effect = stackEffectOf(opcode);
            const size_t base = marks.empty() ? 0 : marks.back();
            if (effect.toMark) {
                if (marks.empty())
                    throw corrupt("needs a MARK before it, and there is none");
                marks.pop_back();
                const size_t below = base - (marks.empty() ? 0 : marks.back());
                if (depth - base < static_cast<size_t>(effect.minAboveMark) || (effect.needsBelowMark && below == 0))
                    throw corrupt("takes more items than the unpickler's stack contains");
                depth = base + static_cast<size_t>(effect.pushes);
            } else {
                if (depth - base < static_cast<size_t>(effect.pops))
                    throw corrupt("takes " + std::to_string(effect.pops) + (effect.pops == 1 ? " item" : " items")
                                  + ", but the unpickler's stack contains " + std::to_string(depth - base)
                                  + (marks.empty() ? "" : " above its last MARK"));
                depth = depth - static_cast<size_t>(effect.pops) + static_cast<size_t>(effect.pushes);
            }
        }
        if (opcode == '.')
            return;
        const size_t argumentPos = pos;
        const size_t remaining = pickle.size() - pos;
        switch (layout.argument) {
        case Argument::None:
            break;
        case Argument::Fixed:
            pos += std::min(remaining, static_cast<size_t>(layout.size));
            break;
        case Argument::Counted: {
            if (remaining < static_cast<size_t>(layout.size))
                return;  // truncated: LibTorch reports it
            uint64_t length = 0;
            for (int i = layout.size - 1; i >= 0; --i)
                length = (length << 8) | static_cast<unsigned char>(pickle[pos + static_cast<size_t>(i)]);
            pos += static_cast<size_t>(layout.size);
            // BINSTRING and LONG4 lengths are signed; a negative one reads as huge here and is rejected too.
            if (length > pickle.size() - pos)
                throw Error(path + ": the pickle declares a value of " + std::to_string(length) + " bytes at byte "
                            + std::to_string(pos) + ", but data.pkl has only " + std::to_string(pickle.size() - pos)
                            + " bytes left; the file is corrupt");
            pos += static_cast<size_t>(length);
            break;
        }
        case Argument::Line:
        case Argument::TwoLines: {
            for (int line = layout.argument == Argument::Line ? 1 : 2; line > 0 && pos < pickle.size(); --line) {
                const size_t end = pickle.find('\n', pos);
                pos = end == std::string_view::npos ? pickle.size() : end + 1;
            }
            break;
        }
        case Argument::Unknown:
            return;
        }
        checkMemoAccess(opcode, pickle.substr(argumentPos, pos - argumentPos), memoSize, corrupt);
    }
}

}  // namespace fewshot
