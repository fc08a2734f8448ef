#include "poll/scheduler.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <exception>
#include <optional>

#include "base/clock.h"
#include "base/web_url.h"
#include "poll/log.h"
#include "storage/source_store.h"
#include "storage/store.h"

namespace asio = boost::asio;

namespace gazette {
namespace {

// How often the source list is re-read even when nothing is due.
constexpr std::int64_t kRescanSeconds = 60;
// Sources due at start-up are spread over this window (or fewer seconds when
// there are few), so a restart does not burst every host at once.
constexpr std::int64_t kStartupSpreadSeconds = 60;

}  // namespace

Scheduler::Scheduler(asio::any_io_executor executor, Store& db, HttpClient& http, Poller& poller,
                     std::size_t max_in_flight, const Clock& clock)
    : executor_(executor),
      db_(db),
      http_(http),
      poller_(poller),
      wake_(executor),
      max_in_flight_(std::max<std::size_t>(1, max_in_flight)),
      clock_(clock) {}

UnixTime startup_slot(std::size_t index, std::size_t due, UnixTime now) {
  std::int64_t count = static_cast<std::int64_t>(due);
  std::int64_t window = std::min<std::int64_t>(kStartupSpreadSeconds, count);
  return now + static_cast<std::int64_t>(index) * window / count;
}

PollPlan plan_polls(std::vector<SourceRow> sources, const std::set<std::int64_t>& in_flight,
                    std::size_t max_in_flight, UnixTime now) {
  PollPlan plan;
  plan.next_wake = now + kRescanSeconds;
  std::size_t running = in_flight.size();
  for (SourceRow& source : sources) {
    // Disabled (a 410): not polled until re-enabled (docs/operations.md).
    if (in_flight.count(source.id) || source.disabled_at) continue;
    UnixTime due = source.next_poll.value_or(now);
    if (due <= now && running >= max_in_flight) {
      ++plan.waiting;
      plan.next_wake = now + 1;  // busy: look again shortly
    } else if (due <= now) {
      ++running;
      plan.start.push_back(std::move(source));
    } else {
      plan.next_wake = std::min(plan.next_wake, due);
    }
  }
  if (running >= max_in_flight) plan.next_wake = now + 1;
  return plan;
}

void Scheduler::stop() {
  stopping_ = true;
  wake_.cancel();
}

void Scheduler::rescan() {
  if (!stopping_) wake_.cancel();
}

void Scheduler::remove_source(std::int64_t id, const std::string& url) {
  if (in_flight_.count(id)) {
    removal_pending_[id] = url;
    return;
  }
  db_.remove_source(url);
}

void Scheduler::keep_source(const std::string& url) {
  std::erase_if(removal_pending_, [&url](const auto& entry) { return entry.second == url; });
}

void Scheduler::finish_removal(std::int64_t id) {
  auto pending = removal_pending_.find(id);
  if (pending == removal_pending_.end()) return;
  std::string url = std::move(pending->second);
  removal_pending_.erase(pending);
  db_.remove_source(url);
  log(LogLevel::info, "source {}: removed after its last poll", url_for_log(url));
}

void Scheduler::spread_due_sources() {
  // A store shared by several pollers (PostgreSQL) is not spread: moving the
  // next poll of every due source would move the ones another poller has
  // just polled or holds a lease on (and end that lease), so they would be
  // fetched twice. There each poller leases what is due, at most its
  // max_in_flight at a time, and the shared host gate paces every host: a
  // restart does not burst a host either way.
  if (db_.shared_by_pollers()) return;
  std::vector<SourceRow> due;
  UnixTime now = clock_.unix_now();
  for (SourceRow& s : db_.list_sources())
    if (!s.disabled_at && (!s.next_poll || *s.next_poll <= now)) due.push_back(std::move(s));
  if (due.empty()) return;
  std::int64_t window =
      std::min<std::int64_t>(kStartupSpreadSeconds, static_cast<std::int64_t>(due.size()));
  for (std::size_t i = 0; i < due.size(); ++i)
    db_.set_next_poll(due[i].id, startup_slot(i, due.size(), now));
  log(LogLevel::info, "{} sources due; spreading them over {} s", due.size(), window);
}

asio::awaitable<void> Scheduler::poll_one(SourceRow source) {
  std::int64_t id = source.id;
  try {
    co_await poller_.poll(std::move(source));
    finish_removal(id);
  } catch (const std::exception& e) {
    // A database error: the daemon cannot do its job; stop, systemd restarts us.
    log(LogLevel::error, "stopping: {}", e.what());
    in_flight_.erase(id);
    throw;
  }
  in_flight_.erase(id);
  if (stopping_ ? in_flight_.empty() : in_flight_.size() + 1 == max_in_flight_) wake_.cancel();
}

asio::awaitable<void> Scheduler::run() {
  spread_due_sources();
  while (!stopping_) {
    UnixTime now = clock_.unix_now();
    if (metrics_ && now >= next_census_) {
      // The gauges by state and the due count read every source: once a
      // minute, not at every wake (the scheduler wakes after each poll).
      metrics_->sources_seen(db_.list_sources(), now);
      next_census_ = now + 60;
    }
    // Only the rows that may start: enough due ones to fill the free slots
    // even when every poll in flight is among them (a source stays due
    // until its poll is stored), the longest overdue first; and when the
    // next one comes due. Pollers sharing a store are each leased their own.
    PollPlan plan =
        plan_polls(db_.lease_due(now, max_in_flight_ + in_flight_.size(), lease_.count()),
                   in_flight_, max_in_flight_, now);
    if (std::optional<UnixTime> next = db_.next_due_after(now))
      plan.next_wake = std::min(plan.next_wake, *next);
    if (metrics_) metrics_->scheduled(in_flight_.size() + plan.start.size());
    for (SourceRow& source : plan.start) {
      in_flight_.insert(source.id);
      asio::co_spawn(executor_, poll_one(std::move(source)), [this](std::exception_ptr e) {
        if (e && !failure_) {
          failure_ = e;
          stop();
        }
      });
    }
    if (in_flight_.empty()) http_.close_idle();
    boost::system::error_code ec;
    wake_.expires_after(std::chrono::seconds(std::max<std::int64_t>(1, plan.next_wake - now)));
    co_await wake_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
  // Drain: polls in flight finish (or fail fast once the caller cancels them).
  while (!in_flight_.empty()) {
    boost::system::error_code ec;
    wake_.expires_after(std::chrono::milliseconds(50));
    co_await wake_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
  http_.close_idle();
  if (failure_) std::rethrow_exception(failure_);
}

}  // namespace gazette
