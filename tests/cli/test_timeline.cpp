// `calc` with a `timeline:` (CONTRACT section 10, docs/timeline.md), through the
// built executable: every format, --set on the timeline's keys, sweep, errors,
// and the worked example of docs/timeline.md.

#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "process.hpp"

using leadplan::test::read_file;
using leadplan::test::run_leadplan;
using leadplan::test::source_path;

namespace {

const std::string k_example = "examples/timeline.yaml";

leadplan::test::RunResult calc(std::vector<std::string> extra) {
  std::vector<std::string> args{"calc", k_example};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_leadplan(args, std::string(), {{"NO_COLOR", "1"}, {"LC_ALL", "C"}});
}

nlohmann::json timeline_json(std::vector<std::string> extra) {
  extra.insert(extra.end(), {"--format", "json"});
  const auto run = calc(extra);
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  return nlohmann::json::parse(run.out).at("timeline");
}

// The records of an RFC 4180 text, each a list of fields (quotes honoured).
std::vector<std::vector<std::string>> csv_records(const std::string& text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c == '\n') {
      records.push_back(fields);
      fields.assign(1, std::string());
    } else {
      fields.back() += c;
    }
  }
  return records;
}

}  // namespace

TEST_CASE("calc --format json gives the timeline's keys", "[cli][timeline]") {
  const nlohmann::json t = timeline_json({});
  CHECK(t.at("start") == "2027-01-01");
  REQUIRE(t.at("periods").size() == 12);
  const nlohmann::json& january = t.at("periods").at(0);
  CHECK(january.at("label") == "2027-01");
  CHECK(january.at("start") == "2027-01-01");
  CHECK(january.at("counts") == nlohmann::json({312.5, 62.5, 25, 20, 5}));
  CHECK(january.at("spend").get<double>() == Approx(312.5 * 10000 / (5000.0 / 30 + 5000.0 / 80)));
  CHECK(january.at("allowable_cpl") == 32);
  CHECK(t.at("periods").at(11).at("start") == "2027-12-01");
  CHECK(t.at("periods").at(11).at("allowable_cpl").is_null());  // no leads in December
  const double w = 60 / (365.25 / 12) - 1;
  CHECK(t.at("before_start").at(3).get<double>() == Approx(20 * (1 + w)));
  CHECK(t.at("total").at(4) == 60);
  CHECK(t.at("total").size() == 5);
  for (const auto& key : {"start", "periods", "before_start", "total"}) {
    CHECK(t.contains(key));
  }
  CHECK(t.size() == 4);
  CHECK(january.size() == 5);
  // Without a timeline the key is there, null.
  const auto seed = run_leadplan({"calc", "examples/seed.yaml", "--format", "json"});
  CHECK(nlohmann::json::parse(seed.out).at("timeline").is_null());
}

TEST_CASE("period labels follow the scenario's period", "[cli][timeline]") {
  const auto label = [](std::vector<std::string> sets, std::size_t period) {
    return timeline_json(sets).at("periods").at(period).at("label").get<std::string>();
  };
  CHECK(label({}, 11) == "2027-12");
  CHECK(label({"--set", "period=quarter", "--set", "timeline.periods=5"}, 4) == "2028-Q1");
  CHECK(label({"--set", "period=year", "--set", "timeline.periods=2"}, 1) == "2028");
  CHECK(label({"--set", "period=week", "--set", "timeline.start=2027-01-04"}, 0) == "2027-W01");
  CHECK(label({"--set", "period=week", "--set", "timeline.start=2027-12-27"}, 1) == "2028-W01");
}

TEST_CASE("the table and Markdown show one row per period and the before-start row",
          "[cli][timeline]") {
  const auto table = calc({});
  REQUIRE(table.exit_code == 0);
  CHECK(table.out.find("\nTimeline: 12 months from 2027-01-01") != std::string::npos);
  CHECK(table.out.find("\nBefore start      0.0    0.0    0.0     39.4   0.0") !=
        std::string::npos);
  CHECK(table.out.find("\n2027-12           0.0") != std::string::npos);
  const auto markdown = calc({"--format", "markdown"});
  REQUIRE(markdown.exit_code == 0);
  CHECK(markdown.out.find("| Before start | 0.0 | 0.0 | 0.0 | 39.4 | 0.0 | - | - |\n") !=
        std::string::npos);
  CHECK(
      markdown.out.find("| 2027-01 | 312.5 | 62.5 | 25.0 | 20.0 | 5.0 | $13,636.36 | $32.00 |\n") !=
      std::string::npos);
  // The timeline comes after the single-period plan.
  CHECK(table.out.find("Timeline:") > table.out.find("Bottleneck"));
}

TEST_CASE("CSV: the timeline's records have the fields of every other record", "[cli][timeline]") {
  const auto run = calc({"--format", "csv", "--set", "name=a \"quoted\", name"});
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("\n\n") == std::string::npos);
  const auto records = csv_records(run.out);
  REQUIRE(records.size() > 1);
  const std::vector<std::string>& header = records.front();
  CHECK(header.front() == "kind");
  const std::vector<std::string> tail(header.end() - 5, header.end());
  CHECK(tail == std::vector<std::string>{"period", "period_start", "count", "period_spend",
                                         "period_allowable_cpl"});
  std::size_t periods = 0;
  std::size_t before = 0;
  std::size_t totals = 0;
  for (const auto& r : records) {
    INFO(r.front() << "," << r.at(1));
    CHECK(r.size() == header.size());
    const std::string& kind = r.front();
    periods += kind == "period" ? 1U : 0U;
    before += kind == "before_start" ? 1U : 0U;
    totals += kind == "timeline_total" ? 1U : 0U;
    if (kind == "before_start" && r.at(1) == "meeting") {
      CHECK(std::stod(r.at(header.size() - 3)) == Approx(39.425051));
    }
    if (kind == "period" && r.at(1) == "lead" && r.at(header.size() - 5) == "2027-02") {
      CHECK(r.at(header.size() - 4) == "2027-02-01");
      CHECK(r.at(header.size() - 3) == "312.5");
      CHECK(r.at(header.size() - 1) == "32");
    }
  }
  CHECK(periods == 12 * 5);
  CHECK(before == 5);
  CHECK(totals == 5);
}

TEST_CASE("the timeline's scalars are reached by --set and sweep", "[cli][timeline]") {
  const double before_60 = timeline_json({}).at("before_start").at(3).get<double>();
  // 45 days: 1.478 months, so the pipeline is 20 x (1 + 0.478).
  const nlohmann::json t45 = timeline_json({"--set", "timeline.lags.won=45"});
  CHECK(t45.at("before_start").at(3).get<double>() == Approx(20 * (45 / (365.25 / 12))));
  CHECK(t45.at("before_start").at(3).get<double>() != Approx(before_60));
  CHECK(timeline_json({"--set", "timeline.periods=3"}).at("periods").size() == 3);
  CHECK(timeline_json({"--set", "timeline.lags.mql=0", "--set", "timeline.lags.won=0"})
            .at("before_start") == nlohmann::json({0, 0, 0, 0, 0}));
  // A wins list: one item set by index.
  std::string scenario = read_file(source_path(k_example));
  scenario += "  wins: [1, 2, 3]\n";
  const auto listed = run_leadplan({"calc", "-", "--format", "json", "--set", "timeline.periods=3",
                                    "--set", "timeline.wins.1=8"},
                                   scenario);
  INFO(listed.err);
  REQUIRE(listed.exit_code == 0);
  const nlohmann::json periods = nlohmann::json::parse(listed.out).at("timeline").at("periods");
  CHECK(periods.at(1).at("counts").at(4) == 8);
  CHECK(periods.at(2).at("counts").at(4) == 3);
  const auto sweep =
      run_leadplan({"sweep", k_example, "--vary", "timeline.lags.won=30:90:30", "--format", "csv"});
  INFO(sweep.err);
  CHECK(sweep.exit_code == 0);
  CHECK(sweep.out.find("timeline.lags.won") != std::string::npos);
  const auto bad = calc({"--set", "timeline.lags.won=-5"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.out.empty());
  CHECK(bad.err.find("--set:1:1: error: `lags.won` must be 0 or more") != std::string::npos);
}

TEST_CASE("docs/timeline.md shows what calc prints for the worked example",
          "[cli][timeline][docs]") {
  const std::string doc = read_file(source_path("docs/timeline.md"));
  const std::string marker = "<!-- timeline-example -->\n```text\n";
  const std::size_t start = doc.find(marker);
  REQUIRE(start != std::string::npos);
  const std::size_t body = start + marker.size();
  const std::size_t end = doc.find("```", body);
  REQUIRE(end != std::string::npos);
  const std::string block = doc.substr(body, end - body);
  const auto run = calc({});
  REQUIRE(run.exit_code == 0);
  REQUIRE(block.size() > 100);
  CHECK(run.out.find(block) != std::string::npos);
}
