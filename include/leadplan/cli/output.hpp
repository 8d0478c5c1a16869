#pragma once
// Where a report goes (`-o`): standard output; a regular file, replaced
// atomically; or a device, pipe or inherited descriptor, written in place.
// The rules are those of docs/errors.md, "Writing the report".

#include <memory>
#include <ostream>
#include <string>
#include <string_view>

namespace leadplan::cli {

// Whether `-o output` means standard output: no `-o` (empty), or `-o -`.
[[nodiscard]] bool writes_to_stdout(const std::string& output);

// The report's destination, decided and opened when constructed, so that a bad
// `-o` fails before any work; the report is in place only after commit().
class Output {
 public:
  // What to do when the path names a regular file (or a link to one) already there.
  enum class Existing {
    replace,  // replace it atomically (`-o`)
    keep,     // refuse, and never replace it (`leadplan init`): created by a rename that
              // fails if the name has been taken meanwhile
  };

  // Writes to `path` (`-` or empty: standard output). A regular file, or one a
  // symbolic link leads to, is replaced through a temporary file beside it; a
  // device, FIFO or socket is written in place, and /dev/stdout, /dev/stderr,
  // /dev/fd/N and /proc/self/fd/N write to the descriptor itself, at its
  // position. Throws InputError (at `path`:1:1) for a folder, a missing folder,
  // a dangling or looping link, or a closed descriptor; with Existing::keep, for
  // a regular file already there. `what` names the content in messages.
  explicit Output(std::string path, Existing existing = Existing::replace,
                  std::string_view what = "the report");
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;
  // Removes the temporary file when commit() was not reached.
  ~Output();

  [[nodiscard]] std::ostream& stream();
  // Writes everything out; for a replaced file, gives it the old file's mode (a
  // new one 0666 less the umask), syncs it and renames it over the target.
  // Throws FatalError when any of it fails, the old file then left as it was.
  void commit();

 private:
  enum class Kind { standard_output, replaced, in_place, descriptor };
  class Buffer;

  void open_replacement();
  void discard();

  std::string m_path;
  Existing m_existing = Existing::replace;
  std::string m_what;
  Kind m_kind = Kind::standard_output;
  int m_directory = -1;     // replaced: the folder of the target, open
  std::string m_name;       // replaced: the target's name in that folder
  std::string m_temporary;  // replaced: the temporary file's name in that folder
  int m_fd = -1;            // the descriptor written (the temporary file, the device, or N)
  std::unique_ptr<Buffer> m_buffer;
  std::unique_ptr<std::ostream> m_stream;
  bool m_committed = false;
};

}  // namespace leadplan::cli
