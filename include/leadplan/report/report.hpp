#pragma once
// Plan -> text: the JSON and table reports of `leadplan calc`.

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "leadplan/engine/diff.hpp"
#include "leadplan/model/plan.hpp"
#include "leadplan/model/scenario.hpp"

namespace leadplan {

struct CheckResult;
struct SensitivityRow;

// How a human format is drawn.
struct TableStyle {
  bool color = false;  // ANSI colour: only for a terminal, never with NO_COLOR
};

// Writes `plan` of `scenario` as the JSON object of CONTRACT section 4 to `out`,
// with `checks[]` when `checks` is given (the check command).
// With `sensitivity` (calc --sensitivity), `sensitivity[]` too.
void write_json(std::ostream& out, const Scenario& scenario, const Plan& plan,
                const std::vector<CheckResult>* checks = nullptr,
                const std::vector<SensitivityRow>* sensitivity = nullptr);

// Writes `plan` of `scenario` as the human table of CONTRACT section 5 to `out`.
void write_table(std::ostream& out, const Scenario& scenario, const Plan& plan,
                 const TableStyle& style, const std::vector<SensitivityRow>* sensitivity = nullptr);

// Writes `plan` of `scenario` as CSV (RFC 4180, docs/formats.md): one header row,
// then records told apart by their `kind` (stage, channel, channel_stage, mix,
// sensitivity, check), no blank line; numbers at full precision. With `checks`
// (the check command), four more columns.
void write_csv(std::ostream& out, const Scenario& scenario, const Plan& plan,
               const std::vector<CheckResult>* checks = nullptr,
               const std::vector<SensitivityRow>* sensitivity = nullptr);

// Writes `plan` of `scenario` as GitHub-flavoured Markdown, for a pull-request comment.
void write_markdown(std::ostream& out, const Scenario& scenario, const Plan& plan,
                    const std::vector<SensitivityRow>* sensitivity = nullptr);

// `text` as one RFC 4180 field: quoted when it holds a comma, quote, CR or LF.
[[nodiscard]] std::string csv_field(std::string_view text);

// `text` safe inside a Markdown table cell (pipes, backslashes and newlines escaped).
[[nodiscard]] std::string markdown_cell(std::string_view text);

// Writes the `checks` as a table to `out`, failing ones first; only the failing
// ones when `quiet`.
void write_checks_table(std::ostream& out, const Scenario& scenario, const Plan& plan,
                        const std::vector<CheckResult>& checks, bool quiet,
                        const TableStyle& style);

// Writes the `checks` as a GitHub-flavoured Markdown table, failing ones first.
void write_checks_markdown(std::ostream& out, const Scenario& scenario, const Plan& plan,
                           const std::vector<CheckResult>& checks);

// One sentence on what check `check` of `plan` compared, its figures formatted as
// the report's others are (the currency, percentages, counts).
[[nodiscard]] std::string check_detail(const Scenario& scenario, const Plan& plan,
                                       const CheckResult& check);

// The reports of `leadplan diff`: leadplan/report/diff_report.hpp.

// One sentence on why the bottleneck is where it is.
[[nodiscard]] std::string bottleneck_reason(const Scenario& scenario, const Plan& plan);

}  // namespace leadplan
