#include "widgets/series_colors.h"

#include <array>

namespace fewshot::widgets {

QColor seriesColor(int index)
{
    static const std::array<QRgb, 12> colors = {
        0x1f6fb4, 0xe8710a, 0x2a9d3a, 0xc8323c, 0x7b4fb0, 0x8a5a44,
        0xd35fb7, 0x5f6b6d, 0xa8a30e, 0x17a2b8, 0x3949ab, 0xf4a261,
    };
    const auto size = static_cast<int>(colors.size());
    return QColor(colors[static_cast<size_t>(((index % size) + size) % size)]);
}

}  // namespace fewshot::widgets
