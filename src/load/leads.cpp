#include "leadplan/load/leads.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string_view>

#include <fmt/format.h>

#include "leadplan/load/document.hpp"
#include "leadplan/load/suggest.hpp"
#include "leadplan/util/dates.hpp"

namespace leadplan {

namespace {

// Room left in `problems` beside the reader's own, so that the two together stop at the cap.
bool room(const std::vector<Diagnostic>& problems, const CsvReader& reader) {
  return problems.size() + reader.diagnostics().size() < k_max_collected;
}

// The header's names, for a "did you mean" and the list of columns.
std::vector<std::string_view> header_names(CsvReader& reader) {
  std::vector<std::string_view> names;
  for (const CsvField& field : reader.header()) {
    names.push_back(field.text);
  }
  return names;
}

// The index of column `name` (what the scenario key `key` names), or a problem
// located at the header's first cell, with a suggestion from the header.
std::optional<std::size_t> require_column(CsvReader& reader, std::string_view name,
                                          std::string_view key, std::vector<Diagnostic>& problems) {
  if (const std::optional<std::size_t> at = reader.find_column(name)) {
    return at;
  }
  const std::vector<std::string_view> names = header_names(reader);
  const std::string_view near = closest_match(name, names);
  std::string hint;
  if (!near.empty()) {
    hint = fmt::format("did you mean `{}`?", near);
  } else {
    constexpr std::size_t k_listed = 20;
    hint = fmt::format(
        "the columns are: {}{}",
        fmt::join(names.begin(),
                  names.begin() + static_cast<std::ptrdiff_t>(std::min(names.size(), k_listed)),
                  ", "),
        names.size() > k_listed ? ", ..." : "");
  }
  const CsvField& first = reader.header().front();
  problems.push_back(Diagnostic{reader.name(), first.line, first.column,
                                fmt::format("the header has no column `{}` ({})", name, key),
                                std::move(hint)});
  return std::nullopt;
}

// Problems of the reader and ours, in file order (the reader's first on a tie: a
// structural problem explains the cell problems after it).
void merge_problems(const CsvReader& reader, std::size_t ours_from,
                    std::vector<Diagnostic>& problems) {
  std::vector<Diagnostic> merged(reader.diagnostics().begin(), reader.diagnostics().end());
  const std::size_t theirs = merged.size();
  merged.insert(merged.end(),
                std::make_move_iterator(problems.begin() + static_cast<std::ptrdiff_t>(ours_from)),
                std::make_move_iterator(problems.end()));
  std::inplace_merge(merged.begin(), merged.begin() + static_cast<std::ptrdiff_t>(theirs),
                     merged.end(), [](const Diagnostic& a, const Diagnostic& b) {
                       return a.line != b.line ? a.line < b.line : a.column < b.column;
                     });
  problems.resize(ours_from);
  for (Diagnostic& d : merged) {
    if (problems.size() >= k_max_collected) {
      break;
    }
    problems.push_back(std::move(d));
  }
}

// The channel of `cell`, or a problem once the export names more than k_max_channels.
std::optional<std::uint32_t> channel_of(const CsvReader& reader, const CsvField& cell,
                                        std::string_view column, ChannelMap& channels,
                                        bool& reported, std::vector<Diagnostic>& problems) {
  const std::optional<std::uint32_t> index = channels.index(cell.text);
  if (!index && !reported) {
    reported = true;
    problems.push_back(Diagnostic{
        reader.name(), cell.line, cell.column,
        fmt::format("column `{}` names more than {} distinct channels", column, k_max_channels),
        "is it the right column? a channel column names a few sources, not one per lead"});
  }
  return index;
}

}  // namespace

LeadsFile read_leads(CsvInput input, const Actuals& actuals, const std::vector<Stage>& stages,
                     ChannelMap& channels, std::vector<Diagnostic>& problems) {
  const std::size_t ours_from = problems.size();
  CsvReader reader(std::move(input));
  LeadsFile leads{LeadTable(stages.size()), std::nullopt, std::nullopt};
  if (reader.header().empty()) {
    merge_problems(reader, ours_from, problems);
    return leads;
  }
  std::vector<std::size_t> at(stages.size());
  bool missing = false;
  for (std::size_t i = 0; i < stages.size(); ++i) {
    const auto found = require_column(reader, actuals.stage_columns[i],
                                      fmt::format("`actuals.stages.{}`", stages[i].name), problems);
    missing = missing || !found;
    at[i] = found.value_or(0);
  }
  std::optional<std::size_t> channel_at;
  if (!actuals.channel_column.empty()) {
    channel_at = require_column(reader, actuals.channel_column, "`actuals.channel`", problems);
    missing = missing || !channel_at;
  }
  if (missing) {
    merge_problems(reader, ours_from, problems);
    return leads;  // without its columns, no row can be read
  }
  const std::optional<std::uint32_t> no_channel =
      channel_at ? std::nullopt : channels.index(std::string_view());
  std::vector<std::int32_t> days(stages.size());
  std::int32_t earliest = std::numeric_limits<std::int32_t>::max();
  std::int32_t latest = std::numeric_limits<std::int32_t>::min();
  bool any = false;
  bool channels_reported = false;
  bool bad_row = false;
  while (room(problems, reader) && reader.next()) {
    const std::span<const CsvField> fields = reader.fields();
    bad_row = false;
    for (std::size_t i = 0; i < stages.size(); ++i) {
      const CsvField& cell = fields[at[i]];
      days[i] = k_no_date;
      if (cell.text.empty()) {
        continue;
      }
      const ParsedDate parsed = parse_date(cell.text);
      if (!parsed.ok()) {
        bad_row = true;
        if (room(problems, reader)) {
          problems.push_back(Diagnostic{
              reader.name(), cell.line, cell.column,
              fmt::format("column `{}`: {}", actuals.stage_columns[i],
                          describe_date_error(cell.text, parsed.error)),
              "write dates as YYYY-MM-DD, optionally with a time: 2027-03-15 or 2027-03-15 09:30"});
        }
        continue;
      }
      const std::int32_t day = day_number(parsed.day);
      days[i] = day;
      earliest = std::min(earliest, day);
      latest = std::max(latest, day);
      any = true;
    }
    const std::optional<std::uint32_t> channel =
        channel_at ? channel_of(reader, fields[*channel_at], actuals.channel_column, channels,
                                channels_reported, problems)
                   : no_channel;
    if (!bad_row && channel) {
      leads.table.add(*channel, days);
    }
  }
  if (any) {
    leads.earliest = earliest;
    leads.latest = latest;
  }
  merge_problems(reader, ours_from, problems);
  return leads;
}

std::vector<SpendEntry> read_spend(CsvInput input, ChannelMap& channels,
                                   std::vector<Diagnostic>& problems) {
  const std::size_t ours_from = problems.size();
  CsvReader reader(std::move(input));
  std::vector<SpendEntry> entries;
  if (reader.header().empty()) {
    merge_problems(reader, ours_from, problems);
    return entries;
  }
  const std::optional<std::size_t> date_at = reader.find_column("date");
  const std::optional<std::size_t> month_at = reader.find_column("month");
  const CsvField& first = reader.header().front();
  bool usable = true;
  if (date_at && month_at) {
    problems.push_back(Diagnostic{reader.name(), first.line, first.column,
                                  "the spend file has both a `date` and a `month` column",
                                  "give one: `channel,date,amount` or `channel,month,amount`"});
    usable = false;
  } else if (!date_at && !month_at) {
    problems.push_back(Diagnostic{reader.name(), first.line, first.column,
                                  "the spend file has no `date` or `month` column",
                                  "its header is `channel,date,amount` or `channel,month,amount`"});
    usable = false;
  }
  const std::optional<std::size_t> channel_at =
      require_column(reader, "channel", "the spend file's channel", problems);
  const std::optional<std::size_t> amount_at =
      require_column(reader, "amount", "the spend file's amount", problems);
  if (!usable || !channel_at || !amount_at) {
    merge_problems(reader, ours_from, problems);
    return entries;
  }
  const bool monthly = month_at.has_value();
  const std::size_t when_at = monthly ? *month_at : *date_at;
  bool channels_reported = false;
  while (room(problems, reader) && reader.next()) {
    const std::span<const CsvField> fields = reader.fields();
    bool ok = true;
    SpendEntry entry;
    const CsvField& when = fields[when_at];
    const ParsedDate parsed = monthly ? parse_month(when.text) : parse_date(when.text);
    if (!parsed.ok()) {
      ok = false;
      problems.push_back(Diagnostic{
          reader.name(), when.line, when.column,
          fmt::format("column `{}`: {}", monthly ? "month" : "date",
                      monthly ? describe_month_error(when.text, parsed.error)
                              : describe_date_error(when.text, parsed.error)),
          monthly ? "write months as YYYY-MM: 2027-03" : "write dates as YYYY-MM-DD: 2027-03-15"});
    } else {
      entry.first = day_number(parsed.day);
      if (monthly) {
        const std::chrono::year_month_day ymd{parsed.day};
        const std::chrono::year_month_day_last last{ymd.year(),
                                                    std::chrono::month_day_last{ymd.month()}};
        entry.last = day_number(std::chrono::sys_days{last});
      } else {
        entry.last = entry.first;
      }
    }
    const CsvField& amount = fields[*amount_at];
    const char* begin = amount.text.data();
    const char* end = begin + amount.text.size();
    double value = 0.0;
    const auto [ptr, error] = std::from_chars(begin, end, value, std::chars_format::fixed);
    if (amount.text.empty() || error != std::errc() || ptr != end || !std::isfinite(value)) {
      ok = false;
      if (room(problems, reader)) {
        problems.push_back(Diagnostic{
            reader.name(), amount.line, amount.column,
            fmt::format("column `amount`: \"{}\" is not an amount", amount.text),
            "write a plain number such as 1250.50: no currency sign, no thousands separators"});
      }
    } else if (value < 0.0) {
      ok = false;
      if (room(problems, reader)) {
        problems.push_back(Diagnostic{reader.name(), amount.line, amount.column,
                                      fmt::format("column `amount`: {} is negative", amount.text),
                                      "spend is 0 or more; record refunds against their day"});
      }
    } else if (value > 1e15) {
      ok = false;
      if (room(problems, reader)) {
        problems.push_back(Diagnostic{reader.name(), amount.line, amount.column,
                                      fmt::format("column `amount`: {} is above 1e15", amount.text),
                                      ""});
      }
    }
    entry.amount = value;
    const std::optional<std::uint32_t> channel =
        channel_of(reader, fields[*channel_at], "channel", channels, channels_reported, problems);
    if (ok && channel) {
      entry.channel = *channel;
      entries.push_back(entry);
    }
  }
  merge_problems(reader, ours_from, problems);
  return entries;
}

std::int32_t parse_as_of(const std::string& text) {
  const ParsedDate parsed = parse_date(text);
  if (!parsed.ok()) {
    throw InputError({Diagnostic{
        "--as-of", 1, 1, fmt::format("`--as-of`: {}", describe_date_error(text, parsed.error)),
        "give the day of the report as YYYY-MM-DD, e.g. 2027-03-15"}});
  }
  return day_number(parsed.day);
}

}  // namespace leadplan
