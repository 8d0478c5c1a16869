#include "leadplan/cli/init.hpp"

#include <iostream>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <CLI/App.hpp>

#include "leadplan/cli/output.hpp"
#include "leadplan/cli/schema.hpp"

namespace leadplan::cli {

namespace {

// The templates' text, after the modeline. Each loads and plans as it stands (a
// test runs `calc` on every one and validates it against `leadplan schema`).

constexpr std::string_view k_seed =
    R"(# A leadplan scenario: the classic funnel-math template. Edit the numbers, then
#   leadplan calc leadplan.yaml          # the plan, worked back from the target
#   leadplan check leadplan.yaml         # exit 1 when a check fails (for CI)
# Every key: docs/scenario.md; every formula: docs/math.md.
leadplan: 1
name: My funnel plan
period: month                # week | month | quarter | year: target and budget are per period
currency: USD                # ISO 4217 code, for formatting only
rounding: ceil               # ceil: whole leads, MQLs, meetings; none: keep fractions

target:
  wins: 5                    # or `revenue:` and `deal_size:` (wins = revenue / deal_size)

funnel:                      # top first; each rate converts the stage above into this one
  - stage: lead              # the first stage takes no rate
  - stage: mql
    rate: 20%                # a percentage, or a decimal such as 0.2
  - stage: sql
    rate: 40%
  - stage: meeting
    rate: 80%
  - stage: won
    rate: 25%

budget: 10000                # lead-generation budget for the period

channels:                    # where the leads come from; the budget splits equally without `share`
  - name: paid_search
    cpl: 30                  # cost per lead
    mql_rate: 10%            # this channel's lead -> mql rate (default: the funnel's)
  - name: webinars
    cpl: 80
    mql_rate: 40%
)";

constexpr std::string_view k_saas =
    R"(# A SaaS team's quarter: revenue target, benchmarks, a sales team's capacity,
# channels with shares and caps, and the limits CI holds the plan to.
#   leadplan calc leadplan.yaml
#   leadplan check leadplan.yaml         # exit 1 when a check below fails
leadplan: 1
name: SaaS new business, next quarter
period: quarter
currency: USD
rounding: ceil

target:
  revenue: 720000            # new ARR for the quarter
  deal_size: 24000           # average first-year contract: 30 wins

funnel:
  - stage: lead
  - stage: mql               # fits the ideal customer profile and engaged
    rate: 18%
    benchmark: 22%           # what good looks like: the bottleneck is the step furthest below
  - stage: sql               # accepted by an SDR after a discovery call
    rate: 45%
    benchmark: 40%
  - stage: meeting           # first meeting with an account executive
    rate: 70%
    benchmark: 75%
    capacity: 120            # 4 AEs x 30 first meetings a quarter
  - stage: won
    rate: 30%
    benchmark: 25%

budget: 165000               # demand-generation budget for the quarter

channels:
  - name: paid_search
    cpl: 95
    mql_rate: 15%
    share: 35%               # this channel's share of the budget
  - name: content
    cpl: 40
    mql_rate: 12%
    share: 15%
    max_leads: 400           # the most leads it can deliver in the quarter
  - name: webinars           # no share: splits what the shares leave with the next one
    cpl: 120
    mql_rate: 35%
  - name: linkedin_ads
    cpl: 150
    mql_rate: 25%

checks:                      # limits for `leadplan check`
  min_coverage: 100%         # the mix buys every MQL the target needs
  min_allowable_cpl: 60
  max_budget_needed: 175000
)";

constexpr std::string_view k_no_budget =
    R"(# No budget yet: "what would the target cost?" leadplan works the funnel back
# and prices the MQLs from the channels' costs and shares (see `Budget needed`).
#   leadplan calc leadplan.yaml
leadplan: 1
name: Yearly plan, budget to be decided
period: year
currency: EUR
rounding: ceil

target:
  revenue: 2400000           # committed new bookings
  deal_size: 60000           # 40 wins

funnel:
  - stage: lead
  - stage: mql
    rate: 25%
  - stage: sal               # sales-accepted lead
    rate: 70%
  - stage: opportunity
    rate: 50%
  - stage: won
    rate: 20%

# budget:                    # add one to see the allowable cost per lead

channels:
  - name: events
    cpl: 250
    mql_rate: 50%
    share: 30%
  - name: partners
    cpl: 180
    mql_rate: 40%
    share: 20%
  - name: paid_social        # no share: the remaining 50%
    cpl: 60
    mql_rate: 15%
)";

constexpr std::string_view k_timeline =
    R"(# A plan month by month, with the lags of the sales cycle, and where the CRM
# export holds the actuals that `leadplan track` compares with it.
#   leadplan calc leadplan.yaml                     # the plan, then period by period
#   leadplan track leadplan.yaml --leads leads.csv  # actuals against the plan
leadplan: 1
name: Half-year plan with actuals
period: month
currency: USD
rounding: ceil

target:
  wins: 6                    # wins a month, unless `timeline.wins` lists them

funnel:
  - stage: lead
  - stage: mql
    rate: 20%
  - stage: sql
    rate: 40%
  - stage: won
    rate: 25%

budget: 20000

channels:
  - name: paid_search
    cpl: 40
  - name: webinars
    cpl: 90
    mql_rate: 35%

timeline:
  start: 2027-01-01          # the first day of the first period
  wins: [4, 5, 6, 6, 7, 8]   # wins per month (or `periods: 6` for the target's wins each month)
  lags:                      # when each step converts, after the stage above
    mql: 7                   # mean days
    sql: 14
    won: [20%, 50%, 30%]     # or the shares converting 0, 1, 2 periods later

actuals:                     # the columns of your CRM export (CSV) for `leadplan track`
  channel: Original Source
  stages:                    # the column with the date each stage was reached
    lead: Create Date
    mql: MQL Date
    sql: SQL Date
    won: Close Date
  channel_names:             # the export's channel values mapped to the channels above
    Paid Search: paid_search
    Webinar: webinars
)";

constexpr Template k_templates[] = {
    {"seed", "the classic funnel-math template: 5 wins a month, a budget, two channels", k_seed},
    {"saas", "a SaaS team's quarter: revenue, benchmarks, sales capacity, shares, checks", k_saas},
    {"no-budget", "a yearly plan with no budget yet: what the target would cost", k_no_budget},
    {"timeline", "a plan month by month, with lags, and the CRM columns of `track`", k_timeline},
};

}  // namespace

std::span<const Template> templates() {
  return k_templates;
}

void setup_init(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<InitOptions>();
  CLI::App* command = app.add_subcommand(
      "init", "Write a commented starter scenario (never over an existing file)");
  command
      ->add_option(
          "file", options->file,
          fmt::format("The file to create (default {}), or - for stdout", k_default_init_file))
      ->option_text("[FILE]");
  std::vector<std::pair<std::string, std::string>> choices;
  for (const Template& t : k_templates) {
    choices.emplace_back(std::string(t.name), std::string(t.name));
  }
  add_choice_option(*command, "--template", options->template_name, choices,
                    "The starter scenario (default seed)", "NAME");
  command->callback([options, &exit_code]() { exit_code = run_init(*options); });
}

int run_init(const InitOptions& options) {
  const Template* chosen = &k_templates[0];
  for (const Template& t : k_templates) {
    if (t.name == options.template_name) {
      chosen = &t;
    }
  }
  Output output(options.file, Output::Existing::keep, "the scenario");
  output.stream() << "# yaml-language-server: $schema=" << k_schema_url << '\n' << chosen->text;
  output.commit();
  if (!writes_to_stdout(options.file)) {
    std::cout << fmt::format("Wrote {} (template {}). Next: leadplan calc {}\n", options.file,
                             chosen->name, options.file);
  }
  return 0;
}

}  // namespace leadplan::cli
