#include "leadplan/report/xlsx_report.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <xlsxwriter.h>

#include "leadplan/model/diagnostic.hpp"
#include "leadplan/report/format.hpp"
#include "leadplan/report/report.hpp"

namespace leadplan {

namespace {

// 1980-01-01T00:00:00Z, the earliest date a zip entry can hold: the workbook's
// creation time, so that the same input gives the same bytes (0 would mean "now").
constexpr std::time_t k_fixed_created = 315532800;

// Where the Inputs sheet holds each value (0-based rows and columns).
constexpr lxw_row_t k_rounding_row = 4;
constexpr lxw_row_t k_wins_row = 5;
constexpr lxw_row_t k_revenue_row = 6;
constexpr lxw_row_t k_deal_row = 7;
constexpr lxw_row_t k_budget_row = 8;
constexpr lxw_row_t k_stage_header = 10;
constexpr lxw_col_t k_channel_rates = 7;  // first column of a channel's own rates

std::string column_name(std::size_t column) {
  char letters[8] = {};
  std::size_t length = 0;
  ++column;
  while (column > 0 && length < sizeof letters) {
    letters[length++] = static_cast<char>('A' + (column - 1) % 26);
    column = (column - 1) / 26;
  }
  std::string name(letters, length);
  std::reverse(name.begin(), name.end());
  return name;
}

// An absolute reference, "Inputs!$B$5", or "$B$5" with no `sheet`.
std::string ref(std::string_view sheet, std::size_t row, std::size_t column) {
  return fmt::format("{}{}${}${}", sheet, sheet.empty() ? "" : "!", column_name(column), row + 1);
}

// A column's range from `first` to `last` row, "Channels!$E$2:$E$9".
std::string range(std::string_view sheet, std::size_t first, std::size_t last, std::size_t column) {
  return fmt::format("{}!${}${}:${}${}", sheet, column_name(column), first + 1, column_name(column),
                     last + 1);
}

// docs/math.md's R(x): with `rounding: ceil`, the whole number x is within 1e-9
// (relative) of, else its ceiling; with `none`, x.
std::string rounded(const std::string& x) {
  return fmt::format(
      "IF({rounding}=\"ceil\",IF(ABS(({x})-ROUND({x},0))<=1E-9*ABS({x}),ROUND({x},0),"
      "CEILING({x},1)),{x})",
      fmt::arg("rounding", ref("Inputs", k_rounding_row, 1)), fmt::arg("x", x));
}

class Book {
 public:
  Book(const std::string& path, const Scenario& s) {
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;  // rows streamed to disk: memory bounded
    m_book = workbook_new_opt(path.c_str(), &options);
    if (m_book == nullptr) {
      throw FatalError("cannot create the workbook");
    }
    lxw_doc_properties properties{};
    properties.created = k_fixed_created;
    workbook_set_properties(m_book, &properties);
    const std::string symbol = currency_symbol(s.currency);
    std::string quoted;
    for (char c : symbol) {
      quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    const std::string money_format = fmt::format("\"{}\"#,##0.00", quoted);
    header = workbook_add_format(m_book);
    format_set_bold(header);
    format_set_bottom(header, LXW_BORDER_THIN);
    money = workbook_add_format(m_book);
    format_set_num_format(money, money_format.c_str());
    percent = workbook_add_format(m_book);
    format_set_num_format(percent, "0.00%");
    count = workbook_add_format(m_book);
    format_set_num_format(count, "#,##0.##");
    note = workbook_add_format(m_book);
    format_set_italic(note);
    format_set_font_color(note, 0x57606A);
    // Inputs are driver cells: coloured, blue text; calculated cells stay plain.
    input = workbook_add_format(m_book);
    input_money = workbook_add_format(m_book);
    format_set_num_format(input_money, money_format.c_str());
    input_percent = workbook_add_format(m_book);
    format_set_num_format(input_percent, "0.00%");
    input_count = workbook_add_format(m_book);
    format_set_num_format(input_count, "#,##0.##");
    for (lxw_format* f : {input, input_money, input_percent, input_count}) {
      format_set_bg_color(f, 0xFFF2CC);
      format_set_font_color(f, 0x0000FF);
    }
  }
  Book(const Book&) = delete;
  Book& operator=(const Book&) = delete;
  ~Book() {
    if (m_book != nullptr) {
      // Only on an error path: the file is discarded.
      workbook_close(m_book);
    }
  }

  lxw_worksheet* sheet(const char* name) { return workbook_add_worksheet(m_book, name); }

  void close() {
    const lxw_error error = workbook_close(m_book);
    m_book = nullptr;
    if (error != LXW_NO_ERROR) {
      throw FatalError(fmt::format("cannot write the workbook: {}", lxw_strerror(error)));
    }
  }

  lxw_format* header = nullptr;
  lxw_format* money = nullptr;
  lxw_format* percent = nullptr;
  lxw_format* count = nullptr;
  lxw_format* note = nullptr;
  lxw_format* input = nullptr;
  lxw_format* input_money = nullptr;
  lxw_format* input_percent = nullptr;
  lxw_format* input_count = nullptr;

 private:
  lxw_workbook* m_book = nullptr;
};

void text(lxw_worksheet* sheet, std::size_t row, std::size_t column, std::string_view value,
          lxw_format* format = nullptr) {
  const std::string copy(value);
  worksheet_write_string(sheet, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(column),
                         copy.c_str(), format);
}

void number(lxw_worksheet* sheet, std::size_t row, std::size_t column, std::optional<double> value,
            lxw_format* format) {
  if (value) {
    worksheet_write_number(sheet, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(column),
                           *value, format);
  }
}

void formula(lxw_worksheet* sheet, std::size_t row, std::size_t column, const std::string& body,
             double cached, lxw_format* format = nullptr) {
  const std::string text_formula = fmt::format("={}", body);
  worksheet_write_formula_num(sheet, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(column),
                              text_formula.c_str(), format, cached);
}

// A labelled row of the Plan sheet: the figure, and a note when it is a value.
void figure_row(lxw_worksheet* sheet, std::size_t row, std::string_view label) {
  text(sheet, row, 0, label);
}

}  // namespace

void write_xlsx(std::ostream& out, const Scenario& s, const Plan& plan) {
  // libxlsxwriter writes to a named file: a private temporary one, copied to `out`.
  std::string path = (std::filesystem::temp_directory_path() / "leadplan-xlsx-XXXXXX").string();
  const int fd = ::mkstemp(path.data());
  if (fd < 0) {
    throw FatalError("cannot create a temporary file for the workbook");
  }
  ::close(fd);
  struct Remove {
    std::string path;
    ~Remove() { std::remove(path.c_str()); }
  } remove{path};

  const std::size_t n = s.stages.size();
  const std::size_t m = s.channels.size();
  const bool budget = s.budget.has_value();
  const bool mix = budget && m > 0 && plan.mix;
  Book book(path, s);

  // --- Inputs ---------------------------------------------------------------
  lxw_worksheet* in = book.sheet("Inputs");
  worksheet_set_column(in, 0, 0, 24, nullptr);
  worksheet_set_column(in, 1, static_cast<lxw_col_t>(k_channel_rates + n), 14, nullptr);
  text(in, 0, 0, "Input", book.header);
  text(in, 0, 1, "Value", book.header);
  text(in, 0, 2, "Driver cells are coloured: change them and the other sheets follow.", book.note);
  text(in, 1, 0, "Scenario");
  text(in, 1, 1, s.name ? *s.name : std::string(), book.input);
  text(in, 2, 0, "Period");
  text(in, 2, 1, period_name(s.period));
  text(in, 3, 0, "Currency");
  text(in, 3, 1, s.currency);
  text(in, k_rounding_row, 0, "Rounding (ceil or none)");
  text(in, k_rounding_row, 1, s.rounding == Rounding::ceil ? "ceil" : "none", book.input);
  const bool wins_given = s.target.wins.has_value();
  text(in, k_wins_row, 0, "Target wins");
  number(in, k_wins_row, 1, wins_given ? s.target.wins : std::nullopt, book.input_count);
  text(in, k_revenue_row, 0, "Target revenue");
  number(in, k_revenue_row, 1, wins_given ? std::nullopt : s.target.revenue, book.input_money);
  text(in, k_deal_row, 0, "Deal size");
  number(in, k_deal_row, 1, s.target.deal_size, book.input_money);
  text(in, k_budget_row, 0, "Budget");
  number(in, k_budget_row, 1, s.budget, book.input_money);
  const char* stage_headers[] = {"Stage", "Rate", "Benchmark", "Capacity"};
  for (std::size_t c = 0; c < 4; ++c) {
    text(in, k_stage_header, c, stage_headers[c], book.header);
  }
  const std::size_t stage_row = k_stage_header + 1;
  for (std::size_t i = 0; i < n; ++i) {
    text(in, stage_row + i, 0, s.stages[i].name);
    if (i > 0) {
      number(in, stage_row + i, 1, s.stages[i].rate, book.input_percent);
    }
    number(in, stage_row + i, 2, s.stages[i].benchmark, book.input_percent);
    number(in, stage_row + i, 3, s.stages[i].capacity, book.input_count);
  }
  const std::size_t channel_header = stage_row + n + 1;
  const std::size_t channel_row = channel_header + 1;
  if (m > 0) {
    const char* channel_headers[] = {"Channel",   "CPL",       "Share", "Max leads",
                                     "Max spend", "Min spend", "Tiers"};
    for (std::size_t c = 0; c < 7; ++c) {
      text(in, channel_header, c, channel_headers[c], book.header);
    }
    for (std::size_t i = 1; i < n; ++i) {
      text(in, channel_header, k_channel_rates + i - 1, "rate into " + s.stages[i].name,
           book.header);
    }
  }
  for (std::size_t c = 0; c < m; ++c) {
    const Channel& ch = s.channels[c];
    const std::size_t r = channel_row + c;
    text(in, r, 0, ch.name);
    number(in, r, 1, ch.first_cpl(), book.input_money);
    number(in, r, 2, ch.share, book.input_percent);
    number(in, r, 3, ch.max_leads, book.input_count);
    number(in, r, 4, ch.max_spend, book.input_money);
    number(in, r, 5, ch.min_spend, book.input_money);
    if (!ch.cpl_tiers.empty()) {
      std::string tiers;
      for (const Tier& tier : ch.cpl_tiers) {
        tiers += tiers.empty() ? "" : "; ";
        tiers += tier.leads ? fmt::format("{} leads at {}", format_exact(*tier.leads),
                                          format_exact(tier.cpl))
                            : fmt::format("then at {}", format_exact(tier.cpl));
      }
      text(in, r, 6, tiers);
    }
    for (std::size_t i = 1; i < n; ++i) {
      number(in, r, k_channel_rates + i - 1, ch.own_rate(i), book.input_percent);
    }
  }
  worksheet_freeze_panes(in, 1, 1);

  // --- Plan -----------------------------------------------------------------
  lxw_worksheet* pl = book.sheet("Plan");
  lxw_worksheet* chs = m > 0 ? book.sheet("Channels") : nullptr;
  worksheet_set_column(pl, 0, 0, 26, nullptr);
  worksheet_set_column(pl, 1, 7, 16, nullptr);
  worksheet_set_column(pl, 8, 8, 60, nullptr);
  text(pl, 0, 0, "Figure", book.header);
  text(pl, 0, 1, "Value", book.header);
  const std::string wins_ref = ref("Plan", 1, 1);
  const std::string budget_ref = ref("Inputs", k_budget_row, 1);
  figure_row(pl, 1, "Target wins");
  formula(pl, 1, 1,
          wins_given
              ? ref("Inputs", k_wins_row, 1)
              : rounded(ref("Inputs", k_revenue_row, 1) + "/" + ref("Inputs", k_deal_row, 1)),
          plan.wins, book.count);
  if (plan.revenue) {
    figure_row(pl, 2, "Target revenue");
    formula(pl, 2, 1,
            wins_given ? wins_ref + "*" + ref("Inputs", k_deal_row, 1)
                       : ref("Inputs", k_revenue_row, 1),
            *plan.revenue, book.money);
  }
  // libxlsxwriter's constant_memory mode streams each row to disk as soon as
  // the next begins: every sheet is written strictly row by row.
  const std::size_t stage_top = 5;
  const std::size_t first_stage = stage_top + 1;
  const auto required_ref = [&](std::size_t i) { return ref("Plan", first_stage + i, 2); };
  const auto scale_ref = [&](std::size_t i) { return ref("Plan", first_stage + i, 6); };
  if (budget) {
    figure_row(pl, 3, "Allowable CPL");
    formula(pl, 3, 1, budget_ref + "/" + required_ref(0), *plan.allowable_cpl, book.money);
  }
  // The stage table.
  const char* plan_headers[] = {"Stage",           "Rate",      "Required",    "Allowable cost",
                                "Flow before cut", "Projected", "Scale after", "Note"};
  for (std::size_t c = 0; c < 8; ++c) {
    text(pl, stage_top, c == 7 ? 8 : c, plan_headers[c], book.header);
  }
  // Channels sheet columns.
  const std::size_t c_budget = 2;
  const std::size_t c_money = 3;
  const std::size_t c_leads = 4;
  const std::size_t c_spend = 5;
  const std::size_t c_yield = 6;
  const std::size_t c_cost = c_yield + n;
  const std::size_t c_effective = c_cost + n;
  const std::size_t c_cac = c_effective + 1;
  const std::size_t c_within = c_cac + 1;
  const std::size_t c_wins = c_within + 1;
  const std::size_t c_revenue = c_wins + 1;
  const std::size_t c_roi = c_revenue + 1;
  const std::size_t c_note = c_roi + 1;
  const std::size_t last_channel = m;  // rows 1..m of the Channels sheet
  double scale = 1.0;                  // the cached scale after each stage's cut
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t r = first_stage + i;
    // Stage names are text formulas: written with their text as the cached value.
    const std::string name_body = fmt::format("={}", ref("Inputs", stage_row + i, 0));
    worksheet_write_formula_str(pl, static_cast<lxw_row_t>(r), 0, name_body.c_str(), nullptr,
                                s.stages[i].name.c_str());
    if (i > 0) {
      formula(pl, r, 1, ref("Inputs", stage_row + i, 1), s.stages[i].rate, book.percent);
    }
    formula(pl, r, 2,
            i + 1 == n ? wins_ref
                       : rounded(required_ref(i + 1) + "/" + ref("Plan", first_stage + i + 1, 1)),
            plan.stages[i].required, book.count);
    if (budget) {
      formula(pl, r, 3, budget_ref + "/" + required_ref(i), *plan.stages[i].allowable_cost,
              book.money);
    }
    if (!mix) {
      continue;
    }
    // The flow into the stage before its own cut, the projection, the scale after.
    const std::string leads_range = range("Channels", 1, last_channel, c_leads);
    const std::string yield_range = range("Channels", 1, last_channel, c_yield + i);
    const std::string previous = i == 0 ? std::string("1") : scale_ref(i - 1);
    const double projected = plan.mix->projected[i];
    double total = 0.0;
    for (std::size_t c = 0; c < m; ++c) {
      total += *plan.channels[c].leads * plan.yield_of(c)[i];
    }
    const double before = total * scale;
    const std::string flow = ref("Plan", r, 4);
    formula(pl, r, 4, fmt::format("SUMPRODUCT({},{})*{}", leads_range, yield_range, previous),
            before, book.count);
    formula(pl, r, 5,
            fmt::format("IF(ISBLANK({cap}),{flow},MIN({flow},{cap}))",
                        fmt::arg("cap", ref("Inputs", stage_row + i, 3)), fmt::arg("flow", flow)),
            projected, book.count);
    if (before > 0.0) {
      scale = scale * projected / before;
    }
    formula(
        pl, r, 6,
        fmt::format("IF({flow}>0,{previous}*{projected}/{flow},{previous})", fmt::arg("flow", flow),
                    fmt::arg("previous", previous), fmt::arg("projected", ref("Plan", r, 5))),
        scale);
  }
  std::size_t row = first_stage + n + 1;
  const auto value_row = [&](std::string_view label, std::optional<double> value, lxw_format* f,
                             std::string_view why) {
    figure_row(pl, row, label);
    number(pl, row, 1, value, f);
    text(pl, row, 8, why, book.note);
    ++row;
  };
  if (mix) {
    const Mix& x = *plan.mix;
    const std::string spend_ref = ref("Plan", row + 1, 1);
    const std::string leads_ref = ref("Plan", row, 1);
    const std::string second = ref("Plan", first_stage + 1, 5);
    const std::string wins_projected = ref("Plan", first_stage + n - 1, 5);
    figure_row(pl, row, "Leads bought");
    formula(pl, row++, 1, fmt::format("SUM({})", range("Channels", 1, last_channel, c_leads)),
            *x.leads, book.count);
    figure_row(pl, row, "Spend");
    formula(pl, row++, 1, fmt::format("SUM({})", range("Channels", 1, last_channel, c_spend)),
            *x.spend, book.money);
    figure_row(pl, row, "Blended CPL");
    if (x.blended_cpl) {
      formula(pl, row, 1, spend_ref + "/" + leads_ref, *x.blended_cpl, book.money);
    }
    ++row;
    figure_row(pl, row, "Blended effective CPL");
    if (x.blended_effective_cpl) {
      formula(pl, row, 1, spend_ref + "/" + second, *x.blended_effective_cpl, book.money);
    }
    ++row;
    figure_row(pl, row, "Projected wins");
    formula(pl, row++, 1, wins_projected, *x.projected_wins, book.count);
    figure_row(pl, row, "Coverage");
    formula(pl, row++, 1, second + "/" + required_ref(1), *x.coverage, book.percent);
    const std::string win_coverage_ref = ref("Plan", row, 1);
    figure_row(pl, row, "Win coverage");
    formula(pl, row++, 1, wins_projected + "/" + wins_ref, *x.win_coverage, book.percent);
    figure_row(pl, row, "Feasible (1 = yes)");
    formula(pl, row++, 1, fmt::format("IF({}>=1-1E-9,1,0)", win_coverage_ref),
            *x.feasible ? 1.0 : 0.0);
    figure_row(pl, row, "Unspent");
    formula(pl, row++, 1,
            fmt::format("IF(ABS({b}-{s})<=1E-9*{b},0,{b}-{s})", fmt::arg("b", budget_ref),
                        fmt::arg("s", spend_ref)),
            *x.unspent, book.money);
    figure_row(pl, row, "Budget split (no share)");
    std::optional<double> rest;
    for (std::size_t c = 0; c < m && !rest; ++c) {
      if (!s.channels[c].share) {
        rest = plan.channels[c].budget;
      }
    }
    const std::string shares = range("Inputs", channel_row, channel_row + m - 1, 2);
    formula(pl, row++, 1,
            fmt::format("IF(COUNTBLANK({sh})=0,0,MAX(0,{b}-SUMPRODUCT({sh})*{b})/COUNTBLANK({sh}))",
                        fmt::arg("sh", shares), fmt::arg("b", budget_ref)),
            rest.value_or(0.0), book.money);
  } else if (plan.mix) {
    const Mix& x = *plan.mix;
    value_row("Blended CPL", x.blended_cpl, book.money,
              "value from leadplan: without a budget the mix is the shares with caps ignored");
    value_row("Blended effective CPL", x.blended_effective_cpl, book.money,
              "value from leadplan: without a budget the mix is the shares with caps ignored");
  }
  const std::size_t rest_row = row - 1;
  if (plan.mix) {
    value_row("Budget needed", plan.mix->budget_needed, book.money,
              "value from leadplan: the least budget that is feasible is found by a search "
              "(docs/math.md), which no formula expresses");
    if (plan.mix->max_projected_wins) {
      value_row("Most projected wins", plan.mix->max_projected_wins, book.count,
                "value from leadplan: the most wins any budget buys, from the same search");
    }
  }
  figure_row(pl, row, "Bottleneck");
  text(pl, row, 1, s.stages[plan.bottleneck.stage].name);
  text(pl, row, 8, "value from leadplan: " + bottleneck_reason(s, plan), book.note);
  ++row;
  worksheet_freeze_panes(pl, 1, 1);

  // --- Channels -------------------------------------------------------------
  if (chs != nullptr) {
    worksheet_set_column(chs, 0, 0, 20, nullptr);
    worksheet_set_column(chs, 1, static_cast<lxw_col_t>(c_note - 1), 14, nullptr);
    worksheet_set_column(chs, static_cast<lxw_col_t>(c_note), static_cast<lxw_col_t>(c_note), 50,
                         nullptr);
    text(chs, 0, 0, "Channel", book.header);
    text(chs, 0, 1, "CPL", book.header);
    text(chs, 0, c_budget, "Budget", book.header);
    text(chs, 0, c_money, "Money (max spend)", book.header);
    text(chs, 0, c_leads, "Leads", book.header);
    text(chs, 0, c_spend, "Spend", book.header);
    for (std::size_t i = 0; i < n; ++i) {
      text(chs, 0, c_yield + i, "yield " + s.stages[i].name, book.header);
      text(chs, 0, c_cost + i, "cost per " + s.stages[i].name, book.header);
    }
    text(chs, 0, c_effective, "Effective CPL", book.header);
    text(chs, 0, c_cac, "CAC", book.header);
    text(chs, 0, c_within, "Within allowable (1 = yes)", book.header);
    text(chs, 0, c_wins, "Wins", book.header);
    text(chs, 0, c_revenue, "Revenue", book.header);
    text(chs, 0, c_roi, "ROI", book.header);
    text(chs, 0, c_note, "Note", book.header);
    const std::string rest_ref = ref("Plan", rest_row, 1);
    for (std::size_t c = 0; c < m; ++c) {
      const Channel& ch = s.channels[c];
      const ChannelPlan& p = plan.channels[c];
      const std::size_t r = c + 1;
      const std::size_t in_row = channel_row + c;
      const std::string name_formula = fmt::format("={}", ref("Inputs", in_row, 0));
      worksheet_write_formula_str(chs, static_cast<lxw_row_t>(r), 0, name_formula.c_str(), nullptr,
                                  ch.name.c_str());
      const std::string cpl = ref("Inputs", in_row, 1);
      formula(chs, r, 1, cpl, ch.first_cpl(), book.money);
      const std::span<const double> yields = plan.yield_of(c);
      const std::span<const double> costs = plan.cost_per_stage_of(c);
      for (std::size_t i = 0; i < n; ++i) {
        if (i == 0) {
          formula(chs, r, c_yield, "1", 1.0);
        } else {
          const std::string own = ref("Inputs", in_row, k_channel_rates + i - 1);
          formula(chs, r, c_yield + i,
                  fmt::format("{}*IF(ISBLANK({}),{},{})", ref("", r, c_yield + i - 1), own,
                              ref("Inputs", stage_row + i, 1), own),
                  yields[i], book.percent);
        }
        formula(chs, r, c_cost + i, fmt::format("{}/{}", cpl, ref("", r, c_yield + i)), costs[i],
                book.money);
      }
      formula(chs, r, c_effective, ref("", r, c_cost + 1), p.effective_cpl, book.money);
      formula(chs, r, c_cac, ref("", r, c_cost + n - 1), p.cac, book.money);
      if (p.within_allowable) {
        formula(
            chs, r, c_within,
            fmt::format("IF({}<={},1,0)", ref("", r, c_effective), ref("Plan", first_stage + 1, 3)),
            *p.within_allowable ? 1.0 : 0.0);
      }
      if (!mix) {
        continue;
      }
      formula(
          chs, r, c_budget,
          fmt::format("IF(ISBLANK({sh}),{rest},{sh}*{b})", fmt::arg("sh", ref("Inputs", in_row, 2)),
                      fmt::arg("rest", rest_ref), fmt::arg("b", budget_ref)),
          *p.budget, book.money);
      const std::string max_spend = ref("Inputs", in_row, 4);
      const std::string money = ref("", r, c_money);
      formula(chs, r, c_money,
              fmt::format("IF(ISBLANK({m}),{b},MIN({b},{m}))", fmt::arg("m", max_spend),
                          fmt::arg("b", ref("", r, c_budget))),
              ch.max_spend ? std::min(*p.budget, *ch.max_spend) : *p.budget, book.money);
      if (ch.cpl_tiers.empty()) {
        const std::string max_leads = ref("Inputs", in_row, 3);
        formula(chs, r, c_leads,
                fmt::format("IF({m}>0,IF(ISBLANK({x}),{m}/{c},MIN({m}/{c},{x})),0)",
                            fmt::arg("m", money), fmt::arg("x", max_leads), fmt::arg("c", cpl)),
                *p.leads, book.count);
        formula(chs, r, c_spend, fmt::format("{}*{}", ref("", r, c_leads), cpl), *p.spend,
                book.money);
      } else {
        number(chs, r, c_leads, p.leads, book.count);
        number(chs, r, c_spend, p.spend, book.money);
        text(chs, r, c_note,
             "leads and spend are values from leadplan: buying through CPL tiers has no "
             "closed form here (the tiers are listed on Inputs)",
             book.note);
      }
      formula(chs, r, c_wins,
              fmt::format("{}*{}*{}", ref("", r, c_leads), ref("", r, c_yield + n - 1),
                          scale_ref(n - 1)),
              *p.wins, book.count);
      if (p.revenue && plan.deal_size) {
        const std::string deal = ref("Inputs", k_deal_row, 1);
        formula(chs, r, c_revenue, fmt::format("{}*{}", ref("", r, c_wins), deal), *p.revenue,
                book.money);
        if (p.roi) {
          formula(chs, r, c_roi, fmt::format("{}/{}-1", ref("", r, c_revenue), ref("", r, c_spend)),
                  *p.roi, book.percent);
        }
      }
    }
    worksheet_freeze_panes(chs, 1, 1);
  }
  book.close();

  std::ifstream file(path, std::ios::binary);
  out << file.rdbuf();
  if (!file || !out) {
    throw FatalError("cannot write the workbook");
  }
}

}  // namespace leadplan
