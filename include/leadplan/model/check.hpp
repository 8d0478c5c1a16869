#pragma once
// The outcome of one check of `leadplan check` (CONTRACT section 6).

#include <optional>
#include <string>

namespace leadplan {

// One check with its actual value, its limit and its verdict.
struct CheckResult {
  std::string name;  // "budget", "capacity", or a key under `checks:`
  bool passed = true;
  bool is_flag = false;  // true: actual/limit are booleans (channels_within_allowable)
  std::optional<double> actual;
  std::optional<double> limit;
  std::optional<bool> actual_flag;
  std::optional<bool> limit_flag;
  std::string detail;  // one line for people: what was compared
};

}  // namespace leadplan
