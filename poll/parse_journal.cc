#include "poll/parse_journal.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "poll/log.h"
#include "poll/poller.h"
#include "storage/poll_recorder.h"
#include "storage/source_store.h"
#include "storage/store.h"

namespace gazette {
namespace {

// One line per slot: a source id, or blanks. Fixed width, so that a slot is
// rewritten in place with one pwrite().
constexpr std::size_t kSlotBytes = 21;  // 20 characters and '\n'

// The journal's name in the state directory when the database is a server.
constexpr std::string_view kPostgresqlJournalName = "gazette-parsing";

}  // namespace

std::filesystem::path parse_journal_file(const std::string& database,
                                         const std::filesystem::path& config_file) {
  if (store_engine_of(database) == StoreEngine::sqlite) return database + "-parsing";
  // systemd's StateDirectory= (packaging/gazette.service): a list separated
  // by ':' when the unit names several; the first is Gazette's.
  if (const char* state = std::getenv("STATE_DIRECTORY"); state && *state) {
    std::string_view first(state);
    first = first.substr(0, first.find(':'));
    if (!first.empty()) return std::filesystem::path(first) / kPostgresqlJournalName;
  }
  std::error_code ec;
  std::filesystem::path folder =
      config_file.empty() ? std::filesystem::path() : config_file.parent_path();
  if (folder.empty()) folder = std::filesystem::current_path(ec);
  return std::filesystem::absolute(folder, ec) / kPostgresqlJournalName;
}

ParseJournal::ParseJournal(const std::filesystem::path& file) {
  std::string path = file.string();
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) {
    log(LogLevel::warning,
        "{}: cannot open ({}); a document that crashes Gazette may crash it "
        "again at the next start",
        path, std::strerror(errno));
    return;
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    log(LogLevel::info, "{}: in use by another Gazette process; this one keeps no parse journal",
        path);
    ::close(fd);
    return;
  }
  fd_ = fd;
}

ParseJournal::~ParseJournal() {
  if (fd_ < 0) return;
  // Every entry has ended: nothing to report at the next start.
  if (::ftruncate(fd_, 0) != 0) {
    // Blank slots read as nothing anyway.
  }
  ::close(fd_);
}

std::vector<std::int64_t> ParseJournal::take_unfinished() {
  std::vector<std::int64_t> ids;
  if (fd_ < 0) return ids;
  std::string content;
  char buffer[4096];
  for (off_t offset = 0;;) {
    ssize_t n = ::pread(fd_, buffer, sizeof buffer, offset);
    if (n <= 0) break;
    content.append(buffer, static_cast<std::size_t>(n));
    offset += n;
  }
  for (std::size_t start = 0; start < content.size();) {
    std::size_t end = content.find('\n', start);
    if (end == std::string::npos) end = content.size();
    std::string line = content.substr(start, end - start);
    start = end + 1;
    long long id = 0;
    if (std::sscanf(line.c_str(), "%lld", &id) == 1 && id > 0) ids.push_back(id);
  }
  if (::ftruncate(fd_, 0) != 0)
    log(LogLevel::warning, "parse journal: cannot clear it: {}", std::strerror(errno));
  std::lock_guard lock(mutex_);
  slots_ = 0;
  free_slots_.clear();
  return ids;
}

void ParseJournal::write_slot(std::size_t slot, std::int64_t source_id) {
  char line[kSlotBytes + 1];
  if (source_id > 0)
    std::snprintf(line, sizeof line, "%20lld\n", static_cast<long long>(source_id));
  else
    std::snprintf(line, sizeof line, "%20s\n", "");
  // A failed write only weakens the protection; polling goes on.
  if (::pwrite(fd_, line, kSlotBytes, static_cast<off_t>(slot * kSlotBytes)) !=
      static_cast<ssize_t>(kSlotBytes))
    log(LogLevel::debug, "parse journal: write failed: {}", std::strerror(errno));
}

std::size_t ParseJournal::acquire(std::int64_t source_id) {
  std::size_t slot;
  {
    std::lock_guard lock(mutex_);
    if (free_slots_.empty()) {
      slot = slots_++;
    } else {
      slot = free_slots_.back();
      free_slots_.pop_back();
    }
  }
  write_slot(slot, source_id);
  return slot;
}

void ParseJournal::release(std::size_t slot) {
  write_slot(slot, 0);
  std::lock_guard lock(mutex_);
  free_slots_.push_back(slot);
}

ParseJournal::Entry::Entry(ParseJournal* journal, std::int64_t source_id)
    : journal_(journal), slot_(journal->acquire(source_id)) {}

ParseJournal::Entry::Entry(Entry&& other) noexcept : journal_(other.journal_), slot_(other.slot_) {
  other.journal_ = nullptr;
}

ParseJournal::Entry::~Entry() {
  if (journal_) journal_->release(slot_);
}

std::vector<std::int64_t> record_unfinished_parses(Store& db, ParseJournal& journal,
                                                   const Clock& clock) {
  std::vector<std::int64_t> ids = journal.take_unfinished();
  std::vector<std::int64_t> recorded;
  if (ids.empty()) return recorded;
  UnixTime now = clock.unix_now();
  for (const SourceRow& source : db.list_sources()) {
    if (std::find(ids.begin(), ids.end(), source.id) == ids.end()) continue;
    PollDocument failed;
    failed.outcome.source_id = source.id;
    failed.outcome.started = now;
    failed.outcome.error =
        "parse: the previous parse of this document did not finish (Gazette stopped while "
        "parsing it: a crash, or it was killed); backing off";
    failed.outcome.next_poll = next_poll_time(source, true, source.error_count + 1, "", now);
    failed.now = now;
    if (std::exception_ptr error = db.record_polls({failed}).front().error)
      std::rethrow_exception(error);
    log(LogLevel::error, "source {}: {}", source.url, failed.outcome.error);
    recorded.push_back(source.id);
  }
  return recorded;
}

}  // namespace gazette
