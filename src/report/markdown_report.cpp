#include <cmath>

#include <fmt/format.h>

#include "leadplan/report/format.hpp"
#include "leadplan/report/plan_lines.hpp"
#include "leadplan/report/report.hpp"
#include "leadplan/report/timeline_report.hpp"

namespace leadplan {

namespace {

std::string money_or_dash(const std::optional<double>& value, const std::string& currency) {
  return value ? format_money(*value, currency) : std::string("-");
}

}  // namespace

std::string markdown_cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '|':
        out += "\\|";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "<br>";
        break;
      case '\r':
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

void write_markdown(std::ostream& out, const Scenario& s, const Plan& plan,
                    const std::vector<SensitivityRow>* sensitivity) {
  const std::string& cur = s.currency;
  const bool budget = s.budget.has_value();
  const bool projected = plan.mix && !plan.mix->projected.empty();
  std::string text = fmt::format("### {}\n\n", markdown_cell(s.name ? *s.name : "leadplan"));
  text += fmt::format("Target **{} wins** a {}", format_count(plan.wins), period_name(s.period));
  if (plan.revenue && plan.deal_size) {
    text += fmt::format(" ({} at {} a deal)", format_money(*plan.revenue, cur),
                        format_money(*plan.deal_size, cur));
  }
  text += fmt::format(" · budget {} · allowable CPL **{}**", money_or_dash(s.budget, cur),
                      money_or_dash(plan.allowable_cpl, cur));
  if (budget) {
    text += fmt::format(" · CAC ceiling {}", money_or_dash(plan.stages.back().allowable_cost, cur));
  }
  text += "\n\n";

  bool notes = false;
  for (std::size_t i = 0; i < s.stages.size(); ++i) {
    notes = notes || !stage_note(s, plan, i).empty();
  }
  text += "| Stage | Rate | Benchmark | Capacity | Required | Allowable cost |";
  text += projected ? " Projected |" : "";
  text += notes ? " Note |" : "";
  text += "\n|:--|--:|--:|--:|--:|--:|";
  text += projected ? "--:|" : "";
  text += notes ? ":--|" : "";
  text += "\n";
  for (std::size_t i = 0; i < s.stages.size(); ++i) {
    const Stage& stage = s.stages[i];
    text += fmt::format("| {} | {} | {} | {} | {} | {} |", markdown_cell(stage.name),
                        i == 0 ? std::string("-") : format_percent(stage.rate),
                        stage.benchmark ? format_percent(*stage.benchmark) : "-",
                        stage.capacity ? format_count(*stage.capacity) : "-",
                        format_count(plan.stages[i].required),
                        money_or_dash(plan.stages[i].allowable_cost, cur));
    text += projected ? fmt::format(" {} |", format_fixed(plan.mix->projected[i], 2)) : "";
    if (notes) {
      const std::string note = stage_note(s, plan, i);
      text += note.empty() ? " |" : fmt::format(" **{}** |", note);
    }
    text += "\n";
  }

  if (!s.channels.empty()) {
    const std::string second = markdown_cell(s.stages[1].name);
    text +=
        fmt::format("\n| Channel | CPL | {} rate | Cost per {} | vs allowable |", second, second);
    text += budget ? " Budget | Leads | Spend | Wins |\n|:--|--:|--:|--:|:--|--:|--:|--:|--:|\n"
                   : "\n|:--|--:|--:|--:|:--|\n";
    for (std::size_t i = 0; i < s.channels.size(); ++i) {
      const Channel& c = s.channels[i];
      const ChannelPlan& p = plan.channels[i];
      text += fmt::format("| {} | {} | {} | {} | {} |", markdown_cell(c.name),
                          format_money(c.first_cpl(), cur), format_percent(p.mql_rate),
                          format_money(p.effective_cpl, cur),
                          p.within_allowable ? (*p.within_allowable ? "within" : "**over**") : "-");
      if (budget) {
        text += fmt::format(" {} | {} | {} | {} |", money_or_dash(p.budget, cur),
                            p.leads ? format_fixed(*p.leads, 2) : "-", money_or_dash(p.spend, cur),
                            p.wins ? format_fixed(*p.wins, 2) : "-");
      }
      text += "\n";
    }

    text += "\n| Cost per entry |";
    std::string rule = "|:--|";
    for (const Stage& stage : s.stages) {
      text += fmt::format(" {} |", markdown_cell(stage.name));
      rule += "--:|";
    }
    text += "\n" + rule + "\n";
    for (const std::vector<CostCell>& cells : cost_matrix(s, plan)) {
      text += "|";
      for (const CostCell& cell : cells) {
        text += cell.over ? fmt::format(" **{}** |", markdown_cell(cell.text))
                          : fmt::format(" {} |", markdown_cell(cell.text));
      }
      text += "\n";
    }

    text += "\n";
    for (const PlanLine& line : mix_lines(s, plan)) {
      text += fmt::format("- {}: {}", markdown_cell(line.label), markdown_cell(line.value));
      if (!line.verdict.empty()) {
        const std::string verdict = markdown_cell(line.verdict);
        text += line.tone == Tone::plain ? fmt::format(" ({})", verdict)
                                         : fmt::format(" (**{}**)", verdict);
      }
      text += "\n";
    }
  }
  text += fmt::format("\n**Bottleneck** ({} at {}): {}\n",
                      plan.bottleneck.kind == BottleneckKind::capacity ? "capacity" : "conversion",
                      markdown_cell(s.stages[plan.bottleneck.stage].name),
                      markdown_cell(bottleneck_reason(s, plan)));
  if (sensitivity != nullptr) {
    text += "\n#### Sensitivity: each driver 10% better, largest lift first\n\n";
    text +=
        "| Driver | Now | Improved | Required leads | Projected wins | Lift | Budget needed |\n";
    text += "|:--|--:|--:|--:|--:|--:|--:|\n";
    for (const std::vector<std::string>& row : sensitivity_rows(s, plan, *sensitivity)) {
      text += "|";
      for (std::size_t i = 0; i < row.size(); ++i) {
        text += i == 0 ? fmt::format(" `{}` |", markdown_cell(row[i]))
                       : fmt::format(" {} |", markdown_cell(row[i]));
      }
      text += "\n";
    }
  }
  append_timeline_markdown(text, s, plan);  // CONTRACT 10
  out << text;
}

}  // namespace leadplan
