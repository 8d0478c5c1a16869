#pragma once
// The one table of the scenario's keys: every key with its section, shape, kind of
// value, default, a one-line description and how `--set` and `--vary` reach it.
// The loader's key checks and "did you mean", `--set` and `--vary` paths, the key
// tables of docs/scenario.md and `leadplan schema` all read it; a key declared
// anywhere else is a bug (docs/ARCHITECTURE.md, "The schema table").

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "leadplan/load/values.hpp"
#include "leadplan/model/scenario.hpp"

namespace leadplan {

// A map of keys in the scenario: the top level, or one of the maps inside it.
enum class Section : std::uint8_t {
  scenario,  // the top level
  target,
  stage,     // an item of `funnel`
  evidence,  // `funnel[].evidence`
  channel,   // an item of `channels`
  tier,      // an item of `channels[].cpl_tiers`
  checks,
  timeline,
  actuals,
};
inline constexpr std::size_t k_section_count = 9;

// The shape of a key's value.
enum class Shape : std::uint8_t {
  scalar,     // one value of the key's kind
  section,    // a map with the keys of section `child`
  entries,    // a list of maps with the keys of section `child`
  stage_map,  // a map from the funnel's stage names to values of the key's kind
  text_map,   // a map from any text to text
  list,       // a list of values of the key's kind
};

// What a scalar is (numbers carry their ValueKind as well).
enum class Scalar : std::uint8_t {
  number,    // a number of `KeySpec::number` kind
  text,      // any non-empty printable text (names, column names)
  word,      // one of `KeySpec::words`
  currency,  // an ISO 4217 code
  version,   // the format version: 1
  flag,      // true or false
  date,      // YYYY-MM-DD
  none,      // not a scalar
};

// A numeric field of a loaded Scenario, valid while the scenario's lists keep their size.
class NumericField {
 public:
  NumericField() = default;
  // A field held as a plain number (a stage's rate).
  explicit NumericField(double* plain) : m_plain(plain) {}
  // A field that may be absent (budget, capacity, share...).
  explicit NumericField(std::optional<double>* optional) : m_optional(optional) {}

  // Sets the field to `value`.
  void set(double value) const {
    if (m_plain != nullptr) {
      *m_plain = value;
    } else if (m_optional != nullptr) {
      *m_optional = value;
    }
  }
  // Whether the field points anywhere.
  [[nodiscard]] bool valid() const { return m_plain != nullptr || m_optional != nullptr; }

 private:
  double* m_plain = nullptr;
  std::optional<double>* m_optional = nullptr;
};

// One key of the scenario format.
struct KeySpec {
  Section section = Section::scenario;
  std::string_view name;
  Shape shape = Shape::scalar;
  Scalar scalar = Scalar::none;  // scalars, and the values of maps and lists
  ValueKind number = ValueKind::count;
  Section child = Section::scenario;        // section and entries
  std::span<const std::string_view> words;  // Scalar::word
  bool required = false;
  bool varies = false;  // `--vary` reaches it (numbers only; `--set` reaches every scalar)
  // Where the loader stores a number of this key, in the struct of its section
  // (a Target for `target`, a Stage for a funnel stage...): read generically when set.
  NumericField (*field)(void* object) = nullptr;
  // Where it records the value's place, when the engine blames it for a problem.
  SourceLocation* (*mark)(void* object) = nullptr;
  std::string_view default_text;  // as docs show it; empty: no default
  std::string_view description;   // one line, what editors show on hover
  // Another shape the key accepts besides `shape` (`maturity_days`: a number or a
  // map of stages; the values of `lags`: a number of days or a list of shares).
  std::optional<Shape> alternative;
  ValueKind alternative_number = ValueKind::count;

  // Rules across keys, for `leadplan schema` (the loader checks them in code) and
  // the `--set` paths of completions.
  bool names_entry = false;  // the key whose value names its entry (`stage`, a channel's `name`)
  // Not on the funnel's first stage (`rate`, `benchmark`, `evidence`); for a map of
  // stages, the first stage is none of its keys (`rates`, `lags`, `maturity_days`).
  bool not_first = false;
  std::string_view either;  // the section needs this key or `either` (on later stages, for `rate`)
  bool exclusive = false;   // with `either`: never both
  std::string_view needs;   // a key that must come with this one (`revenue`: `deal_size`)
  std::uint32_t min_items = 0;  // lists: the fewest items
  double maximum = 0.0;         // a bound below its kind's (`periods`: 10,000); 0: the kind's

  // Whether the key has no place on the first entry of its list (`rate` on the first stage).
  [[nodiscard]] bool not_on_first_entry() const {
    return not_first && shape != Shape::stage_map && alternative != Shape::stage_map;
  }
};

// The scenario format: a table of keys, the built-in one or (in tests) an extended copy.
class Schema {
 public:
  explicit Schema(std::span<const KeySpec> keys) : m_keys(keys) {}

  [[nodiscard]] std::span<const KeySpec> keys() const { return m_keys; }
  // The key `name` of `section`, or nullptr.
  [[nodiscard]] const KeySpec* find(Section section, std::string_view name) const;
  // The names of the keys of `section`, in the table's order.
  [[nodiscard]] std::vector<std::string_view> names(Section section) const;

 private:
  std::span<const KeySpec> m_keys;
};

// The scenario format of this leadplan.
[[nodiscard]] const Schema& builtin_schema();

// The words `period` takes, in Period's order.
[[nodiscard]] std::span<const std::string_view> period_words();

// What a section is called in messages ("the scenario", "`target`", "a funnel stage").
[[nodiscard]] std::string_view section_title(Section section);

// The section's path in docs and schemas ("", "target", "funnel[]", "channels[].cpl_tiers[]").
[[nodiscard]] std::string_view section_path(Section section);

// The key tables of docs/scenario.md, generated from `schema` (Markdown, one table a section).
[[nodiscard]] std::string schema_markdown(const Schema& schema);

// The key of `section` whose value names its entries (`stage`, `name`), or empty
// for entries addressed by position (cpl tiers).
[[nodiscard]] std::string_view entry_name_key(const Schema& schema, Section section);

}  // namespace leadplan
