#pragma once
// A fast reader for the plain block YAML nearly every scenario is written in
// (block maps and lists, plain and simple quoted scalars, comments). It emits
// exactly the events, with the same marks, that yaml-cpp's parser emits for the
// same text, at a small fraction of its cost; for anything outside that subset it
// gives up, and the caller reads the text with yaml-cpp instead. Private to
// src/load: it speaks yaml-cpp's EventHandler.

#include <cstddef>
#include <string_view>

#include <yaml-cpp/eventhandler.h>

namespace leadplan::detail {

// Emits the events of `text` to `handler` and returns true when `text` is one
// document of the plain block subset; returns false as soon as it is not (events
// already emitted are then to be discarded), with `stopped_at` set to the offset
// of the line (or byte) where it gave up.
[[nodiscard]] bool read_block_yaml(std::string_view text, YAML::EventHandler& handler,
                                   std::size_t& stopped_at);

}  // namespace leadplan::detail
