#include "leadplan/report/timeline_report.hpp"

#include <fmt/format.h>

#include <span>

#include "leadplan/report/format.hpp"
#include "leadplan/report/json_writer.hpp"
#include "leadplan/report/report.hpp"
#include "leadplan/report/text_table.hpp"
#include "leadplan/util/dates.hpp"

namespace leadplan {

namespace {

constexpr const char* k_dash = "-";

PeriodKind kind_of(Period period) {
  switch (period) {
    case Period::week:
      return PeriodKind::week;
    case Period::quarter:
      return PeriodKind::quarter;
    case Period::year:
      return PeriodKind::year;
    case Period::month:
      break;
  }
  return PeriodKind::month;
}

std::string label_of(const Scenario& s, std::int32_t start) {
  return period_label(kind_of(s.period), from_day_number(start));
}

std::string date_of(std::int32_t day) {
  return format_date(from_day_number(day));
}

// A timeline count as the human formats show it: one decimal, thousands grouped.
std::string count_text(double count) {
  return format_fixed(count, 1);
}

std::string money_or_dash(const std::optional<double>& amount, const std::string& currency) {
  return amount ? format_money(*amount, currency) : std::string(k_dash);
}

// The total spend over the periods, with channels.
std::optional<double> total_spend(const TimelinePlan& t) {
  if (t.spend.empty() || !t.spend.front()) {
    return std::nullopt;
  }
  double sum = 0.0;
  for (const std::optional<double>& spend : t.spend) {
    sum += spend.value_or(0.0);
  }
  return sum;
}

// The rows shared by the table and the Markdown: headers, then the before-start
// row, one row per period and the total row, each cell already formatted.
struct TimelineRows {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
  bool spend = false;
  bool allowable = false;
};

TimelineRows timeline_rows(const Scenario& s, const Plan& plan,
                           std::string (*name)(std::string_view)) {
  const TimelinePlan& t = *plan.timeline;
  TimelineRows out;
  out.spend = !t.spend.empty() && t.spend.front().has_value();
  out.allowable = s.budget.has_value();
  out.headers.emplace_back("Period");
  for (const Stage& stage : s.stages) {
    out.headers.push_back(name(stage.name));
  }
  if (out.spend) {
    out.headers.emplace_back("Spend");
  }
  if (out.allowable) {
    out.headers.emplace_back("Allowable CPL");
  }
  const auto row = [&](std::string label, std::span<const double> counts,
                       const std::optional<double>& spend, const std::optional<double>& allowable) {
    std::vector<std::string> cells{std::move(label)};
    for (double count : counts) {
      cells.push_back(count_text(count));
    }
    if (out.spend) {
      cells.push_back(money_or_dash(spend, s.currency));
    }
    if (out.allowable) {
      cells.push_back(money_or_dash(allowable, s.currency));
    }
    out.rows.push_back(std::move(cells));
  };
  row("Before start", t.before_start, std::nullopt, std::nullopt);
  for (std::size_t p = 0; p < t.starts.size(); ++p) {
    row(label_of(s, t.starts[p]), t.counts_of(p), t.spend[p], t.allowable_cpl[p]);
  }
  row("Total", t.total, total_spend(t), std::nullopt);
  return out;
}

std::string plain_name(std::string_view name) {
  return one_line(name);
}

std::string markdown_name(std::string_view name) {
  return markdown_cell(name);
}

// The sentence above the table: how many periods from when, and what the counts are.
std::string timeline_title(const Scenario& s, const TimelinePlan& t) {
  return fmt::format("{} {}{} from {} (expected entries into each stage, per period)",
                     t.starts.size(), period_name(s.period), t.starts.size() == 1 ? "" : "s",
                     date_of(t.starts.front()));
}

}  // namespace

void write_timeline_json(JsonWriter& json, const Scenario& s, const Plan& plan) {
  json.key("timeline");
  if (!plan.timeline) {
    json.null();
    return;
  }
  const TimelinePlan& t = *plan.timeline;
  const auto numbers = [&json](std::span<const double> values) {
    json.begin_array();
    for (double v : values) {
      json.value(v);
    }
    json.end_array();
  };
  json.begin_object();
  json.field("start", std::string_view(date_of(t.starts.front())));
  json.key("periods");
  json.begin_array();
  for (std::size_t p = 0; p < t.starts.size(); ++p) {
    json.begin_object();
    json.field("label", std::string_view(label_of(s, t.starts[p])));
    json.field("start", std::string_view(date_of(t.starts[p])));
    json.key("counts");
    numbers(t.counts_of(p));
    json.field("spend", t.spend[p]);
    json.field("allowable_cpl", t.allowable_cpl[p]);
    json.end_object();
  }
  json.end_array();
  json.key("before_start");
  numbers(t.before_start);
  json.key("total");
  numbers(t.total);
  json.end_object();
}

void append_timeline_table(std::string& text, const Scenario& s, const Plan& plan,
                           const std::string& bold_on, const std::string& bold_off) {
  if (!plan.timeline) {
    return;
  }
  TimelineRows rows = timeline_rows(s, plan, plain_name);
  std::vector<Align> aligns(rows.headers.size(), Align::right);
  aligns.front() = Align::left;
  TextTable table(std::move(rows.headers), std::move(aligns));
  for (std::vector<std::string>& row : rows.rows) {
    table.add_row(std::move(row));
  }
  text += fmt::format("\n{}Timeline:{} {}\n", bold_on, bold_off, timeline_title(s, *plan.timeline));
  text += table.render(bold_on, bold_off);
}

void append_timeline_markdown(std::string& text, const Scenario& s, const Plan& plan) {
  if (!plan.timeline) {
    return;
  }
  const TimelineRows rows = timeline_rows(s, plan, markdown_name);
  text += fmt::format("\n**Timeline**: {}\n\n|", timeline_title(s, *plan.timeline));
  for (const std::string& header : rows.headers) {
    text += fmt::format(" {} |", header);
  }
  text += "\n|:--|";
  for (std::size_t i = 1; i < rows.headers.size(); ++i) {
    text += "--:|";
  }
  text += "\n";
  for (const std::vector<std::string>& row : rows.rows) {
    text += "|";
    for (const std::string& cell : row) {
      text += fmt::format(" {} |", cell);
    }
    text += "\n";
  }
}

std::string with_timeline_csv(std::string csv, const Scenario& s, const Plan& plan) {
  if (!plan.timeline || csv.empty()) {
    return csv;
  }
  const TimelinePlan& t = *plan.timeline;
  constexpr std::string_view k_header =
      ",period,period_start,count,period_spend,"
      "period_allowable_cpl";
  constexpr std::string_view k_empty = ",,,,,";
  // The records end at an LF outside quotes (a quoted name may hold one): the
  // header gains the five columns, every other record five empty fields.
  std::string out;
  out.reserve(csv.size() + csv.size() / 4 + t.counts.size() * 32);
  bool quoted = false;
  bool header = true;
  std::size_t fields = 1;
  // A blank line is no record (CONTRACT 8.1): dropped.
  bool blank = true;  // nothing yet on the current line
  for (char c : csv) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted && header) {
      ++fields;
    } else if (c == '\n' && !quoted) {
      if (blank) {
        continue;
      }
      out += header ? k_header : k_empty;
      header = false;
      blank = true;
      out.push_back(c);
      continue;
    }
    blank = false;
    out.push_back(c);
  }
  // kind, name, then the plan's other columns empty, then the timeline's five.
  const std::string gap(fields > 2 ? fields - 2 : 0, ',');
  const auto record = [&](std::string_view kind, std::size_t stage, const std::string& period,
                          const std::string& start, double count,
                          const std::optional<double>& spend,
                          const std::optional<double>& allowable) {
    out +=
        fmt::format("{},{}{},{},{},{},{},{}\n", kind, csv_field(s.stages[stage].name), gap, period,
                    start, format_exact(count), spend ? format_exact(*spend) : std::string(),
                    allowable ? format_exact(*allowable) : std::string());
  };
  for (std::size_t p = 0; p < t.starts.size(); ++p) {
    const std::string label = label_of(s, t.starts[p]);
    const std::string start = date_of(t.starts[p]);
    const std::span<const double> counts = t.counts_of(p);
    for (std::size_t i = 0; i < counts.size(); ++i) {
      record("period", i, label, start, counts[i], i == 0 ? t.spend[p] : std::nullopt,
             i == 0 ? t.allowable_cpl[p] : std::nullopt);
    }
  }
  for (std::size_t i = 0; i < t.before_start.size(); ++i) {
    record("before_start", i, std::string(), std::string(), t.before_start[i], std::nullopt,
           std::nullopt);
  }
  const std::optional<double> spend = total_spend(t);
  for (std::size_t i = 0; i < t.total.size(); ++i) {
    record("timeline_total", i, std::string(), std::string(), t.total[i],
           i == 0 ? spend : std::nullopt, std::nullopt);
  }
  return out;
}

}  // namespace leadplan
