#include "storage/postgres/pg_holder.h"

#include <fmt/format.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <random>

namespace gazette {

std::string new_pg_holder() {
  std::array<char, 256> name{};
  if (gethostname(name.data(), name.size() - 1) != 0) name[0] = '\0';
  std::random_device random;
  // random_device answers 32 bits at a time.
  const std::uint64_t token = (static_cast<std::uint64_t>(random()) << 32) | random();
  return fmt::format("{}:{}:{:016x}", name.data(), static_cast<long>(getpid()), token);
}

}  // namespace gazette
