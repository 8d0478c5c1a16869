// `--format html` (docs/reports.md): one self-contained page, every chart with
// its title, description and table, every name escaped, figures equal the JSON's.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

#include "leadplan/report/format.hpp"
#include "leadplan/report/html_report.hpp"
#include "process.hpp"

using leadplan::test::run_leadplan;
using leadplan::test::TempDir;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

// What every page must be: one document, nothing that runs or fetches, each
// chart an image with its title and description.
void check_page(const std::string& page, std::size_t charts) {
  CHECK(page.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0) == 0);
  CHECK(page.size() > 100);
  CHECK(page.substr(page.size() - 8) == "</html>\n");
  CHECK(count(page, "<script") == 0);
  CHECK(count(page, "http") == 0);  // no URL at all: no fonts, images or styles from outside
  CHECK(count(page, "url(") == 0);
  CHECK(count(page, "@import") == 0);
  CHECK(count(page, " src=\"") == 0);
  CHECK(count(page, " href=\"") == 0);
  CHECK(count(page, "prefers-color-scheme: dark") == 1);
  CHECK(count(page, "<svg ") == charts);
  CHECK(count(page, "</svg>") == charts);
  CHECK(count(page, "role=\"img\"") == charts);
  CHECK(count(page, "<title id=\"") == charts);
  CHECK(count(page, "<desc id=\"") == charts);
  // Every chart's aria-labelledby names a title and a description that exist.
  for (std::size_t at = page.find("aria-labelledby=\""); at != std::string::npos;
       at = page.find("aria-labelledby=\"", at + 1)) {
    const std::size_t start = at + 17;
    const std::string ids = page.substr(start, page.find('"', start) - start);
    const std::string first = ids.substr(0, ids.find(' '));
    CHECK(count(page, "id=\"" + first + "\"") == 1);
    if (ids.find(' ') != std::string::npos) {
      CHECK(count(page, "id=\"" + ids.substr(ids.find(' ') + 1) + "\"") == 1);
    }
  }
  CHECK(count(page, "<table>") >= charts);
  CHECK(page.find("nan") == std::string::npos);
  CHECK(page.find("inf<") == std::string::npos);
}

}  // namespace

TEST_CASE("calc --format html draws the funnel and the channels, with the JSON's figures",
          "[report][html]") {
  const auto html = run_leadplan({"calc", "examples/seed.yaml", "--format", "html"});
  REQUIRE(html.exit_code == 0);
  CHECK(html.err.empty());
  check_page(html.out, 2);
  const auto json = run_leadplan({"calc", "examples/seed.yaml", "--format", "json"});
  const auto plan = nlohmann::json::parse(json.out);
  // Each stage's required, projected and allowable cost in the funnel table,
  // exact (data-value) as JSON prints them.
  for (std::size_t i = 0; i < plan.at("stages").size(); ++i) {
    const auto& stage = plan["stages"][i];
    const std::string row_start = "<tr><td>" + stage.at("name").get<std::string>() + "</td>";
    const std::size_t row = html.out.find(row_start);
    REQUIRE(row != std::string::npos);
    const std::string line = html.out.substr(row, html.out.find('\n', row) - row);
    CHECK(line.find("data-value=\"" + leadplan::format_exact(stage.at("required").get<double>()) +
                    "\"") != std::string::npos);
    CHECK(line.find("data-value=\"" +
                    leadplan::format_exact(plan["mix"]["projected"][i].get<double>()) + "\"") !=
          std::string::npos);
    CHECK(line.find("data-value=\"" +
                    leadplan::format_exact(stage.at("allowable_cost").get<double>()) + "\"") !=
          std::string::npos);
  }
  // The bottleneck is marked in the chart and in the table.
  const std::string bottleneck = plan["bottleneck"]["stage"].get<std::string>();
  CHECK(html.out.find("class=\"bad\" text-anchor=\"end\">" + bottleneck + "</text>") !=
        std::string::npos);
  // Each channel's cost per stage entry, exact.
  for (const auto& channel : plan.at("channels")) {
    for (const auto& cost : channel.at("cost_per_stage")) {
      CHECK(html.out.find("data-value=\"" + leadplan::format_exact(cost.get<double>()) + "\"") !=
            std::string::npos);
    }
  }
}

TEST_CASE("html escapes every name and is the same bytes every run", "[report][html]") {
  TempDir dir;
  const std::string path =
      dir.write("evil.yaml",
                "name: \"<script>alert('x')</script> & co\"\n"
                "target:\n  wins: 5\n"
                "funnel:\n  - stage: lead\n  - stage: \"<b>mql</b>\"\n    rate: 20%\n"
                "budget: 1000\n"
                "channels:\n  - name: \"a\\\"><img src=x onerror=alert(1)>\"\n    cpl: 30\n");
  const auto first = run_leadplan({"calc", path, "--format", "html"});
  REQUIRE(first.exit_code == 0);
  check_page(first.out, 2);
  CHECK(first.out.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co") !=
        std::string::npos);
  CHECK(first.out.find("&lt;b&gt;mql&lt;/b&gt;") != std::string::npos);
  CHECK(first.out.find("<b>mql") == std::string::npos);
  CHECK(first.out.find("<img") == std::string::npos);
  CHECK(first.out.find("a&quot;&gt;&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
  const auto second = run_leadplan({"calc", path, "--format", "html"}, std::nullopt,
                                   {{"LC_ALL", "de_DE.UTF-8"}, {"TZ", "Asia/Tokyo"}});
  CHECK(second.out == first.out);
}

TEST_CASE("html_escape escapes markup and hides control characters", "[report][html]") {
  CHECK(leadplan::html_escape("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&#39;");
  CHECK(leadplan::html_escape(std::string("x\x01y", 3)) == "x\xEF\xBF\xBDy");
  CHECK(leadplan::html_escape("tab\tline\n") == "tab\tline\n");
}

TEST_CASE("check --format html adds the checks; no budget, no channel chart", "[report][html]") {
  const auto check = run_leadplan({"check", "examples/seed.yaml", "--format", "html"});
  CHECK(check.exit_code == 1);  // the seed's budget check fails
  check_page(check.out, 2);
  CHECK(check.out.find("<h2 id=\"checks-heading\">Checks</h2>") != std::string::npos);
  CHECK(check.out.find("<td class=\"fail\">FAIL</td>") != std::string::npos);
  const auto no_budget = run_leadplan({"calc", "examples/no_budget.yaml", "--format", "html"});
  REQUIRE(no_budget.exit_code == 0);
  check_page(no_budget.out, 2);
  CHECK(no_budget.out.find("class=\"allowable\"") == std::string::npos);
}

TEST_CASE("sweep --format html: a line for one axis, a heat map for two, a table of every point",
          "[report][html]") {
  const auto line = run_leadplan(
      {"sweep", "examples/seed.yaml", "--vary", "budget=5000:20000:1000", "--format", "html"});
  REQUIRE(line.exit_code == 0);
  check_page(line.out, 1);
  CHECK(count(line.out, "<polyline ") == 1);
  CHECK(count(line.out, "<tr><td data-value=") == 16);  // every point in the table
  const auto heat = run_leadplan({"sweep", "examples/seed.yaml", "--vary", "budget=5000:20000:1000",
                                  "--vary", "funnel.mql.rate=10%:30%:5%", "--format", "html"});
  REQUIRE(heat.exit_code == 0);
  check_page(heat.out, 1);
  CHECK(count(heat.out, "class=\"heat") == 16 * 5);
  CHECK(count(heat.out, "<tr><td data-value=") == 16 * 5);
  // A grid larger than the marks' cap draws every n-th point and says so; the table keeps all.
  const auto big = run_leadplan(
      {"sweep", "examples/seed.yaml", "--vary", "budget=1000:50000:10", "--format", "html"});
  REQUIRE(big.exit_code == 0);
  CHECK(count(big.out, "<tr><td data-value=") == 4901);
  CHECK(big.out.find("of the 4901 points drawn") != std::string::npos);
  const auto three = run_leadplan({"sweep", "examples/seed.yaml", "--vary", "budget=5000:6000:1000",
                                   "--vary", "funnel.mql.rate=10%:20%:10%", "--vary",
                                   "funnel.sql.rate=30%:40%:10%", "--format", "html"});
  REQUIRE(three.exit_code == 0);
  check_page(three.out, 0);
  CHECK(three.out.find("No chart for more than two axes") != std::string::npos);
}

TEST_CASE("the channel chart draws at most k_html_chart_channels; the table lists all",
          "[report][html]") {
  TempDir dir;
  std::string text =
      "target:\n  wins: 5\nfunnel:\n  - stage: lead\n  - stage: won\n    rate: 20%\n"
      "budget: 100000\nchannels:\n";
  for (int c = 0; c < 40; ++c) {
    text += "  - name: ch" + std::to_string(c) + "\n    cpl: " + std::to_string(10 + c) + "\n";
  }
  const auto html = run_leadplan({"calc", dir.write("many.yaml", text), "--format", "html"});
  REQUIRE(html.exit_code == 0);
  check_page(html.out, 2);
  CHECK(html.out.find("15 more in the table") != std::string::npos);
  CHECK(count(html.out, "<tr><td>ch") == 40);
  // Bars in the channel chart: one per charted channel and stage after the first.
  const std::size_t chart = html.out.find("id=\"channel-chart-title\"");
  const std::string svg = html.out.substr(chart, html.out.find("</svg>", chart) - chart);
  CHECK(count(svg, "<rect ") == leadplan::k_html_chart_channels);
}

TEST_CASE("diff --format html: a bar per change, every figure in the table", "[report][html]") {
  const auto html =
      run_leadplan({"diff", "examples/seed.yaml", "tests/data/seed_pr.yaml", "--format", "html"});
  REQUIRE(html.exit_code == 0);
  check_page(html.out, 1);
  const auto json =
      run_leadplan({"diff", "examples/seed.yaml", "tests/data/seed_pr.yaml", "--format", "json"});
  REQUIRE(json.exit_code == 0);
  CHECK(html.out.find("-20.00%") != std::string::npos);  // required leads 315 -> 252
  CHECK(html.out.find("<td data-value=\"252\">252</td>") != std::string::npos);
  CHECK(html.out.find("<td>effective_cpl.paid_search</td>") != std::string::npos);
}
