#pragma once
// YAML text -> Scenario, with every rule of CONTRACT section 2 enforced.

#include <string>
#include <vector>

#include "leadplan/load/document.hpp"
#include "leadplan/load/source.hpp"
#include "leadplan/model/diagnostic.hpp"
#include "leadplan/model/scenario.hpp"

namespace leadplan {

// One `--set PATH=VALUE` override, applied to the document before validation.
struct Override {
  std::string path;   // e.g. "funnel.mql.rate"
  std::string value;  // e.g. "25%"
};

// Validates `document` (from file `file`) into a Scenario, appending every
// problem to `diagnostics`; the result is meaningful only when none was added.
[[nodiscard]] Scenario build_scenario(const Document& document, const std::string& file,
                                      std::vector<Diagnostic>& diagnostics);

// Applies `overrides` to `document` in order; problems (unknown path, a path
// that names a list or map) go to `diagnostics`, located at the override's target.
void apply_overrides(Document& document, const std::string& file,
                     const std::vector<Override>& overrides, std::vector<Diagnostic>& diagnostics);

// Parses `--set` arguments `PATH=VALUE`; throws InputError naming every one without
// a `=` (at `--set:N:1`, N its 1-based position).
[[nodiscard]] std::vector<Override> parse_overrides(const std::vector<std::string>& arguments);

// A diagnostic at `where` in `file`; a place that came from an override (negative
// line) is reported as `--set:N:COLUMN`, a place with no line at 1:1.
[[nodiscard]] Diagnostic diagnostic_at(const std::string& file, SourceLocation where,
                                       std::string message, std::string hint = {});

// Reads, parses, overrides and validates `source`; throws InputError with all problems.
[[nodiscard]] Scenario load_scenario(const Source& source,
                                     const std::vector<Override>& overrides = {});

// Whether `code` is an ISO 4217 currency code in use ("USD").
[[nodiscard]] bool is_currency_code(std::string_view code);

}  // namespace leadplan
