#pragma once
// YAML text -> Scenario, with every rule of docs/scenario.md enforced.

#include <string>
#include <vector>

#include "leadplan/load/document.hpp"
#include "leadplan/load/schema.hpp"
#include "leadplan/load/source.hpp"
#include "leadplan/model/diagnostic.hpp"
#include "leadplan/model/scenario.hpp"

namespace leadplan {

// One `--set PATH=VALUE` override, applied to the document before validation.
struct Override {
  std::string path;   // e.g. "funnel.mql.rate"
  std::string value;  // e.g. "25%"
};

// Validates `document` (from file `file`) into a Scenario by the keys of `schema`,
// appending every problem to `diagnostics`; the result is meaningful only when none was added.
[[nodiscard]] Scenario build_scenario(const Document& document, const std::string& file,
                                      std::vector<Diagnostic>& diagnostics,
                                      const Schema& schema = builtin_schema());

// Applies `overrides` to `document` in order, walking each path through `schema`;
// problems (unknown path, a path that names a list or map) go to `diagnostics`,
// located at the override (`--set:N:COLUMN`), at most k_max_collected in all.
void apply_overrides(Document& document, const std::vector<Override>& overrides,
                     std::vector<Diagnostic>& diagnostics, const Schema& schema = builtin_schema());

// A rule of a whole scenario broken (shares above 100% in total, minimum spends
// above the budget), and where to report it.
struct ScenarioRuleProblem {
  SourceLocation where;
  std::string message;
  std::string hint;
};

// The rules across a loaded `scenario`'s keys that it breaks: the loader reports
// them, and `sweep` at each point of its grid.
[[nodiscard]] std::vector<ScenarioRuleProblem> scenario_rule_problems(const Scenario& scenario);

// Parses `--set` arguments `PATH=VALUE`; throws InputError naming every one without
// a `=` (at `--set:N:1`, N its 1-based position).
[[nodiscard]] std::vector<Override> parse_overrides(const std::vector<std::string>& arguments);

// A diagnostic at `where` in `file`; a place that came from an override (negative
// line) is reported as `--set:N:COLUMN`, a place with no line at 1:1.
[[nodiscard]] Diagnostic diagnostic_at(const std::string& file, SourceLocation where,
                                       std::string message, std::string hint = {});

// Reads, parses, overrides and validates `source` by `schema`; throws InputError
// with all problems.
[[nodiscard]] Scenario load_scenario(const Source& source,
                                     const std::vector<Override>& overrides = {},
                                     const Schema& schema = builtin_schema());

// Whether `code` is an ISO 4217 currency code in use ("USD").
[[nodiscard]] bool is_currency_code(std::string_view code);

}  // namespace leadplan
