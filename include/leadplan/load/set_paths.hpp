#pragma once
// The `--set` paths a scenario offers, walked through the schema table: what
// `leadplan schema --paths` prints and shell completions offer after `--set`.

#include <string>
#include <vector>

#include "leadplan/load/document.hpp"
#include "leadplan/load/schema.hpp"

namespace leadplan {

// Every path `--set` may name, in the table's order: without a document the
// patterns (`funnel.STAGE.rate`, `channels.CHANNEL.cpl_tiers.INDEX.cpl`); with
// one, the paths of its own stages, channels, tiers, list items and map keys
// (`funnel.mql.rate`). A document that is not a map of the expected shape gives
// what it can; entries without a name, or named with a `.`, are left out.
[[nodiscard]] std::vector<std::string> set_paths(const Schema& schema,
                                                 const Document* document = nullptr);

}  // namespace leadplan
