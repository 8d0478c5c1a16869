#pragma once
// Two scenarios compared (`leadplan diff`): the inputs that differ, the headline
// figures of both plans and the checks' verdicts, pure arithmetic.

#include <optional>
#include <string>
#include <vector>

#include "leadplan/model/check.hpp"
#include "leadplan/model/plan.hpp"
#include "leadplan/model/scenario.hpp"

namespace leadplan {

enum class FigureUnit { count, money, ratio };

// Which way a figure moves for the better, from the planner's side (the table's colour).
enum class Better { neither, higher, lower };

// One headline figure before and after, with the change; null where it does not apply.
struct FigureChange {
  std::string name;  // "wins", "required.lead", "allowable_cpl", "effective_cpl.webinars", ...
  FigureUnit unit = FigureUnit::count;
  std::optional<double> before;
  std::optional<double> after;
  std::optional<double> change;          // after - before
  std::optional<double> change_percent;  // change / before x 100, when before != 0
  Better better = Better::neither;
};

// What one changed input is: how the report words and prints its values.
enum class InputUnit { money, rate, count, text, flag };

// A stage or channel on one side only, or a value that differs.
enum class InputKind { changed, added, removed };

// One input of the two scenarios that differs, by its `--set` path.
struct InputChange {
  // "budget", "funnel.mql.rate", "channels.webinars.cpl", "channels.events" (added or
  // removed: its before/after is the stage's rate or the channel's first CPL), ...
  std::string path;
  InputKind kind = InputKind::changed;
  InputUnit unit = InputUnit::money;
  std::optional<double> before;  // null: not set on that side (a number, or a flag as 0/1)
  std::optional<double> after;
  std::string before_text;  // InputUnit::text: the values as written ("USD", "month")
  std::string after_text;
};

// One check's verdicts: `before` of BASE's plan, `after` of HEAD's; null where the
// check does not apply on that side (no budget, no such limit).
struct CheckChange {
  std::string name;
  std::optional<CheckResult> before;
  std::optional<CheckResult> after;
};

// The whole comparison of a base and a head plan.
struct PlanDiff {
  std::vector<InputChange> inputs;
  std::vector<FigureChange> figures;
  std::vector<CheckChange> checks;
  std::string base_currency;  // money before is in BASE's currency, after and change in HEAD's
  std::string head_currency;
  std::string first_step;         // the name of the second stage (HEAD's, else BASE's): "mql"
  std::string bottleneck_before;  // "conversion at mql"
  std::string bottleneck_after;
};

// Compares `base` (scenario `base_scenario`) with `head`: stages and channels are
// matched by name (hashed: linear), those present on one side only have a null on
// the other; amounts in two different currencies get no change. The checks are
// those of run_checks on each side: give scenarios whose check_applicability is empty.
[[nodiscard]] PlanDiff diff_plans(const Scenario& base_scenario, const Plan& base,
                                  const Scenario& head_scenario, const Plan& head);

}  // namespace leadplan
