#pragma once
// The outcome of one check of `leadplan check` (CONTRACT sections 6 and 8.1).

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace leadplan {

// What a check's actual value and limit measure: how the report prints them.
enum class CheckUnit { fraction, money, count, flag };

// Which side of the limit passes.
enum class CheckBound { at_least, at_most };

// One check with its actual value, its limit and its verdict. The engine fills
// in the figures; the report layer words them (report/report.hpp, check_detail),
// formatted as every other figure is, with the currency.
struct CheckResult {
  std::string name;  // "budget", "capacity", or a key under `checks:`
  bool passed = true;
  bool is_flag = false;  // true: actual/limit are booleans (channels_within_allowable)
  std::optional<double> actual;
  std::optional<double> limit;
  std::optional<bool> actual_flag;
  std::optional<bool> limit_flag;
  CheckUnit unit = CheckUnit::count;
  CheckBound bound = CheckBound::at_most;
  std::string label;              // what `actual` is, in words ("allowable CPL")
  std::vector<std::size_t> over;  // capacity: every stage over its capacity (or the tightest);
                                  // channels_within_allowable: the channels over
  std::string detail;             // a sentence of the check's own, when it words itself
};

}  // namespace leadplan
