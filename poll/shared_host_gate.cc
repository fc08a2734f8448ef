#include "poll/shared_host_gate.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>
#include <optional>

#include "config/database_url.h"
#include "poll/log.h"
#include "storage/postgres/pg_database.h"
#include "storage/postgres/pg_host_gate.h"

namespace asio = boost::asio;

namespace gazette {
namespace {

using std::chrono::milliseconds;

// How soon a request asks again for a slot of a host whose slots are all
// held, maybe by other pollers (a release elsewhere sends no signal here).
constexpr milliseconds kBusyRetry{100};

// PgHostGate's statements, run on one thread of their own: the client's
// coroutine is resumed on its own executor when the answer is in.
class DatabaseHostGate final : public SharedHostGate {
 public:
  explicit DatabaseHostGate(std::string url) : gate_(std::move(url)) {}
  // Releases still queued are done before the connection closes.
  ~DatabaseHostGate() override { thread_.join(); }

  asio::awaitable<std::optional<SharedTurnAnswer>> reserve_turn(std::string host,
                                                                milliseconds gap) override {
    std::optional<SharedTurnAnswer> turn = co_await asio::co_spawn(
        thread_.get_executor(), turn_on_thread(std::move(host), gap), asio::use_awaitable);
    co_return turn;
  }

  // A failed hold leaves it to this poller, which holds the host anyway;
  // the others learn of it from their own refusals.
  void hold_host(std::string host, milliseconds hold) override {
    in_background([this, host = std::move(host), hold] { gate_.hold_host(host, hold); });
  }

  asio::awaitable<SharedSlotAnswer> try_acquire_slot(std::string host, int limit,
                                                     milliseconds hold) override {
    SharedSlotAnswer answer = co_await asio::co_spawn(
        thread_.get_executor(), slot_on_thread(std::move(host), limit, hold), asio::use_awaitable);
    co_return answer;
  }

  // A failed release: the hold runs out by itself, the slot is only late
  // to come back.
  void release_slot(std::string host, int slot) override {
    in_background([this, host = std::move(host), slot] { gate_.release_slot(host, slot); });
  }

 private:
  // Runs `statement` on the gate's thread, not waited for; a failure is
  // logged (failed) and otherwise dropped.
  template <typename Statement>
  void in_background(Statement statement) {
    asio::post(thread_, [this, statement = std::move(statement)] {
      try {
        statement();
        answered();
      } catch (const std::exception& e) {
        failed(e);
      }
    });
  }

  // On the gate's thread from here on.
  asio::awaitable<std::optional<SharedTurnAnswer>> turn_on_thread(std::string host,
                                                                  milliseconds gap) {
    std::optional<SharedTurnAnswer> turn;
    try {
      PgHostTurn answer = gate_.reserve_turn(host, gap);
      turn = SharedTurnAnswer{answer.wait, answer.held};
      answered();
    } catch (const std::exception& e) {
      failed(e);
    }
    co_return turn;
  }

  asio::awaitable<SharedSlotAnswer> slot_on_thread(std::string host, int limit, milliseconds hold) {
    SharedSlotAnswer answer;  // unavailable
    try {
      std::optional<int> slot = gate_.try_acquire_slot(host, limit, hold);
      answered();
      if (slot)
        answer = {SharedSlotAnswer::Kind::granted, *slot, milliseconds(0)};
      else
        answer = {SharedSlotAnswer::Kind::busy, -1, kBusyRetry};
    } catch (const std::exception& e) {
      failed(e);
    }
    co_return answer;
  }

  void failed(const std::exception& e) {
    if (failing_) return;
    failing_ = true;
    log(LogLevel::warning,
        "shared host politeness: {}; until the database answers, each poller keeps the host "
        "gaps and connection limits on its own",
        e.what());
  }

  void answered() {
    if (!failing_) return;
    failing_ = false;
    log(LogLevel::notice, "shared host politeness: the database answers again");
  }

  PgHostGate gate_;
  bool failing_ = false;  // the last statement failed (the gate's thread only)
  asio::thread_pool thread_{1};
};

}  // namespace

std::shared_ptr<SharedHostGate> shared_host_gate_for(const std::string& database) {
  if (!is_postgresql_url(database)) return nullptr;
  return std::make_shared<DatabaseHostGate>(database);
}

}  // namespace gazette
