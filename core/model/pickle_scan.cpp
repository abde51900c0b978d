#include "model/pickle_scan.h"

#include "base/error.h"

#include <algorithm>
#include <cstdint>

namespace fewshot {
namespace {

// How an opcode's argument is laid out (pickletools' ArgumentDescriptor).
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

}  // namespace

void checkPickleLengths(std::string_view pickle, const std::string& path)
{
    size_t pos = 0;
    while (pos < pickle.size()) {
        const auto opcode = static_cast<unsigned char>(pickle[pos++]);
        if (opcode == '.')
            return;
        const Layout layout = layoutOf(opcode);
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
    }
}

}  // namespace fewshot
