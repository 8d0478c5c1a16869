// Raw channel values to channel indices (leadplan/load/channel_map.hpp).

#include <catch2/catch.hpp>

#include "leadplan/load/channel_map.hpp"

using namespace leadplan;

TEST_CASE("scenario channels first, renames, (none), then sorted", "[channels]") {
  ChannelMap map({"paid_search", "webinars"},
                 {{"Paid Search", "paid_search"}, {"Events", "events"}});
  CHECK(map.index("Paid Search") == 0u);
  CHECK(map.index("webinars") == 1u);
  CHECK(map.index("") == 2u);
  CHECK(map.index("Organic Search") == 3u);
  CHECK(map.index("Events") == 4u);
  CHECK(map.index("events") == 4u);
  CHECK(map.index("paid_search") == 0u);
  CHECK(map.index("Paid search") == 5u);  // exact match only
  CHECK(map.size() == 6);
  CHECK(map.name(2) == "(none)");
  CHECK(map.in_plan(1));
  CHECK_FALSE(map.in_plan(4));

  const std::vector<std::uint32_t> new_index = map.sort();
  CHECK(new_index == std::vector<std::uint32_t>{0, 1, 5, 2, 4, 3});
  CHECK(map.name(0) == "paid_search");
  CHECK(map.name(1) == "webinars");
  CHECK(map.name(2) == "Organic Search");
  CHECK(map.name(3) == "Paid search");
  CHECK(map.name(4) == "events");
  CHECK(map.name(5) == "(none)");
  CHECK(map.index("Organic Search") == 2u);
  CHECK(map.index("Events") == 4u);
  CHECK(map.index("") == 5u);
  CHECK(map.index("Webinar") == 6u);
}

TEST_CASE("at most k_max_channels channels", "[channels]") {
  ChannelMap map({"a"}, {});
  for (std::size_t i = 1; i < k_max_channels; ++i) {
    std::string name = std::to_string(i);
    name += 'c';
    REQUIRE(map.index(name));
  }
  CHECK(map.size() == k_max_channels);
  CHECK_FALSE(map.index("one too many"));
  CHECK(map.index("7c") == 7u);  // known ones still resolve
}
