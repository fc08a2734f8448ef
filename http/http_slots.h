// An awaitable counting semaphore with first-come-first-served hand-off, for
// the HTTP client's connection limits. Single-threaded: use it from one
// executor (the client's), without locks.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <deque>
#include <memory>

namespace gazette {

class ConnectionSlots {
 public:
  ConnectionSlots(boost::asio::any_io_executor executor, int count);
  ConnectionSlots(const ConnectionSlots&) = delete;
  ConnectionSlots& operator=(const ConnectionSlots&) = delete;

  // Takes a slot, waiting in FIFO order when none is free. False when the
  // wait was ended by cancel_waiters() or by cancelling the awaiting
  // coroutine: the caller then holds no slot.
  boost::asio::awaitable<bool> acquire();
  // Returns a slot: the longest waiter gets it, else it becomes free.
  void release();
  // Wakes every current waiter empty-handed. Later acquire() calls work as usual.
  void cancel_waiters();

  int available() const { return available_; }
  std::size_t waiting() const { return waiters_.size(); }

 private:
  struct Waiter;
  boost::asio::any_io_executor executor_;
  int available_;
  std::deque<std::shared_ptr<Waiter>> waiters_;
};

// Gives back a slot taken with acquire() when it goes out of scope.
class SlotHold {
 public:
  explicit SlotHold(ConnectionSlots& slots) : slots_(&slots) {}
  ~SlotHold() { slots_->release(); }
  SlotHold(const SlotHold&) = delete;
  SlotHold& operator=(const SlotHold&) = delete;

 private:
  ConnectionSlots* slots_;
};

}  // namespace gazette
