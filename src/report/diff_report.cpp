#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "leadplan/report/format.hpp"
#include "leadplan/report/json_writer.hpp"
#include "leadplan/report/report.hpp"
#include "leadplan/report/text_table.hpp"

namespace leadplan {

namespace {

struct DiffCurrencies {
  const std::string& base;
  const std::string& head;
};

std::string value_text(const std::optional<double>& v, FigureUnit unit,
                       const std::string& currency) {
  if (!v) {
    return "-";
  }
  switch (unit) {
    case FigureUnit::money:
      return format_money(*v, currency);
    case FigureUnit::ratio:
      return format_coverage(*v, false);  // rounded down, as calc shows coverage
    case FigureUnit::count:
      return format_hundredths(*v);
  }
  return "-";
}

// The number a figure's text shows: "$1,234.50" -> 1234.5, "66.13%" -> 66.13.
double shown_number(const std::string& text) {
  std::string digits;
  for (char c : text) {
    if ((c >= '0' && c <= '9') || c == '.' || c == '-' || c == 'e' || c == '+') {
      digits.push_back(c);
    }
  }
  double value = 0.0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

// The change as shown: the difference of the two values as printed, so that
// "44.77% -> 53.98%" reads "+9.21 pp", never the "+9.22 pp" of the exact values.
std::string change_text(const FigureChange& f, const DiffCurrencies& currencies) {
  if (!f.change) {
    return "-";
  }
  if (*f.change == 0.0) {
    return "0";
  }
  const std::string before = value_text(f.before, f.unit, currencies.base);
  const std::string after = value_text(f.after, f.unit, currencies.head);
  // Differences of two-decimal figures, rounded to hundredths against binary noise.
  const double change = std::round((shown_number(after) - shown_number(before)) * 100.0) / 100.0;
  if (change == 0.0) {
    return "0";
  }
  std::string magnitude;
  switch (f.unit) {
    case FigureUnit::money:
      magnitude = format_money(std::fabs(change), currencies.head);
      break;
    case FigureUnit::ratio:  // percentage points of two percentages
      magnitude = format_hundredths(std::fabs(change)) + " pp";
      break;
    case FigureUnit::count:
      magnitude = format_hundredths(std::fabs(change));
      break;
  }
  return (change > 0.0 ? "+" : "-") + magnitude;
}

std::string percent_text(const FigureChange& f) {
  if (!f.change_percent) {
    return "-";
  }
  // 1e15% and more in short scientific form, as calc prints percentages.
  const double magnitude = std::fabs(*f.change_percent);
  const std::string text =
      magnitude >= 1e15 ? fmt::format("{:.3g}%", magnitude) : fmt::format("{:.2f}%", magnitude);
  if (text == "0.00%") {
    return "0%";
  }
  return (*f.change_percent > 0.0 ? "+" : "-") + text;
}

std::string label(const FigureChange& f) {
  std::string name = f.name;
  const std::size_t dot = name.find('.');
  if (dot != std::string::npos) {
    name = name.substr(0, dot) + " " + name.substr(dot + 1);
  }
  return name;
}

}  // namespace

void write_diff_table(std::ostream& out, const PlanDiff& diff, const std::string& base,
                      const std::string& head) {
  TextTable table({"Figure", "Base", "Head", "Change", "Change %"},
                  {Align::left, Align::right, Align::right, Align::right, Align::right});
  for (const FigureChange& f : diff.figures) {
    table.add_row({label(f), value_text(f.before, f.unit, diff.base_currency),
                   value_text(f.after, f.unit, diff.head_currency),
                   change_text(f, DiffCurrencies{diff.base_currency, diff.head_currency}),
                   percent_text(f)});
  }
  std::string text = fmt::format("Base: {}\nHead: {}\n\n", base, head);
  text += table.render();
  text += fmt::format("\nBottleneck: {}{}\n", one_line(diff.bottleneck_before),
                      diff.bottleneck_before == diff.bottleneck_after
                          ? std::string(" (unchanged)")
                          : " -> " + one_line(diff.bottleneck_after));
  out << text;
}

void write_diff_json(std::ostream& out, const PlanDiff& diff, const std::string& base,
                     const std::string& head) {
  JsonWriter json(out);
  json.begin_object();
  json.field("contract", 2.0);
  json.field("base", std::string_view(base));
  json.field("head", std::string_view(head));
  json.key("figures");
  json.begin_array();
  for (const FigureChange& f : diff.figures) {
    json.begin_object();
    json.field("name", std::string_view(f.name));
    json.field("before", f.before);
    json.field("after", f.after);
    json.field("change", f.change);
    json.field("change_percent", f.change_percent);
    json.end_object();
  }
  json.end_array();
  json.key("bottleneck");
  json.begin_object();
  json.field("before", std::string_view(diff.bottleneck_before));
  json.field("after", std::string_view(diff.bottleneck_after));
  json.field("changed", diff.bottleneck_before != diff.bottleneck_after);
  json.end_object();
  json.end_object();
}

void write_diff_csv(std::ostream& out, const PlanDiff& diff) {
  auto number = [](const std::optional<double>& v) { return v ? format_exact(*v) : std::string(); };
  std::string text = "figure,before,after,change,change_percent\n";
  for (const FigureChange& f : diff.figures) {
    text += fmt::format("{},{},{},{},{}\n", csv_field(f.name), number(f.before), number(f.after),
                        number(f.change), number(f.change_percent));
  }
  text += fmt::format("bottleneck,{},{},,\n", csv_field(diff.bottleneck_before),
                      csv_field(diff.bottleneck_after));
  out << text;
}

void write_diff_markdown(std::ostream& out, const PlanDiff& diff, const std::string& base,
                         const std::string& head) {
  std::string text =
      fmt::format("### leadplan diff: `{}` -> `{}`\n\n", markdown_cell(base), markdown_cell(head));
  text += "| Figure | Base | Head | Change | Change % |\n|:--|--:|--:|--:|--:|\n";
  for (const FigureChange& f : diff.figures) {
    const bool changed = f.change ? *f.change != 0.0 : f.before.has_value() != f.after.has_value();
    const std::string name =
        changed ? "**" + markdown_cell(label(f)) + "**" : markdown_cell(label(f));
    text += fmt::format(
        "| {} | {} | {} | {} | {} |\n", name, value_text(f.before, f.unit, diff.base_currency),
        value_text(f.after, f.unit, diff.head_currency),
        change_text(f, DiffCurrencies{diff.base_currency, diff.head_currency}), percent_text(f));
  }
  text += fmt::format("\n**Bottleneck:** {}{}\n", markdown_cell(diff.bottleneck_before),
                      diff.bottleneck_before == diff.bottleneck_after
                          ? std::string(" (unchanged)")
                          : " -> " + markdown_cell(diff.bottleneck_after));
  out << text;
}

}  // namespace leadplan
