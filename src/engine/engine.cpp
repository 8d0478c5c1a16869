#include "leadplan/engine/engine.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>

#include <fmt/format.h>

#include "leadplan/engine/mix.hpp"
#include "leadplan/model/diagnostic.hpp"

namespace leadplan {

namespace {

bool finite(double x) {
  return std::isfinite(x);
}

// A figure the reports can print faithfully: finite, and zero or a normal double
// (a subnormal one, below 2.2e-308, has lost its precision).
bool usable(double x) {
  return x == 0.0 || std::isnormal(x);
}

constexpr const char* k_tiny_hint =
    "a value is so small that the arithmetic loses its precision; "
    "check the rates, amounts and target";

std::optional<PlanProblem> compute_required(const Scenario& s, Plan& plan) {
  const Target& t = s.target;
  plan.deal_size = t.deal_size;
  if (t.wins) {
    plan.wins = *t.wins;
    plan.revenue = t.deal_size ? std::optional<double>(*t.wins * *t.deal_size) : std::nullopt;
  } else {
    plan.revenue = t.revenue;
    plan.wins = round_count(*t.revenue / *t.deal_size, s.rounding);
  }
  if (!(plan.wins <= k_max_count)) {
    return PlanProblem{t.location, "the target needs more than 1e15 wins"};
  }
  if (!(plan.wins > 0.0) || !usable(plan.wins)) {
    return PlanProblem{t.location, "the target is too small to compute with", k_tiny_hint};
  }
  const std::size_t n = s.stages.size();
  plan.stages.resize(n);
  plan.stages[n - 1].required = plan.wins;
  for (std::size_t i = n - 1; i > 0; --i) {
    const double above = round_count(plan.stages[i].required / s.stages[i].rate, s.rounding);
    if (!(above <= k_max_count)) {
      return PlanProblem{
          s.stages[i].rate_location,
          fmt::format("the plan needs more than 1e15 at stage `{}`", s.stages[i - 1].name)};
    }
    plan.stages[i - 1].required = above;
  }
  return std::nullopt;
}

void compute_allowable(const Scenario& s, Plan& plan) {
  for (StagePlan& stage : plan.stages) {
    stage.allowable_cost =
        s.budget ? std::optional<double>(*s.budget / stage.required) : std::nullopt;
  }
  plan.allowable_cpl = plan.stages.front().allowable_cost;
}

// Each channel's own funnel: its rate into each stage (its own, else the
// funnel's), the yield of one lead into each stage, and what an entry costs.
void compute_channels(const Scenario& s, Plan& plan) {
  const std::size_t count = s.channels.size();
  const std::size_t n = s.stages.size();
  plan.channels.resize(count);
  plan.yields.resize(count * n);
  plan.costs_per_stage.resize(count * n);
  const std::optional<double> allowable_second = plan.stages[1].allowable_cost;
  for (std::size_t c = 0; c < count; ++c) {
    const Channel& channel = s.channels[c];
    ChannelPlan& p = plan.channels[c];
    const double cpl = channel.first_cpl();
    double* yield = plan.yields.data() + c * n;
    double* cost = plan.costs_per_stage.data() + c * n;
    yield[0] = 1.0;
    cost[0] = cpl;
    for (std::size_t i = 1; i < n; ++i) {
      yield[i] = yield[i - 1] * channel.own_rate(i).value_or(s.stages[i].rate);
      cost[i] = cpl / yield[i];
    }
    p.mql_rate = yield[1];
    p.effective_cpl = cost[1];
    p.cac = cost[n - 1];
    p.within_allowable =
        allowable_second
            ? std::optional<bool>(p.effective_cpl <= *allowable_second * (1.0 + k_tolerance))
            : std::nullopt;
    p.budget.reset();
    p.leads.reset();
    p.spend.reset();
    p.wins.reset();
    p.revenue.reset();
    p.roi.reset();
  }
}

void compute_bottleneck(const Scenario& s, Plan& plan) {
  // Capacity first: the stage whose capacity covers the least of its required count.
  bool found = false;
  for (std::size_t i = 0; i < s.stages.size(); ++i) {
    const std::optional<double>& capacity = s.stages[i].capacity;
    const double required = plan.stages[i].required;
    if (!capacity || !(*capacity < required * (1.0 - k_tolerance))) {
      continue;
    }
    const double ratio = *capacity / required;
    if (!found || ratio < plan.bottleneck.ratio * (1.0 - k_tolerance)) {
      plan.bottleneck = Bottleneck{BottleneckKind::capacity, i, ratio};
      found = true;
    }
  }
  if (found) {
    return;
  }
  // Otherwise the conversion step furthest below its benchmark. When any step has
  // a benchmark only those compete; when none has, every step does, at its rate.
  bool benchmarks = false;
  for (std::size_t i = 1; i < s.stages.size(); ++i) {
    benchmarks = benchmarks || s.stages[i].benchmark.has_value();
  }
  for (std::size_t i = 1; i < s.stages.size(); ++i) {
    if (benchmarks && !s.stages[i].benchmark) {
      continue;
    }
    const double ratio = s.stages[i].rate / s.stages[i].benchmark.value_or(1.0);
    if (!found || ratio < plan.bottleneck.ratio * (1.0 - k_tolerance)) {
      plan.bottleneck = Bottleneck{BottleneckKind::conversion, i, ratio};
      found = true;
    }
  }
}

// How a figure fails: not at all, too large (or not a number), too small to be precise.
enum class Fault { none, overflow, underflow };

Fault fault_of(double x) {
  if (!finite(x)) {
    return Fault::overflow;
  }
  return usable(x) ? Fault::none : Fault::underflow;
}

Fault fault_of(const std::optional<double>& x) {
  return x ? fault_of(*x) : Fault::none;
}

// The first fault among `figures`.
Fault first_fault(std::initializer_list<Fault> faults) {
  for (Fault f : faults) {
    if (f != Fault::none) {
      return f;
    }
  }
  return Fault::none;
}

// Every figure the reports print must be finite and precise, and no count beyond
// 1e15: a last guard against overflow (a huge budget over a tiny required count,
// a cpl over a tiny rate) and underflow (a tiny budget over a huge cpl).
std::optional<PlanProblem> check_figures(const Scenario& s, const Plan& plan) {
  for (std::size_t i = 0; i < plan.stages.size(); ++i) {
    const Fault fault =
        first_fault({fault_of(plan.stages[i].required), fault_of(plan.stages[i].allowable_cost)});
    if (fault == Fault::overflow) {
      return PlanProblem{
          s.budget_location,
          fmt::format("the allowable cost at stage `{}` overflows", s.stages[i].name)};
    }
    if (fault == Fault::underflow) {
      return PlanProblem{
          s.budget_location,
          fmt::format("the figures of stage `{}` are too small to compute with", s.stages[i].name),
          k_tiny_hint};
    }
  }
  for (std::size_t i = 0; i < plan.channels.size(); ++i) {
    const ChannelPlan& c = plan.channels[i];
    Fault fault = first_fault({fault_of(c.effective_cpl), fault_of(c.cac), fault_of(c.budget),
                               fault_of(c.leads), fault_of(c.spend), fault_of(c.wins),
                               fault_of(c.revenue), fault_of(c.roi)});
    for (double cost : plan.cost_per_stage_of(i)) {
      fault = first_fault({fault, fault_of(cost)});
    }
    if (fault == Fault::overflow) {
      return PlanProblem{s.channels[i].location,
                         fmt::format("the figures of channel `{}` overflow", s.channels[i].name)};
    }
    if (fault == Fault::underflow) {
      return PlanProblem{s.channels[i].location,
                         fmt::format("the figures of channel `{}` are too small to compute with",
                                     s.channels[i].name),
                         k_tiny_hint};
    }
    if (c.leads && !(*c.leads <= k_max_count)) {
      return PlanProblem{
          s.channels[i].location,
          fmt::format("channel `{}` would buy more than 1e15 leads", s.channels[i].name)};
    }
  }
  if (plan.mix) {
    const Mix& m = *plan.mix;
    Fault fault = first_fault({fault_of(m.leads), fault_of(m.spend), fault_of(m.blended_cpl),
                               fault_of(m.blended_effective_cpl), fault_of(m.coverage),
                               fault_of(m.win_coverage), fault_of(m.budget_needed),
                               fault_of(m.max_projected_wins), fault_of(m.projected_wins),
                               fault_of(m.unspent)});
    for (double p : m.projected) {
      fault = first_fault({fault, fault_of(p)});
    }
    if (fault == Fault::overflow) {
      return PlanProblem{s.channels_location, "the channel mix's figures overflow"};
    }
    if (fault == Fault::underflow) {
      return PlanProblem{s.channels_location,
                         "the channel mix's figures are too small to compute with", k_tiny_hint};
    }
    if (m.leads && !(*m.leads <= k_max_count)) {
      return PlanProblem{s.channels_location, "the channel mix would buy more than 1e15 leads"};
    }
  }
  if (plan.revenue && !finite(*plan.revenue)) {
    return PlanProblem{s.target.location, "the target revenue overflows"};
  }
  // A capacity of 1e-300 against a required 1e15: a ratio no double holds precisely.
  if (fault_of(plan.bottleneck.ratio) != Fault::none) {
    const Stage& stage = s.stages[plan.bottleneck.stage];
    return PlanProblem{
        stage.location,
        fmt::format("the bottleneck ratio at stage `{}` is too small to compute with", stage.name),
        k_tiny_hint};
  }
  if (plan.revenue && !usable(*plan.revenue)) {
    return PlanProblem{s.target.location, "the target revenue is too small to compute with",
                       k_tiny_hint};
  }
  return std::nullopt;
}

}  // namespace

double round_count(double x, Rounding rounding) {
  if (rounding == Rounding::none) {
    return x;
  }
  const double nearest = std::round(x);
  if (std::fabs(x - nearest) <= k_tolerance * std::fabs(x)) {
    return nearest;
  }
  return std::ceil(x);
}

std::optional<PlanProblem> evaluate(const Scenario& scenario, Plan& plan) {
  if (auto problem = compute_required(scenario, plan)) {
    return problem;
  }
  compute_allowable(scenario, plan);
  compute_channels(scenario, plan);
  compute_mix(scenario, plan);
  compute_bottleneck(scenario, plan);
  return check_figures(scenario, plan);
}

Plan compute_plan(const Scenario& scenario) {
  Plan plan;
  if (auto problem = evaluate(scenario, plan)) {
    throw PlanError(problem->where, problem->message);
  }
  return plan;
}

}  // namespace leadplan
