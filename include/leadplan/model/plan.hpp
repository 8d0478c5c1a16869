#pragma once
// What the engine computes from a scenario (CONTRACT section 3), as plain values.

#include <cstddef>
#include <optional>
#include <vector>

namespace leadplan {

// Required count and allowable cost of one stage.
struct StagePlan {
  double required = 0.0;
  std::optional<double> allowable_cost;  // budget / required, with a budget
};

// One channel's unit economics and its part of the mix.
struct ChannelPlan {
  double mql_rate = 0.0;       // the channel's own rate into stage 1, or the funnel's
  double effective_cpl = 0.0;  // cpl / mql_rate
  std::optional<bool> within_allowable;
  std::optional<double> budget;  // the mix, with a budget only
  std::optional<double> leads;
  std::optional<double> spend;
};

// The channel mix: what the budget buys, or (without a budget) its unit costs.
struct Mix {
  std::optional<double> leads;
  std::optional<double> spend;
  std::optional<double> blended_cpl;
  std::optional<double> blended_effective_cpl;
  std::vector<double> projected;  // one per stage, with a budget; empty without
  std::optional<double> projected_wins;
  std::optional<double> coverage;
  std::optional<bool> feasible;
  std::optional<double> budget_needed;
};

enum class BottleneckKind { capacity, conversion };

// The step that holds the funnel back, named by its destination `stage` index.
struct Bottleneck {
  BottleneckKind kind = BottleneckKind::conversion;
  std::size_t stage = 1;
  double ratio = 1.0;  // capacity / required, or rate / reference
};

// The whole back-calculated plan for one scenario.
struct Plan {
  double wins = 0.0;
  std::optional<double> revenue;
  std::optional<double> deal_size;
  std::vector<StagePlan> stages;
  std::optional<double> allowable_cpl;
  std::vector<ChannelPlan> channels;
  std::optional<Mix> mix;  // with channels only
  Bottleneck bottleneck;
};

}  // namespace leadplan
