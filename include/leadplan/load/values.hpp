#pragma once
// Reading numbers, rates and money from scenario text: strict, locale-free.

#include <optional>
#include <string>
#include <string_view>

namespace leadplan {

// The largest count or amount leadplan plans with (1e15).
inline constexpr double k_max_value = 1e15;

// What kind of value a key takes; decides parsing, range and messages.
enum class ValueKind {
  rate,            // (0, 1] as a decimal, or (0%, 100%] as a percentage
  share,           // [0, 1] as a decimal, or [0%, 100%]
  ratio,           // > 0 as a decimal or a percentage, may exceed 1 (coverage)
  money,           // > 0, finite, at most 1e15
  count,           // > 0, finite, at most 1e15
  probability,     // (0, 1) as a decimal, or (0%, 100%): a confidence level
  quantity,        // >= 0, finite, at most 1e15 (a period's wins may be 0)
  days,            // >= 0, finite, at most 1e15 (a lag, a maturity)
  whole,           // a whole number >= 0, at most 1e15 (evidence counts)
  positive_whole,  // a whole number >= 1, at most 1e15 (periods, min_sample)
};

// A parsed value, or the reason it is not one (message and hint for a Diagnostic).
struct ValueResult {
  std::optional<double> value;
  std::string message;
  std::string hint;
};

// Parses a plain decimal number (`12`, `-0.5`, `1e3`); nullopt for anything else,
// including hex, `.inf`, `.nan`, `1_000`, or a value out of double's range.
[[nodiscard]] std::optional<double> parse_decimal(std::string_view text);

// Parses `text` for key `key` as a value of `kind`; `quoted` text is never a number
// (but a quoted percentage is a percentage).
[[nodiscard]] ValueResult parse_value(std::string_view key, std::string_view text, bool quoted,
                                      ValueKind kind);

// Checks `value` (already a number) against the range of `kind` for key `key`;
// `percent` says it was written as a percentage. Empty message when valid.
[[nodiscard]] ValueResult check_range(std::string_view key, double value, bool percent,
                                      ValueKind kind, std::string_view text);

}  // namespace leadplan
