#include "leadplan/engine/diff.hpp"

#include "leadplan/engine/engine.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

namespace leadplan {

namespace {

FigureChange figure(std::string name, FigureUnit unit, std::optional<double> before,
                    std::optional<double> after) {
  FigureChange f{std::move(name), unit, before, after, std::nullopt, std::nullopt};
  if (before && after) {
    f.change = *after - *before;
    // Differences in the last bits (the same mix computed twice) are no change.
    if (std::fabs(*f.change) <= k_tolerance * std::max(std::fabs(*before), std::fabs(*after))) {
      f.change = 0.0;
    }
    // A change too large for a double (1e15 against 1e-300 is 1e317%) has no
    // percentage: null, never inf.
    if (*before != 0.0) {
      if (const double percent = *f.change / *before * 100.0; std::isfinite(percent)) {
        f.change_percent = percent;
      }
    }
  }
  return f;
}

std::optional<double> mix_figure(const Plan& plan, std::optional<double> Mix::*member) {
  return plan.mix ? (*plan.mix).*member : std::nullopt;
}

std::string describe(const Scenario& s, const Plan& plan) {
  return fmt::format("{} at {}",
                     plan.bottleneck.kind == BottleneckKind::capacity ? "capacity" : "conversion",
                     s.stages[plan.bottleneck.stage].name);
}

// A name with its place among the stages (or channels) of each side.
struct Matched {
  std::string_view name;
  std::optional<std::size_t> base;
  std::optional<std::size_t> head;
};

// The names of `base`, in its order, then those only in `head`, each with its
// index on both sides. Hashed: linear, where a search of the list per name made
// 100,000 channels take 48 s.
template <typename Item, typename Name>
std::vector<Matched> match_by_name(const std::vector<Item>& base, const std::vector<Item>& head,
                                   Name name) {
  std::unordered_map<std::string_view, std::size_t> in_base;
  std::unordered_map<std::string_view, std::size_t> in_head;
  in_base.reserve(base.size());
  in_head.reserve(head.size());
  for (std::size_t i = 0; i < base.size(); ++i) {
    in_base.emplace(name(base[i]), i);
  }
  for (std::size_t i = 0; i < head.size(); ++i) {
    in_head.emplace(name(head[i]), i);
  }
  std::vector<Matched> matched;
  matched.reserve(base.size() + head.size());
  for (std::size_t i = 0; i < base.size(); ++i) {
    const auto found = in_head.find(name(base[i]));
    matched.push_back(
        Matched{name(base[i]), i,
                found == in_head.end() ? std::nullopt : std::optional<std::size_t>(found->second)});
  }
  for (std::size_t i = 0; i < head.size(); ++i) {
    if (in_base.find(name(head[i])) == in_base.end()) {
      matched.push_back(Matched{name(head[i]), std::nullopt, i});
    }
  }
  return matched;
}

// A figure `prefix` + NAME for every name of `base_items` and `head_items` (as
// match_by_name orders them), `figure_of(plan, index)` on each side that has it.
template <typename Item, typename Name, typename Figure>
void add_by_name(PlanDiff& d, const std::string& prefix, FigureUnit unit,
                 const std::vector<Item>& base_items, const Plan& base,
                 const std::vector<Item>& head_items, const Plan& head, Name name,
                 Figure figure_of) {
  const auto value = [&](const Plan& plan, std::optional<std::size_t> i) {
    return i ? std::optional<double>(figure_of(plan, *i)) : std::nullopt;
  };
  for (const Matched& m : match_by_name(base_items, head_items, name)) {
    d.figures.push_back(
        figure(prefix + std::string(m.name), unit, value(base, m.base), value(head, m.head)));
  }
}

}  // namespace

PlanDiff diff_plans(const Scenario& bs, const Plan& base, const Scenario& hs, const Plan& head) {
  PlanDiff d;
  // wins, budget, allowable_cpl, two blended CPLs, coverage, projected_wins and
  // budget_needed, then a figure per stage and per channel, on either side.
  d.figures.reserve(8 + bs.stages.size() + hs.stages.size() + bs.channels.size() +
                    hs.channels.size());
  d.figures.push_back(figure("wins", FigureUnit::count, base.wins, head.wins));
  add_by_name(
      d, "required.", FigureUnit::count, bs.stages, base, hs.stages, head,
      [](const Stage& s) { return std::string_view(s.name); },
      [](const Plan& p, std::size_t i) { return p.stages[i].required; });
  d.figures.push_back(figure("budget", FigureUnit::money, bs.budget, hs.budget));
  d.figures.push_back(
      figure("allowable_cpl", FigureUnit::money, base.allowable_cpl, head.allowable_cpl));
  d.figures.push_back(figure("blended_cpl", FigureUnit::money, mix_figure(base, &Mix::blended_cpl),
                             mix_figure(head, &Mix::blended_cpl)));
  d.figures.push_back(figure("blended_effective_cpl", FigureUnit::money,
                             mix_figure(base, &Mix::blended_effective_cpl),
                             mix_figure(head, &Mix::blended_effective_cpl)));
  add_by_name(
      d, "effective_cpl.", FigureUnit::money, bs.channels, base, hs.channels, head,
      [](const Channel& c) { return std::string_view(c.name); },
      [](const Plan& p, std::size_t i) { return p.channels[i].effective_cpl; });
  d.figures.push_back(figure("coverage", FigureUnit::ratio, mix_figure(base, &Mix::coverage),
                             mix_figure(head, &Mix::coverage)));
  d.figures.push_back(figure("projected_wins", FigureUnit::count,
                             mix_figure(base, &Mix::projected_wins),
                             mix_figure(head, &Mix::projected_wins)));
  d.figures.push_back(figure("budget_needed", FigureUnit::money,
                             mix_figure(base, &Mix::budget_needed),
                             mix_figure(head, &Mix::budget_needed)));
  d.base_currency = bs.currency;
  d.head_currency = hs.currency;
  if (bs.currency != hs.currency) {
    // Dollars minus euros is no change: amounts in two currencies are not compared.
    for (FigureChange& f : d.figures) {
      if (f.unit == FigureUnit::money) {
        f.change.reset();
        f.change_percent.reset();
      }
    }
  }
  d.bottleneck_before = describe(bs, base);
  d.bottleneck_after = describe(hs, head);
  return d;
}

}  // namespace leadplan
