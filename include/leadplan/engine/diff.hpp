#pragma once
// Two plans' headline figures side by side (`leadplan diff`), pure arithmetic.

#include <optional>
#include <string>
#include <vector>

#include "leadplan/model/plan.hpp"
#include "leadplan/model/scenario.hpp"

namespace leadplan {

enum class FigureUnit { count, money, ratio };

// One headline figure before and after, with the change; null where it does not apply.
struct FigureChange {
  std::string name;  // "wins", "required.lead", "allowable_cpl", "effective_cpl.webinars", ...
  FigureUnit unit = FigureUnit::count;
  std::optional<double> before;
  std::optional<double> after;
  std::optional<double> change;          // after - before
  std::optional<double> change_percent;  // change / before x 100, when before != 0
};

// The whole comparison of a base and a head plan.
struct PlanDiff {
  std::vector<FigureChange> figures;
  std::string base_currency;  // money before is in BASE's currency, after and change in HEAD's
  std::string head_currency;
  std::string bottleneck_before;  // "conversion at mql"
  std::string bottleneck_after;
};

// Compares `base` (scenario `base_scenario`) with `head`: stages and channels are
// matched by name, those present on one side only have a null on the other; amounts
// in two different currencies get no change.
[[nodiscard]] PlanDiff diff_plans(const Scenario& base_scenario, const Plan& base,
                                  const Scenario& head_scenario, const Plan& head);

}  // namespace leadplan
