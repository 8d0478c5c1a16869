#include "leadplan/engine/mix.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "leadplan/engine/engine.hpp"

namespace leadplan {

namespace {

constexpr double k_infinity = std::numeric_limits<double>::infinity();

// What the shares leave, split equally among the channels without one.
double rest_budget(const Scenario& s, double budget) {
  double shared = 0.0;
  std::size_t unshared = 0;
  for (const Channel& c : s.channels) {
    if (c.share) {
      shared += *c.share * budget;
    } else {
      ++unshared;
    }
  }
  return unshared == 0 ? 0.0 : std::max(0.0, budget - shared) / static_cast<double>(unshared);
}

// Whether any channel has a rate of its own into a stage after the second: the
// flow below the second stage then runs channel by channel.
bool own_rates_below_second(const Scenario& s) {
  for (const Channel& c : s.channels) {
    for (std::size_t i = 2; i < c.rates.size(); ++i) {
      if (c.rates[i]) {
        return true;
      }
    }
  }
  return false;
}

// Buys the mix of `s` at `budget` and adds its unbounded flow into each stage to
// `totals` (zeroed first); calls `on_channel(index, channel budget, purchase)`.
// The order of operations is docs/math.md's: entries into the second stage are
// the sum of each channel's leads x its rate, and a step every channel takes at
// the funnel's rate multiplies the total above.
template <typename OnChannel>
void buy_mix(const Scenario& s, std::span<const double> yields, double budget,
             std::span<double> totals, OnChannel on_channel) {
  const std::size_t n = s.stages.size();
  std::fill(totals.begin(), totals.end(), 0.0);
  const double rest = rest_budget(s, budget);
  const bool by_channel = own_rates_below_second(s);
  for (std::size_t c = 0; c < s.channels.size(); ++c) {
    const Channel& channel = s.channels[c];
    const double money_given = channel.share ? *channel.share * budget : rest;
    const double money =
        channel.max_spend ? std::min(money_given, *channel.max_spend) : money_given;
    const Purchase bought = buy_leads(channel, money);
    on_channel(c, money_given, bought);
    const double* yield = yields.data() + c * n;
    totals[0] += bought.leads;
    totals[1] += bought.leads * yield[1];
    if (by_channel) {
      for (std::size_t i = 2; i < n; ++i) {
        totals[i] += bought.leads * yield[i];
      }
    }
  }
  if (!by_channel) {
    for (std::size_t i = 2; i < n; ++i) {
      totals[i] = totals[i - 1] * s.stages[i].rate;
    }
  }
}

// Scratch for the solver, reused across plans (no allocation once warm).
struct SolverScratch {
  struct Event {
    double at = 0.0;  // the budget at which the channel's slope changes
    std::uint32_t channel = 0;
    double slope = 0.0;  // leads per unit of budget from `at` on
  };
  std::vector<Event> events;
  std::vector<double> slope;      // each channel's current leads per unit of budget
  std::vector<double> intercept;  // per stage: totals(B) = intercept + gradient x B
  std::vector<double> gradient;
  std::vector<double> candidates;
  std::vector<double> totals;
  std::vector<double> projected;
  std::vector<std::size_t> capped;
};

SolverScratch& scratch() {
  thread_local SolverScratch s;
  return s;
}

// The projected wins when the unbounded flow into stage i is intercept[i] +
// gradient[i] x `budget`, cut by the capacities as bound_by_capacity cuts.
double wins_on_piece(const std::vector<Stage>& stages, std::span<const double> intercept,
                     std::span<const double> gradient, double budget) {
  double scale = 1.0;
  double flow = 0.0;
  for (std::size_t i = 0; i < stages.size(); ++i) {
    flow = (intercept[i] + gradient[i] * budget) * scale;
    if (stages[i].capacity && flow > *stages[i].capacity) {
      scale *= *stages[i].capacity / flow;
      flow = *stages[i].capacity;
    }
  }
  return flow;
}

// The projected wins as the budget grows without bound on the last piece.
double wins_at_infinity(const std::vector<Stage>& stages, std::span<const double> intercept,
                        std::span<const double> gradient) {
  if (!(gradient[0] > 0.0)) {
    return wins_on_piece(stages, intercept, gradient, 0.0);  // nothing grows
  }
  // Every flow grows with the budget until a capacity cuts it; from there on the
  // flow into stage k is capacity[j] x gradient[k] / gradient[j].
  std::optional<std::size_t> cut;
  double scale = 1.0;
  double flow = k_infinity;
  for (std::size_t i = 0; i < stages.size(); ++i) {
    if (!cut) {
      if (stages[i].capacity) {
        cut = i;
        flow = *stages[i].capacity;
      }
      continue;
    }
    flow = *stages[*cut].capacity * gradient[i] / gradient[*cut] * scale;
    if (stages[i].capacity && flow > *stages[i].capacity) {
      scale *= *stages[i].capacity / flow;
      flow = *stages[i].capacity;
    }
  }
  return flow;
}

// Adds to `out` the budgets in [`low`, `high`] where a piece of the wins (no cut,
// or the last cut at a capacity) equals `wins`.
void crossing_budgets(const std::vector<Stage>& stages, std::span<const double> intercept,
                      std::span<const double> gradient, double wins, double low, double high,
                      std::vector<double>& out) {
  const std::size_t last = stages.size() - 1;
  auto keep = [&](double numerator, double denominator) {
    if (denominator != 0.0) {
      const double b = numerator / denominator;
      if (std::isfinite(b) && b >= low * (1.0 - 1e-12) && b <= high * (1.0 + 1e-12)) {
        out.push_back(std::clamp(b, low, high));
      }
    }
  };
  keep(wins - intercept[last], gradient[last]);
  for (std::size_t j = 0; j < stages.size(); ++j) {
    if (stages[j].capacity) {
      const double cap = *stages[j].capacity;
      keep(wins * intercept[j] - cap * intercept[last], cap * gradient[last] - wins * gradient[j]);
    }
  }
}

// Adds to `out` the budgets in [`low`, `high`] where a capacity starts or stops
// cutting: between them each piece of the wins is monotone.
void cut_budgets(const std::vector<Stage>& stages, std::span<const double> intercept,
                 std::span<const double> gradient, double low, double high,
                 std::vector<double>& out) {
  auto keep = [&](double numerator, double denominator) {
    if (denominator != 0.0) {
      const double b = numerator / denominator;
      if (std::isfinite(b) && b >= low && b <= high) {
        out.push_back(b);
      }
    }
  };
  for (std::size_t k = 0; k < stages.size(); ++k) {
    if (!stages[k].capacity) {
      continue;
    }
    const double cap_k = *stages[k].capacity;
    keep(cap_k - intercept[k], gradient[k]);
    for (std::size_t j = 0; j < k; ++j) {
      if (stages[j].capacity) {
        const double cap_j = *stages[j].capacity;
        keep(cap_k * intercept[j] - cap_j * intercept[k],
             cap_j * gradient[k] - cap_k * gradient[j]);
      }
    }
  }
}

// Each channel's share of the budget as a fraction, before caps.
double budget_fraction(const Channel& c, double rest_fraction) {
  return c.share ? *c.share : rest_fraction;
}

// Fills `events` with the budgets at which a channel's leads per unit of budget
// change (a tier used up, max_spend or max_leads reached), sorted, and sets each
// channel's first slope.
void collect_events(const Scenario& s, SolverScratch& w) {
  w.events.clear();
  w.slope.assign(s.channels.size(), 0.0);
  double shared = 0.0;
  std::size_t unshared = 0;
  for (const Channel& c : s.channels) {
    if (c.share) {
      shared += *c.share;
    } else {
      ++unshared;
    }
  }
  const double rest_fraction =
      unshared == 0 ? 0.0 : std::max(0.0, 1.0 - shared) / static_cast<double>(unshared);
  for (std::size_t index = 0; index < s.channels.size(); ++index) {
    const Channel& c = s.channels[index];
    const double fraction = budget_fraction(c, rest_fraction);
    if (!(fraction > 0.0)) {
      continue;
    }
    const auto channel = static_cast<std::uint32_t>(index);
    // The money at which buying stops: max_spend, or what max_leads costs.
    double stop = c.max_spend.value_or(k_infinity);
    if (c.max_leads) {
      stop = std::min(stop, cost_of_leads(c, *c.max_leads));
    }
    if (!c.cpl && c.cpl_tiers.back().leads) {
      double sold_out = 0.0;  // a last tier with `leads` sells no more
      for (const Tier& tier : c.cpl_tiers) {
        sold_out += *tier.leads * tier.cpl;
      }
      stop = std::min(stop, sold_out);
    }
    if (c.cpl) {
      w.slope[index] = fraction / *c.cpl;
    } else {
      double money = 0.0;
      w.slope[index] = fraction / c.cpl_tiers.front().cpl;
      for (std::size_t t = 0; t + 1 < c.cpl_tiers.size() && c.cpl_tiers[t].leads; ++t) {
        money += *c.cpl_tiers[t].leads * c.cpl_tiers[t].cpl;
        if (money >= stop) {
          break;
        }
        w.events.push_back({money / fraction, channel, fraction / c.cpl_tiers[t + 1].cpl});
      }
    }
    if (std::isfinite(stop)) {
      w.events.push_back({stop / fraction, channel, 0.0});
    }
  }
  std::sort(w.events.begin(), w.events.end(),
            [](const SolverScratch::Event& a, const SolverScratch::Event& b) {
              return a.at != b.at ? a.at < b.at : a.channel < b.channel;
            });
}

// The shortest decimal at or a hair above `budget` (at most 1e-10 relative) at
// which `feasible` holds: 15000 rather than 15000.000000000002.
template <typename Feasible>
double short_budget(double budget, Feasible feasible) {
  for (int digits = 1; digits <= 16; ++digits) {
    const double unit = std::pow(10.0, std::floor(std::log10(budget)) - digits + 1);
    const double candidate = std::ceil(budget / unit * (1.0 - 1e-15)) * unit;
    if (candidate <= budget * (1.0 + 1e-10) && feasible(candidate)) {
      return candidate;
    }
  }
  return budget;
}

}  // namespace

Purchase buy_leads(const Channel& channel, double money) {
  Purchase p;
  if (!(money > 0.0)) {
    return p;
  }
  if (channel.cpl) {
    // docs/math.md: leads = min(budget / cpl, max_leads), spend = leads x cpl.
    p.leads = money / *channel.cpl;
    if (channel.max_leads && p.leads > *channel.max_leads) {
      p.leads = *channel.max_leads;
    }
    p.spend = p.leads * *channel.cpl;
    return p;
  }
  double left = money;
  const double cap = channel.max_leads.value_or(k_infinity);
  for (const Tier& tier : channel.cpl_tiers) {
    const double room = std::min(tier.leads.value_or(k_infinity), cap - p.leads);
    if (!(room > 0.0) || !(left > 0.0)) {
      break;
    }
    const double affordable = left / tier.cpl;
    if (affordable <= room) {
      p.leads += affordable;
      p.spend += affordable * tier.cpl;
      break;
    }
    p.leads += room;
    p.spend += room * tier.cpl;
    left -= room * tier.cpl;
  }
  return p;
}

double cost_of_leads(const Channel& channel, double leads) {
  if (channel.cpl) {
    return leads * *channel.cpl;
  }
  double cost = 0.0;
  double left = leads;
  for (const Tier& tier : channel.cpl_tiers) {
    const double take = std::min(left, tier.leads.value_or(k_infinity));
    cost += take * tier.cpl;
    left -= take;
    if (!(left > 0.0)) {
      return cost;
    }
  }
  return k_infinity;
}

double channel_budget(const Scenario& scenario, std::size_t index, double budget) {
  const Channel& c = scenario.channels[index];
  return c.share ? *c.share * budget : rest_budget(scenario, budget);
}

double bound_by_capacity(const std::vector<Stage>& stages, std::span<const double> totals,
                         std::vector<double>& projected, std::vector<std::size_t>& capped) {
  projected.resize(stages.size());
  capped.clear();
  double scale = 1.0;
  for (std::size_t i = 0; i < stages.size(); ++i) {
    const double flow = totals[i] * scale;
    if (stages[i].capacity && flow > *stages[i].capacity) {
      scale *= *stages[i].capacity / flow;
      projected[i] = *stages[i].capacity;
      capped.push_back(i);
    } else {
      projected[i] = flow;
    }
  }
  return scale;
}

double projected_wins_at(const Scenario& scenario, std::span<const double> yields, double budget) {
  SolverScratch& w = scratch();
  w.totals.resize(scenario.stages.size());
  buy_mix(scenario, yields, budget, w.totals, [](std::size_t, double, const Purchase&) {});
  bound_by_capacity(scenario.stages, w.totals, w.projected, w.capped);
  return w.projected.back();
}

BudgetNeeded solve_budget_needed(const Scenario& s, std::span<const double> yields, double wins) {
  SolverScratch& w = scratch();
  const std::size_t n = s.stages.size();
  const double wanted = wins * (1.0 - k_tolerance);
  w.intercept.resize(n);
  w.gradient.resize(n);
  auto feasible = [&](double budget) { return projected_wins_at(s, yields, budget) >= wanted; };
  // Walks the pieces between events in order of budget; `visit(low, high)` returns
  // true to stop. Between events every flow is linear in the budget.
  auto walk = [&](auto visit) {
    std::fill(w.intercept.begin(), w.intercept.end(), 0.0);
    std::fill(w.gradient.begin(), w.gradient.end(), 0.0);
    std::vector<double>& slope = w.slope;
    collect_events(s, w);
    std::size_t buying = 0;  // channels whose leads still grow with the budget
    for (std::size_t c = 0; c < s.channels.size(); ++c) {
      buying += slope[c] > 0.0 ? 1U : 0U;
      for (std::size_t i = 0; i < n; ++i) {
        w.gradient[i] += slope[c] * yields[c * n + i];
      }
    }
    double low = 0.0;
    std::size_t e = 0;
    for (;;) {
      const double high = e < w.events.size() ? w.events[e].at : k_infinity;
      if (visit(low, high)) {
        return;
      }
      if (e == w.events.size()) {
        return;
      }
      for (; e < w.events.size() && w.events[e].at == high; ++e) {
        const SolverScratch::Event& event = w.events[e];
        const double change = event.slope - slope[event.channel];
        buying -= slope[event.channel] > 0.0 && !(event.slope > 0.0) ? 1U : 0U;
        slope[event.channel] = event.slope;
        for (std::size_t i = 0; i < n; ++i) {
          const double y = yields[event.channel * n + i];
          w.gradient[i] += change * y;
          w.intercept[i] -= change * high * y;
        }
      }
      if (buying == 0) {
        // Every channel has stopped buying: what the sums left of the gradients is rounding.
        std::fill(w.gradient.begin(), w.gradient.end(), 0.0);
      }
      low = high;
    }
  };
  // A budget the pieces call enough, confirmed on the mix itself (the pieces were
  // summed channel by channel): a hair higher where their rounding left it short.
  auto confirm = [&](double budget) -> std::optional<double> {
    for (int k = 0; k < 24; ++k) {
      if (feasible(budget)) {
        return budget;
      }
      budget = budget > 0.0 ? budget * (1.0 + 1e-16 * std::pow(2.0, k)) : 1e-300;
    }
    return std::nullopt;
  };
  BudgetNeeded result;
  walk([&](double low, double high) {
    w.candidates.clear();
    w.candidates.push_back(low);
    crossing_budgets(s.stages, w.intercept, w.gradient, wins, low, high, w.candidates);
    std::sort(w.candidates.begin(), w.candidates.end());
    for (double b : w.candidates) {
      if (wins_on_piece(s.stages, w.intercept, w.gradient, b) >= wanted) {
        if (const std::optional<double> confirmed = confirm(b)) {
          result.budget = confirmed;
          return true;
        }
      }
    }
    if (std::isfinite(high) && wins_on_piece(s.stages, w.intercept, w.gradient, high) >= wanted) {
      // Rounding hid the crossing: bisect this piece, on which the wins are continuous.
      double a = low;
      double b = high;
      for (int k = 0; k < 200 && b - a > 1e-12 * b; ++k) {
        const double mid = a + (b - a) / 2.0;
        (wins_on_piece(s.stages, w.intercept, w.gradient, mid) >= wanted ? b : a) = mid;
      }
      if (const std::optional<double> confirmed = confirm(b)) {
        result.budget = confirmed;
        return true;
      }
    }
    return false;
  });
  if (result.budget) {
    result.budget = short_budget(*result.budget, feasible);
    return result;
  }
  // No budget is enough: the most any budget projects, at a piece's ends, where a
  // capacity starts or stops cutting (the wins are monotone between), or as the
  // budget grows without bound.
  double most = 0.0;
  walk([&](double low, double high) {
    w.candidates.clear();
    w.candidates.push_back(low);
    if (std::isfinite(high)) {
      w.candidates.push_back(high);
    }
    cut_budgets(s.stages, w.intercept, w.gradient, low, high, w.candidates);
    for (double b : w.candidates) {
      most = std::max(most, wins_on_piece(s.stages, w.intercept, w.gradient, b));
    }
    if (!std::isfinite(high)) {
      const double limit = wins_at_infinity(s.stages, w.intercept, w.gradient);
      most = std::isfinite(limit) ? std::max(most, limit) : most;
    }
    return false;
  });
  result.max_wins = most;
  return result;
}

void compute_mix(const Scenario& s, Plan& plan) {
  if (s.channels.empty()) {
    plan.mix.reset();
    return;
  }
  Mix& mix = plan.mix ? *plan.mix : plan.mix.emplace();
  const std::size_t n = s.stages.size();
  const double required_second = plan.stages[1].required;
  const BudgetNeeded needed = solve_budget_needed(s, plan.yields, plan.wins);
  mix.budget_needed = needed.budget;
  mix.max_projected_wins = needed.max_wins;

  if (!s.budget) {
    // Unit costs of the mix only: weights are the budget fractions, caps ignored.
    double shared = 0.0;
    std::size_t unshared = 0;
    for (const Channel& c : s.channels) {
      if (c.share) {
        shared += *c.share;
      } else {
        ++unshared;
      }
    }
    const double rest_each =
        unshared == 0 ? 0.0 : std::max(0.0, 1.0 - shared) / static_cast<double>(unshared);
    double weight = 0.0;
    double leads_per_unit = 0.0;
    double second_per_unit = 0.0;
    for (std::size_t i = 0; i < s.channels.size(); ++i) {
      const Channel& c = s.channels[i];
      const double w = c.share ? *c.share : rest_each;
      weight += w;
      leads_per_unit += w / c.first_cpl();
      second_per_unit += w / c.first_cpl() * plan.channels[i].mql_rate;
      ChannelPlan& p = plan.channels[i];
      p.budget.reset();
      p.leads.reset();
      p.spend.reset();
      p.wins.reset();
      p.revenue.reset();
      p.roi.reset();
    }
    mix.leads.reset();
    mix.spend.reset();
    mix.projected.clear();
    mix.projected_wins.reset();
    mix.coverage.reset();
    mix.win_coverage.reset();
    mix.feasible.reset();
    mix.unspent.reset();
    mix.capped_stages.clear();
    const bool buys = weight > 0.0 && leads_per_unit > 0.0;
    mix.blended_cpl = buys ? std::optional<double>(weight / leads_per_unit) : std::nullopt;
    mix.blended_effective_cpl =
        buys ? std::optional<double>(weight / second_per_unit) : std::nullopt;
    return;
  }

  const double budget = *s.budget;
  double leads = 0.0;
  double spend = 0.0;
  mix.projected.resize(n);
  buy_mix(s, plan.yields, budget, mix.projected,
          [&](std::size_t i, double money, const Purchase& bought) {
            ChannelPlan& p = plan.channels[i];
            p.budget = money;
            p.leads = bought.leads;
            p.spend = bought.spend;
            leads += bought.leads;
            spend += bought.spend;
          });
  // mix.projected holds the unbounded totals; the cut is done in place.
  const double scale = bound_by_capacity(s.stages, mix.projected, mix.projected, mix.capped_stages);
  for (std::size_t i = 0; i < s.channels.size(); ++i) {
    ChannelPlan& p = plan.channels[i];
    p.wins = *p.leads * plan.yield_of(i).back() * scale;
    p.revenue = plan.deal_size ? std::optional<double>(*p.wins * *plan.deal_size) : std::nullopt;
    p.roi = p.revenue && *p.spend > 0.0 ? std::optional<double>(*p.revenue / *p.spend - 1.0)
                                        : std::nullopt;
  }
  const double second = mix.projected[1];
  mix.leads = leads;
  mix.spend = spend;
  mix.projected_wins = mix.projected.back();
  mix.blended_cpl = leads > 0.0 ? std::optional<double>(spend / leads) : std::nullopt;
  mix.blended_effective_cpl = second > 0.0 ? std::optional<double>(spend / second) : std::nullopt;
  mix.coverage = second / required_second;
  mix.win_coverage = *mix.projected_wins / plan.wins;
  mix.feasible = *mix.win_coverage >= 1.0 - k_tolerance;
  // What rounding leaves of a budget spent in full is no money left over.
  const double unspent = budget - spend;
  mix.unspent = std::fabs(unspent) <= k_tolerance * budget ? 0.0 : unspent;
}

}  // namespace leadplan
