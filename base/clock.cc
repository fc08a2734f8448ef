#include "base/clock.h"

#include <chrono>

namespace gazette {
namespace {

class SystemClock final : public Clock {
 public:
  std::int64_t unix_now() const override {
    using namespace std::chrono;
    return duration_cast<seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  }
};

}  // namespace

Clock& system_clock() {
  static SystemClock clock;
  return clock;
}

std::int64_t unix_now() { return system_clock().unix_now(); }

}  // namespace gazette
