#pragma once
// Locale-free number formatting for the human formats.

#include <string>
#include <string_view>

#include "leadplan/util/text.hpp"

namespace leadplan {

// `value` with `decimals` digits after the point and commas between thousands ("10,000.00").
[[nodiscard]] std::string group_thousands(double value, int decimals);

// The symbol printed before amounts in `currency` ("$" for USD, "CHF " for CHF).
[[nodiscard]] std::string currency_symbol(std::string_view currency);

// `amount` in `currency` with two decimals: "$10,000.00", "-$5.00".
[[nodiscard]] std::string format_money(double amount, std::string_view currency);

// A fraction as a percentage with up to two decimals, trailing zeros dropped: "20%", "12.5%".
[[nodiscard]] std::string format_percent(double fraction);

// A coverage as a percentage rounded down to two decimals, so that it never reads
// 100% when `feasible` is false.
[[nodiscard]] std::string format_coverage(double coverage, bool feasible);

// `value` with exactly `decimals` digits after the point, thousands grouped ("552.63", "400.00").
[[nodiscard]] std::string format_fixed(double value, int decimals);

// A projected (fractional) count rounded to hundredths, trailing zeros dropped ("3.33", "4").
[[nodiscard]] std::string format_hundredths(double value);

// A count: whole numbers grouped ("1,234"), fractional ones with up to two decimals ("312.5").
[[nodiscard]] std::string format_count(double count);

// The shortest text that reads back as `value` ("0.2", "31.746031746031747"); whole
// numbers below 2^53 as integers ("315", "100000").
[[nodiscard]] std::string format_exact(double value);

}  // namespace leadplan
