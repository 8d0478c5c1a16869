#pragma once
// The reports of `leadplan diff`: table, JSON, CSV and Markdown (docs/math.md section 8).

#include <ostream>
#include <string>
#include <vector>

#include "leadplan/engine/diff.hpp"
#include "leadplan/model/plan.hpp"
#include "leadplan/model/scenario.hpp"

namespace leadplan {

// One side of a diff: the file name as given, its scenario and plan.
struct DiffSide {
  const std::string& file;
  const Scenario& scenario;
  const Plan& plan;
};

// What a diff report shows and how.
struct DiffReport {
  const PlanDiff& diff;
  DiffSide base;
  DiffSide head;
  const std::vector<std::string>& sets;  // the --set overrides applied to HEAD, in order
  bool all = false;                      // Markdown: every figure, not only those that changed
  bool color = false;  // table: changes green when better for the planner, red when worse
};

// The table: `Base:`/`Head:` lines, every figure, the bottleneck, then the inputs
// that changed and the checks' verdicts.
void write_diff_table(std::ostream& out, const DiffReport& report);
// JSON: `figures[]` and `bottleneck` (every figure), `inputs[]`, `checks[]`, `sets[]`.
void write_diff_json(std::ostream& out, const DiffReport& report);
// CSV: `figure,before,after,change,change_percent`, one row per figure at full
// precision, then a `bottleneck` row with the two descriptions.
void write_diff_csv(std::ostream& out, const DiffReport& report);
// A pull-request comment: the files and overrides, the inputs that changed, the
// figures that changed (every one with `all`), the bottleneck, the checks' verdicts.
void write_diff_markdown(std::ostream& out, const DiffReport& report);

}  // namespace leadplan
