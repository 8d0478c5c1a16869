#pragma once
// Small text helpers every layer may use; they depend on nothing.

#include <string>
#include <string_view>

namespace leadplan {

// `text` on one line: line breaks, carriage returns and tabs shown as `\n`, `\r`, `\t`.
[[nodiscard]] std::string one_line(std::string_view text);

}  // namespace leadplan
