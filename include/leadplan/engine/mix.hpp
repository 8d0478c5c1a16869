#pragma once
// The channel mix (docs/math.md, "The channel mix"): what a budget buys through
// each channel's tiers and caps, how that flow runs down the funnel and through
// its capacities, and the least budget whose mix reaches the target.

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "leadplan/model/plan.hpp"
#include "leadplan/model/scenario.hpp"

namespace leadplan {

// Leads bought with some money, and what they cost.
struct Purchase {
  double leads = 0.0;
  double spend = 0.0;
};

// What `money` buys from `channel`: through its `cpl` or its tiers in order,
// at most its `max_leads`.
[[nodiscard]] Purchase buy_leads(const Channel& channel, double money);

// What `leads` leads cost from `channel` through its tiers (infinite when its
// tiers sell fewer).
[[nodiscard]] double cost_of_leads(const Channel& channel, double leads);

// The money channel `index` of `scenario` gets from `budget`: its share of it, or
// an equal part of what the shares leave; before its `max_spend`.
[[nodiscard]] double channel_budget(const Scenario& scenario, std::size_t index, double budget);

// The flow of a mix down the funnel: `totals[i]` entries into stage i before any
// capacity, cut where it exceeds a stage's capacity (every channel's flow scaled
// alike). Fills `projected` (bounded, one per stage) and `capped` (the stages that
// cut); returns the factor the last stage's flow was scaled by.
double bound_by_capacity(const std::vector<Stage>& stages, std::span<const double> totals,
                         std::vector<double>& projected, std::vector<std::size_t>& capped);

// The least budget, and the most wins when none is enough.
struct BudgetNeeded {
  std::optional<double> budget;    // the least budget whose mix projects `wins`
  std::optional<double> max_wins;  // when no budget does: the most wins any budget projects
};

// The least budget B at which the mix of `scenario` (split by its rules, caps,
// tiers and capacities) projects at least `wins` wins (1e-9 relative), using the
// channels' `yields` (channel-major, as Plan::yields); solved exactly on the
// pieces where the projected wins are linear or a ratio of linear functions of B.
[[nodiscard]] BudgetNeeded solve_budget_needed(const Scenario& scenario,
                                               std::span<const double> yields, double wins);

// The projected wins of the mix of `scenario` at `budget` (the `yields` as above).
[[nodiscard]] double projected_wins_at(const Scenario& scenario, std::span<const double> yields,
                                       double budget);

// Fills `plan.mix` and the channels' mix figures for `scenario`, whose required
// counts, yields and costs `plan` already holds.
void compute_mix(const Scenario& scenario, Plan& plan);

}  // namespace leadplan
