#include "http/http_slots.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <vector>

namespace gazette {
namespace {

namespace asio = boost::asio;

// Takes a slot, records the order it got it in, holds it for `hold`.
asio::awaitable<void> use_slot(ConnectionSlots& slots, int id, std::vector<int>& order,
                               std::chrono::milliseconds hold, int& concurrent, int& peak) {
  if (!co_await slots.acquire()) {
    order.push_back(-id);
    co_return;
  }
  SlotHold held(slots);
  order.push_back(id);
  peak = std::max(peak, ++concurrent);
  asio::steady_timer timer(co_await asio::this_coro::executor, hold);
  co_await timer.async_wait(asio::use_awaitable);
  --concurrent;
}

TEST(ConnectionSlots, HandsSlotsOutInArrivalOrderAndHonoursTheCount) {
  asio::io_context ioc;
  ConnectionSlots slots(ioc.get_executor(), 2);
  std::vector<int> order;
  int concurrent = 0, peak = 0;
  for (int id = 1; id <= 6; ++id)
    asio::co_spawn(ioc, use_slot(slots, id, order, std::chrono::milliseconds(5), concurrent, peak),
                   asio::detached);
  ioc.run();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(peak, 2);
  EXPECT_EQ(slots.available(), 2);
  EXPECT_EQ(slots.waiting(), 0u);
}

TEST(ConnectionSlots, CancelWaitersWakesOnlyTheWaitersEmptyHanded) {
  asio::io_context ioc;
  ConnectionSlots slots(ioc.get_executor(), 1);
  std::vector<int> order;
  int concurrent = 0, peak = 0;
  for (int id = 1; id <= 3; ++id)
    asio::co_spawn(ioc, use_slot(slots, id, order, std::chrono::milliseconds(50), concurrent, peak),
                   asio::detached);
  asio::steady_timer later(ioc, std::chrono::milliseconds(10));
  later.async_wait([&](boost::system::error_code) { slots.cancel_waiters(); });
  ioc.run();
  // 1 held its slot; 2 and 3 were waiting and got none.
  EXPECT_EQ(order, (std::vector<int>{1, -2, -3}));
  EXPECT_EQ(slots.available(), 1);
}

TEST(ConnectionSlots, WorkAsUsualAfterCancelWaiters) {
  asio::io_context ioc;
  ConnectionSlots slots(ioc.get_executor(), 1);
  slots.cancel_waiters();
  std::vector<int> order;
  int concurrent = 0, peak = 0;
  for (int id = 1; id <= 2; ++id)
    asio::co_spawn(ioc, use_slot(slots, id, order, std::chrono::milliseconds(1), concurrent, peak),
                   asio::detached);
  ioc.run();
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

}  // namespace
}  // namespace gazette
