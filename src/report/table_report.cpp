#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "leadplan/report/format.hpp"
#include "leadplan/report/plan_lines.hpp"
#include "leadplan/report/report.hpp"
#include "leadplan/report/text_table.hpp"
#include "leadplan/report/timeline_report.hpp"

namespace leadplan {

namespace {

constexpr const char* k_dash = "-";

// ANSI styles, empty when colour is off.
struct Palette {
  std::string bold, red, green, reset;
  explicit Palette(bool color)
      : bold(color ? "\x1b[1m" : ""),
        red(color ? "\x1b[31m" : ""),
        green(color ? "\x1b[32m" : ""),
        reset(color ? "\x1b[0m" : "") {}
};

std::string optional_money(const std::optional<double>& amount, const std::string& currency) {
  return amount ? format_money(*amount, currency) : std::string(k_dash);
}

std::string optional_count(const std::optional<double>& count) {
  return count ? format_count(*count) : std::string(k_dash);
}

std::string optional_percent(const std::optional<double>& fraction) {
  return fraction ? format_percent(*fraction) : std::string(k_dash);
}

std::string target_line(const Scenario& s, const Plan& plan) {
  std::string line =
      fmt::format("Target: {} wins a {}", format_count(plan.wins), period_name(s.period));
  if (plan.revenue && plan.deal_size) {
    line += fmt::format(" ({} revenue at {} a deal)", format_money(*plan.revenue, s.currency),
                        format_money(*plan.deal_size, s.currency));
  }
  return line;
}

}  // namespace

std::string bottleneck_reason(const Scenario& s, const Plan& plan) {
  const Bottleneck& b = plan.bottleneck;
  const Stage& stage = s.stages[b.stage];
  if (b.kind == BottleneckKind::capacity) {
    return fmt::format("capacity {} is {} of the {} required", format_count(*stage.capacity),
                       format_percent(b.ratio), format_count(plan.stages[b.stage].required));
  }
  if (stage.benchmark) {
    return fmt::format("`{}` -> `{}` converts at {}, {} of its {} benchmark",
                       s.stages[b.stage - 1].name, stage.name, format_percent(stage.rate),
                       format_percent(b.ratio), format_percent(*stage.benchmark));
  }
  return fmt::format(
      "`{}` -> `{}` converts at {}, the lowest rate of the funnel (no step has a "
      "benchmark)",
      s.stages[b.stage - 1].name, stage.name, format_percent(stage.rate));
}

void write_table(std::ostream& out, const Scenario& s, const Plan& plan, const TableStyle& style,
                 const std::vector<SensitivityRow>* sensitivity) {
  const Palette p(style.color);
  const std::string& cur = s.currency;
  std::string text;

  text += p.bold + one_line(s.name ? *s.name : std::string("leadplan")) + p.reset + "\n";
  text += fmt::format("Per {}, {}, rounding {}\n", period_name(s.period), cur,
                      rounding_name(s.rounding));
  text += target_line(s, plan) + "\n";
  text += fmt::format("Budget: {}\n\n", optional_money(s.budget, cur));

  const bool projected = plan.mix && !plan.mix->projected.empty();
  bool notes = false;
  for (std::size_t i = 0; i < s.stages.size(); ++i) {
    notes = notes || !stage_note(s, plan, i).empty();
  }
  std::vector<std::string> headers = {"Stage",    "Rate",     "Benchmark",
                                      "Capacity", "Required", "Allowable cost"};
  std::vector<Align> aligns = {Align::left,  Align::right, Align::right,
                               Align::right, Align::right, Align::right};
  if (projected) {
    headers.emplace_back("Projected");
    aligns.push_back(Align::right);
  }
  if (notes) {
    headers.emplace_back("Note");
    aligns.push_back(Align::left);
  }
  TextTable stages(headers, aligns);
  for (std::size_t i = 0; i < s.stages.size(); ++i) {
    const Stage& stage = s.stages[i];
    std::vector<std::string> row = {stage.name,
                                    i == 0 ? std::string(k_dash) : format_percent(stage.rate),
                                    optional_percent(stage.benchmark),
                                    optional_count(stage.capacity),
                                    format_count(plan.stages[i].required),
                                    optional_money(plan.stages[i].allowable_cost, cur)};
    if (projected) {
      row.push_back(format_fixed(plan.mix->projected[i], 2));
    }
    if (notes) {
      const std::string note = stage_note(s, plan, i);
      row.push_back(note.empty() ? note : p.red + note + p.reset);
    }
    stages.add_row(std::move(row));
  }
  text += stages.render(p.bold, p.reset);
  text += "\n";
  if (plan.allowable_cpl) {
    text += fmt::format("Allowable CPL: {}{}{} ({} budget / {} leads)\n", p.bold,
                        format_money(*plan.allowable_cpl, cur), p.reset,
                        format_money(*s.budget, cur), format_count(plan.stages.front().required));
    text += fmt::format("CAC ceiling:   {} per win\n",
                        format_money(*plan.stages.back().allowable_cost, cur));
  } else {
    text += "Allowable CPL: - (no budget given)\n";
  }

  if (!s.channels.empty()) {
    text += "\n";
    const std::string second = one_line(s.stages[1].name);
    const bool budget = s.budget.has_value();
    std::vector<std::string> ch_headers = {"Channel", "CPL", fmt::format("{} rate", second),
                                           fmt::format("Cost per {}", second), "vs allowable"};
    std::vector<Align> ch_aligns = {Align::left, Align::right, Align::right, Align::right,
                                    Align::left};
    if (budget) {
      for (const char* h : {"Budget", "Leads", "Spend", "Wins"}) {
        ch_headers.emplace_back(h);
        ch_aligns.push_back(Align::right);
      }
    }
    TextTable channels(ch_headers, ch_aligns);
    for (std::size_t i = 0; i < s.channels.size(); ++i) {
      const Channel& c = s.channels[i];
      const ChannelPlan& cp = plan.channels[i];
      std::string verdict = k_dash;
      if (cp.within_allowable) {
        verdict = *cp.within_allowable ? p.green + "within" + p.reset : p.red + "over" + p.reset;
      }
      std::vector<std::string> row = {c.name, format_money(c.first_cpl(), cur),
                                      format_percent(cp.mql_rate),
                                      format_money(cp.effective_cpl, cur), verdict};
      if (budget) {
        row.push_back(optional_money(cp.budget, cur));
        row.push_back(cp.leads ? format_fixed(*cp.leads, 2) : k_dash);
        row.push_back(optional_money(cp.spend, cur));
        row.push_back(cp.wins ? format_fixed(*cp.wins, 2) : k_dash);
      }
      channels.add_row(std::move(row));
    }
    text += channels.render(p.bold, p.reset);
    if (plan.stages[1].allowable_cost) {
      text += fmt::format("Allowable cost per {}: {}\n", second,
                          format_money(*plan.stages[1].allowable_cost, cur));
    }

    // The channel x stage matrix of cost per stage entry (8.2), over-allowable
    // cells in red.
    std::vector<std::string> cost_headers = {"Cost per entry"};
    std::vector<Align> cost_aligns = {Align::left};
    for (const Stage& stage : s.stages) {
      cost_headers.push_back(one_line(stage.name));
      cost_aligns.push_back(Align::right);
    }
    TextTable costs(cost_headers, cost_aligns);
    for (const std::vector<CostCell>& cells : cost_matrix(s, plan)) {
      std::vector<std::string> row;
      row.reserve(cells.size());
      for (const CostCell& cell : cells) {
        row.push_back(cell.over ? p.red + cell.text + p.reset : cell.text);
      }
      costs.add_row(std::move(row));
    }
    text += "\n";
    text += costs.render(p.bold, p.reset);

    const std::vector<PlanLine> lines = mix_lines(s, plan);
    std::size_t width = 0;
    for (const PlanLine& line : lines) {
      width = std::max(width, display_width(line.label));
    }
    text += "\n" + p.bold + "Mix" + p.reset + "\n";
    for (const PlanLine& line : lines) {
      std::string value = one_line(line.value);
      if (!line.verdict.empty()) {
        const std::string& tone = line.tone == Tone::good  ? p.green
                                  : line.tone == Tone::bad ? p.red
                                                           : p.reset;
        value += fmt::format(" ({}{}{})", line.tone == Tone::plain ? "" : tone, line.verdict,
                             line.tone == Tone::plain ? "" : p.reset);
      }
      text += fmt::format("  {}:{} {}\n", line.label,
                          std::string(width - display_width(line.label), ' '), value);
    }
  }

  text += "\n";
  text += fmt::format("{}Bottleneck:{} {} at `{}`: {}\n", p.bold, p.reset,
                      plan.bottleneck.kind == BottleneckKind::capacity ? "capacity" : "conversion",
                      one_line(s.stages[plan.bottleneck.stage].name),
                      one_line(bottleneck_reason(s, plan)));

  if (sensitivity != nullptr) {
    text +=
        "\n" + p.bold + "Sensitivity" + p.reset + " (each driver 10% better, largest lift first)\n";
    TextTable table(
        {"Driver", "Now", "Improved", "Required leads", "Projected wins", "Lift", "Budget needed"},
        {Align::left, Align::right, Align::right, Align::right, Align::right, Align::right,
         Align::right});
    for (std::vector<std::string>& row : sensitivity_rows(s, plan, *sensitivity)) {
      row.front() = one_line(row.front());
      table.add_row(std::move(row));
    }
    text += table.render(p.bold, p.reset);
  }
  append_timeline_table(text, s, plan, p.bold, p.reset);  // CONTRACT 10
  out << text;
}

}  // namespace leadplan
