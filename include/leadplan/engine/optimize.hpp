#pragma once
// Budget allocation (CONTRACT section 11, docs/optimize.md): the spend per channel
// that buys the most value with a budget, or reaches a target for the least spend,
// by the exact greedy over the channels' tier segments.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadplan/model/plan.hpp"
#include "leadplan/model/scenario.hpp"

namespace leadplan {

// What a lead is worth: an entry into stage `stage` (the last stage: wins), or
// the revenue of its wins.
struct Objective {
  std::string name;  // "wins", "revenue" or a stage's name, as asked for
  std::size_t stage = 0;
  bool revenue = false;
};

// The objective `text` names in `scenario` (a stage's name first, then `wins`,
// then `revenue`), or why it names none: `message` and `hint` set instead.
struct ObjectiveChoice {
  std::optional<Objective> objective;
  bool needs_deal_size = false;  // `revenue` without a deal size
  std::string message;
  std::string hint;
};
[[nodiscard]] ObjectiveChoice choose_objective(const Scenario& scenario, const Plan& plan,
                                               std::string_view text);

enum class OptimizeMode { budget, target };

// What holds a channel where the optimum leaves it.
enum class Binding { none, min_spend, max_spend, max_leads, tiers };

// The name of `binding` in the reports ("max_spend"); empty for none.
[[nodiscard]] std::string_view binding_name(Binding binding);

// One channel, as the shares spend and as the optimum does.
struct ChannelAllocation {
  double current_spend = 0.0;
  double current_leads = 0.0;
  double current_value = 0.0;
  double spend = 0.0;
  double leads = 0.0;
  double value = 0.0;
  double value_per_lead = 0.0;
  Binding binding = Binding::none;
};

// The optimum beside the current mix.
struct Optimum {
  OptimizeMode mode = OptimizeMode::budget;
  Objective objective;
  std::optional<double> budget;  // the scenario's
  double target = 0.0;           // the target in the objective's unit
  double spend = 0.0;
  double value = 0.0;
  double current_spend = 0.0;  // the shares at the budget, or at the optimum's spend
  double current_value = 0.0;
  std::optional<double> gain;           // value / current_value - 1
  std::optional<double> marginal_cost;  // money per unit of value in the last segment used
  std::optional<std::size_t> marginal_channel;
  std::optional<double> current_spend_needed;  // the least spend at which the shares reach target
  bool feasible = false;                       // value_after_capacity reaches the target
  std::optional<double> unspent;               // budget mode: budget - spend
  // Stages at or above the objective whose capacity the optimum's flow exceeds,
  // and the value left after those cuts (CONTRACT 8.1).
  std::vector<std::size_t> capped_stages;
  double value_after_capacity = 0.0;
  // Whether the allocation is provably optimal under those cuts too: no cut, or
  // every channel buying converts alike from each cut stage to the objective's.
  bool exact = true;
  std::vector<ChannelAllocation> channels;
};

// The optimum of `scenario` (whose `plan` is computed) for `objective`: budget
// mode needs a budget. O(segments x log segments).
[[nodiscard]] Optimum optimize(const Scenario& scenario, const Plan& plan,
                               const Objective& objective, OptimizeMode mode);

// The shares' value (wins, before capacity cuts) over the optimal value at the
// same budget: the `min_mix_efficiency` check. Needs a budget and channels.
[[nodiscard]] double mix_efficiency(const Scenario& scenario, const Plan& plan);

}  // namespace leadplan
