#include "leadplan/engine/diff.hpp"

#include "leadplan/engine/engine.hpp"

#include <algorithm>
#include <cmath>

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
    if (*before != 0.0) {
      f.change_percent = *f.change / *before * 100.0;
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

// Names in `first`'s order, then those only in `second`.
template <typename Item, typename Name>
std::vector<std::string> union_of_names(const std::vector<Item>& first,
                                        const std::vector<Item>& second, Name name) {
  std::vector<std::string> names;
  for (const Item& item : first) {
    names.push_back(name(item));
  }
  for (const Item& item : second) {
    if (std::find(names.begin(), names.end(), name(item)) == names.end()) {
      names.push_back(name(item));
    }
  }
  return names;
}

}  // namespace

PlanDiff diff_plans(const Scenario& bs, const Plan& base, const Scenario& hs, const Plan& head) {
  PlanDiff d;
  d.figures.push_back(figure("wins", FigureUnit::count, base.wins, head.wins));
  const auto stage_names =
      union_of_names(bs.stages, hs.stages, [](const Stage& s) { return s.name; });
  auto required = [](const Scenario& s, const Plan& p, const std::string& name) {
    for (std::size_t i = 0; i < s.stages.size(); ++i) {
      if (s.stages[i].name == name) {
        return std::optional<double>(p.stages[i].required);
      }
    }
    return std::optional<double>();
  };
  for (const std::string& name : stage_names) {
    d.figures.push_back(figure("required." + name, FigureUnit::count, required(bs, base, name),
                               required(hs, head, name)));
  }
  d.figures.push_back(figure("budget", FigureUnit::money, bs.budget, hs.budget));
  d.figures.push_back(
      figure("allowable_cpl", FigureUnit::money, base.allowable_cpl, head.allowable_cpl));
  d.figures.push_back(figure("blended_cpl", FigureUnit::money, mix_figure(base, &Mix::blended_cpl),
                             mix_figure(head, &Mix::blended_cpl)));
  d.figures.push_back(figure("blended_effective_cpl", FigureUnit::money,
                             mix_figure(base, &Mix::blended_effective_cpl),
                             mix_figure(head, &Mix::blended_effective_cpl)));
  const auto channel_names =
      union_of_names(bs.channels, hs.channels, [](const Channel& c) { return c.name; });
  auto effective = [](const Scenario& s, const Plan& p, const std::string& name) {
    for (std::size_t i = 0; i < s.channels.size(); ++i) {
      if (s.channels[i].name == name) {
        return std::optional<double>(p.channels[i].effective_cpl);
      }
    }
    return std::optional<double>();
  };
  for (const std::string& name : channel_names) {
    d.figures.push_back(figure("effective_cpl." + name, FigureUnit::money,
                               effective(bs, base, name), effective(hs, head, name)));
  }
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
