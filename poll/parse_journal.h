// Which sources' documents are being parsed right now, kept in a small file
// (parse_journal_file: beside an SQLite database, DATABASE-parsing), so that
// a document that kills the process cannot kill it again at every restart.
//
// Parsing handles every fetched byte; a crash there (a parser bug, the
// kernel's OOM killer) used to leave no trace: the source was still due, and
// the restarted daemon fetched and parsed the same document at once. Each
// parse now writes its source id into a slot of the journal before it starts
// and blanks the slot when it ends, whatever the outcome. At the next start,
// a slot still holding an id is a parse that did not finish: that source is
// recorded as a failed fetch (error, back-off) before anything is polled.
//
// Why a file and not a database row: the marker must exist before every
// parse, not only suspect ones (any document could hit a parser bug), and a
// commit per document is what the store thread's group commit was built to
// avoid. A pwrite() of one slot is a few microseconds and needs no fsync:
// the page cache keeps it when the process dies; only a machine crash loses
// it, and then the parse was not what failed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "base/clock.h"
#include "storage/store.h"

namespace gazette {

// Where the journal of `database` is kept: beside an SQLite file
// ("DATABASE-parsing"). A PostgreSQL server has no folder of ours, and
// several machines may share it: the journal is the machine's, in the
// state directory, $STATE_DIRECTORY/gazette-parsing under systemd
// (StateDirectory=gazette: /var/lib/gazette), else gazette-parsing in the
// folder of `config_file` (the current directory when there is none).
std::filesystem::path parse_journal_file(const std::string& database,
                                         const std::filesystem::path& config_file);

class ParseJournal {
 public:
  // Opens (creating) the journal `file` (parse_journal_file) and locks it.
  // When another process holds it (a `gazette poll` beside the daemon), this
  // one works without a journal (active() is false).
  explicit ParseJournal(const std::filesystem::path& file);
  ~ParseJournal();
  ParseJournal(const ParseJournal&) = delete;
  ParseJournal& operator=(const ParseJournal&) = delete;

  bool active() const { return fd_ >= 0; }

  // The sources whose parse a previous process left unfinished, then a
  // cleared journal. Call once, before polling.
  std::vector<std::int64_t> take_unfinished();

  // Marks a parse of `source_id`'s document as running until destroyed.
  class Entry {
   public:
    Entry() = default;
    Entry(ParseJournal* journal, std::int64_t source_id);
    ~Entry();
    Entry(Entry&& other) noexcept;
    Entry& operator=(Entry&&) = delete;

   private:
    ParseJournal* journal_ = nullptr;
    std::size_t slot_ = 0;
  };
  Entry begin(std::int64_t source_id) { return active() ? Entry(this, source_id) : Entry(); }

 private:
  std::size_t acquire(std::int64_t source_id);
  void release(std::size_t slot);
  void write_slot(std::size_t slot, std::int64_t source_id);

  int fd_ = -1;
  std::mutex mutex_;
  std::vector<std::size_t> free_slots_;  // guarded by mutex_
  std::size_t slots_ = 0;                // guarded by mutex_
};

// Records each source a previous process left parsing as a failed fetch
// ("parse: the previous parse of this document did not finish ..."), with
// the usual back-off from `clock`'s now, on `db`. Returns their ids.
std::vector<std::int64_t> record_unfinished_parses(Store& db, ParseJournal& journal,
                                                   const Clock& clock = system_clock());

}  // namespace gazette
