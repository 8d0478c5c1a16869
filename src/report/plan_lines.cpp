#include "leadplan/report/plan_lines.hpp"

#include <cmath>
#include <string_view>

#include <fmt/format.h>

#include "leadplan/engine/sensitivity.hpp"
#include "leadplan/report/format.hpp"

namespace leadplan {

namespace {

std::string money_or_dash(const std::optional<double>& amount, const std::string& currency) {
  return amount ? format_money(*amount, currency) : std::string("-");
}

bool ends_with(std::string_view text, std::string_view end) {
  return text.size() >= end.size() && text.substr(text.size() - end.size()) == end;
}

}  // namespace

std::string format_projected_wins(double projected, double wanted, bool met) {
  if (!met && std::round(projected * 100.0) / 100.0 >= wanted) {
    return format_hundredths(std::floor(projected * 100.0 * (1.0 + 1e-12)) / 100.0);
  }
  return format_hundredths(projected);
}

std::vector<PlanLine> mix_lines(const Scenario& s, const Plan& plan) {
  std::vector<PlanLine> lines;
  if (!plan.mix) {
    return lines;
  }
  const Mix& mix = *plan.mix;
  const std::string& cur = s.currency;
  const std::string& second = s.stages[1].name;
  const bool bought = !mix.projected.empty();
  if (bought) {
    lines.push_back(
        {"Leads bought",
         fmt::format("{} for {}", format_hundredths(*mix.leads), format_money(*mix.spend, cur)),
         {},
         Tone::plain});
    lines.push_back({"Unspent", money_or_dash(mix.unspent, cur), {}, Tone::plain});
  }
  lines.push_back({"Blended CPL", money_or_dash(mix.blended_cpl, cur), {}, Tone::plain});
  lines.push_back({fmt::format("Blended cost per {}", second),
                   money_or_dash(mix.blended_effective_cpl, cur),
                   {},
                   Tone::plain});
  if (bought) {
    const double coverage = *mix.coverage;
    lines.push_back(
        {fmt::format("Projected {}", second),
         fmt::format("{} of {} required (coverage {})", format_hundredths(mix.projected[1]),
                     format_count(plan.stages[1].required),
                     format_coverage(coverage, coverage >= 1.0 - k_tolerance)),
         {},
         Tone::plain});
    const bool feasible = mix.feasible.value_or(false);
    lines.push_back(
        {"Projected wins",
         fmt::format("{} of {}, {} of the target",
                     format_projected_wins(*mix.projected_wins, plan.wins, feasible),
                     format_count(plan.wins), format_coverage(*mix.win_coverage, feasible)),
         feasible ? "feasible" : "not feasible", feasible ? Tone::good : Tone::bad});
    if (!mix.capped_stages.empty()) {
      std::vector<std::string> capped;
      for (std::size_t stage : mix.capped_stages) {
        capped.push_back(fmt::format("{} (capacity {})", s.stages[stage].name,
                                     format_count(s.stages[stage].capacity.value_or(0.0))));
      }
      lines.push_back({"Capped at", fmt::format("{}", fmt::join(capped, ", ")), {}, Tone::bad});
    }
  }
  if (mix.budget_needed) {
    lines.push_back({"Budget needed", format_money(*mix.budget_needed, cur), {}, Tone::plain});
  } else if (mix.max_projected_wins) {
    lines.push_back(
        {"Budget needed",
         fmt::format("- (no budget reaches {} wins: at most {} projected)", format_count(plan.wins),
                     format_hundredths(*mix.max_projected_wins)),
         {},
         Tone::bad});
  } else {
    lines.push_back({"Budget needed", "- (the mix buys no leads)", {}, Tone::bad});
  }
  return lines;
}

std::string stage_note(const Scenario& s, const Plan& plan, std::size_t stage) {
  std::string note;
  const std::optional<double>& capacity = s.stages[stage].capacity;
  if (capacity && plan.stages[stage].required > *capacity * (1.0 + k_tolerance)) {
    note = "over capacity";
  }
  if (plan.mix) {
    for (std::size_t capped : plan.mix->capped_stages) {
      if (capped == stage) {
        note += note.empty() ? "capped" : ", capped";
      }
    }
  }
  return note;
}

std::vector<std::vector<CostCell>> cost_matrix(const Scenario& s, const Plan& plan) {
  std::vector<std::vector<CostCell>> rows;
  rows.reserve(s.channels.size() + 1);
  const std::string& cur = s.currency;
  for (std::size_t i = 0; i < s.channels.size(); ++i) {
    std::vector<CostCell> row;
    row.reserve(s.stages.size() + 1);
    row.push_back({s.channels[i].name, false});
    const std::span<const double> costs = plan.cost_per_stage_of(i);
    for (std::size_t j = 0; j < s.stages.size(); ++j) {
      const std::optional<double>& allowable = plan.stages[j].allowable_cost;
      row.push_back(
          {format_money(costs[j], cur), allowable && costs[j] > *allowable * (1.0 + k_tolerance)});
    }
    rows.push_back(std::move(row));
  }
  if (s.budget) {
    std::vector<CostCell> row;
    row.push_back({"allowable", false});
    for (const StagePlan& stage : plan.stages) {
      row.push_back({money_or_dash(stage.allowable_cost, cur), false});
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<std::vector<std::string>> sensitivity_rows(const Scenario& s, const Plan& plan,
                                                       const std::vector<SensitivityRow>& rows) {
  std::vector<std::vector<std::string>> table;
  const std::string& cur = s.currency;
  const bool projected = plan.mix && plan.mix->projected_wins;
  const double wins_now = projected ? *plan.mix->projected_wins : 0.0;
  for (const SensitivityRow& row : rows) {
    const bool money = row.driver == "budget" || ends_with(row.driver, "cpl");
    auto shown = [&](double value) {
      return money ? format_money(value, cur) : format_percent(value);
    };
    std::string lift = "-";
    if (row.projected_wins && projected) {
      // The difference of the two figures as shown, to hundredths.
      const double change =
          std::round(*row.projected_wins * 100.0) / 100.0 - std::round(wins_now * 100.0) / 100.0;
      lift = std::fabs(change) < 0.005 ? std::string("0")
                                       : fmt::format("{}{}", change > 0.0 ? "+" : "-",
                                                     format_hundredths(std::fabs(change)));
    }
    table.push_back({row.driver, shown(row.value), shown(row.improved),
                     row.required_leads ? format_count(*row.required_leads) : "-",
                     row.projected_wins ? format_hundredths(*row.projected_wins) : "-", lift,
                     money_or_dash(row.budget_needed, cur)});
  }
  return table;
}

}  // namespace leadplan
