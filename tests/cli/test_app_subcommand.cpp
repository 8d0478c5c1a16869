// make_app builds only the subcommand a run names (leadplan/cli/app.hpp).

#include <catch2/catch.hpp>

#include <CLI/App.hpp>

#include "leadplan/cli/app.hpp"

using leadplan::cli::requested_subcommand;

namespace {

std::string_view requested(std::initializer_list<const char*> args) {
  std::vector<const char*> argv = {"leadplan"};
  argv.insert(argv.end(), args.begin(), args.end());
  return requested_subcommand(static_cast<int>(argv.size()), argv.data());
}

}  // namespace

TEST_CASE("requested_subcommand names the one subcommand of a plain run", "[cli][app]") {
  CHECK(requested({"calc", "seed.yaml", "--format", "json"}) == "calc");
  CHECK(requested({"--diagnostics", "json", "sweep", "s.yaml", "--vary", "budget=1:2:1"}) ==
        "sweep");
}

TEST_CASE("requested_subcommand defers to CLI11 for help, versions and doubt", "[cli][app]") {
  CHECK(requested({}).empty());
  CHECK(requested({"--help"}).empty());
  CHECK(requested({"calc", "--help"}).empty());
  CHECK(requested({"calc", "-h"}).empty());
  CHECK(requested({"--version"}).empty());
  CHECK(requested({"calc", "sweep"}).empty());
  CHECK(requested({"seed.yaml"}).empty());
}

TEST_CASE("make_app with a subcommand sets up only that one", "[cli][app]") {
  leadplan::cli::AppState state;
  const auto all = leadplan::cli::make_app(state);
  CHECK(all->get_subcommands([](CLI::App*) { return true; }).size() >= 2);
  const auto only = leadplan::cli::make_app(state, "sweep");
  const auto subcommands = only->get_subcommands([](CLI::App*) { return true; });
  REQUIRE(subcommands.size() == 1);
  CHECK(subcommands.front()->get_name() == "sweep");
}
