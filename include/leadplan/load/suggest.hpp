#pragma once
// "Did you mean" suggestions for misspelt keys and words.

#include <span>
#include <string_view>

namespace leadplan {

// The word among `candidates` closest to `word` (edit distance, transpositions
// counted once, case ignored), or an empty view when none is close enough.
[[nodiscard]] std::string_view closest_match(std::string_view word,
                                             std::span<const std::string_view> candidates);

}  // namespace leadplan
