#pragma once
// Numeric paths on a loaded Scenario, and `FROM:TO:STEP` ranges over them:
// what `leadplan sweep --vary PATH=FROM:TO:STEP` sets at each point of its grid.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "leadplan/load/schema.hpp"
#include "leadplan/load/values.hpp"
#include "leadplan/model/scenario.hpp"

namespace leadplan {

// What a `--set` path names, as far as the path and the schema tell (names of
// stages and channels are not looked up).
struct PathInfo {
  bool known = false;             // every part names a key of the schema
  std::optional<ValueKind> kind;  // a number's kind; nullopt for text, words and flags
  bool varies = false;            // `--vary` may vary it
  std::string key;                // the key as the loader's messages name it ("rate", "lags.won")
};

// Describes `path` (e.g. "funnel.mql.rate") by the keys of `schema`.
[[nodiscard]] PathInfo describe_path(std::string_view path,
                                     const Schema& schema = builtin_schema());

// The field `path` names in `scenario`, or nullopt when it names no numeric field
// there that `--vary` may vary.
[[nodiscard]] std::optional<NumericField> resolve_numeric_path(
    Scenario& scenario, std::string_view path, const Schema& schema = builtin_schema());

// A value that passes the checks of `kind` (a share of 0, a rate of 100%), to stand in
// for a varied field while the scenario is loaded.
[[nodiscard]] const char* placeholder_value(ValueKind kind);

// `FROM:TO:STEP` read for a field of `kind`: value_k = from + k * step for k < count,
// the last within 1e-9 (of a step) of `to`. Decimal texts are kept as exact integers
// of units of 10^-decimals, so `0.1%:100%:0.1%` yields exactly 0.001, 0.002... 1.
class Range {
 public:
  [[nodiscard]] std::uint64_t count() const { return m_count; }
  // Whether FROM, TO or STEP was written as a percentage (values are then shown as one).
  [[nodiscard]] bool percent() const { return m_percent; }

  // The `index`-th value (0-based, below count()).
  [[nodiscard]] double value(std::uint64_t index) const;
  // The `index`-th value as a person would write it: "12.5%", "0.2", "1000".
  [[nodiscard]] std::string text(std::uint64_t index) const;

 private:
  friend struct RangeParser;
  double m_from = 0.0;
  double m_to = 0.0;
  double m_step = 1.0;
  std::uint64_t m_count = 0;
  bool m_percent = false;
  bool m_exact = false;           // the integer form below holds
  std::int64_t m_from_units = 0;  // from = m_from_units / m_scale
  std::int64_t m_step_units = 0;
  int m_decimals = 0;
  double m_scale = 1.0;  // 10^m_decimals
};

// A parsed range, or the reason it is not one.
struct RangeResult {
  std::optional<Range> range;
  std::string message;
  std::string hint;
};

// Reads `text` (`FROM:TO:STEP`) for key `key` of `kind`: numbers as in a scenario
// (percentages for rates, shares and ratios), STEP > 0, FROM <= TO. Values outside
// the field's range are allowed here: they are reported at their grid points.
[[nodiscard]] RangeResult parse_range(std::string_view text, std::string_view key, ValueKind kind);

}  // namespace leadplan
