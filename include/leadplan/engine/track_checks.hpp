#pragma once
// The checks of `leadplan check --leads` (CONTRACT section 9): the actuals
// against `min_pace` and `max_cpl_actual`, appended to the plan's checks.

#include <vector>

#include "leadplan/engine/actuals.hpp"
#include "leadplan/model/check.hpp"
#include "leadplan/model/scenario.hpp"

namespace leadplan {

// The limits of `scenario` that `figures` answer, in the order of docs/scenario.md:
// `min_pace` (every stage's pace at least the limit) and `max_cpl_actual` (the
// period's spend over its leads at most the limit; only with a spend file, `spend`).
[[nodiscard]] std::vector<CheckResult> run_actuals_checks(const Scenario& scenario,
                                                          const ActualFigures& figures, bool spend);

}  // namespace leadplan
