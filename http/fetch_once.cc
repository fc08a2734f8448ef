#include "http/fetch_once.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "http/client_options.h"

namespace gazette {
namespace {

boost::asio::awaitable<void> fetch_into(HttpClient& http, FetchRequest request,
                                        FetchResponse& out) {
  out = co_await http.fetch(std::move(request));
  http.close_idle();
}

}  // namespace

FetchResponse fetch_once(const Config& config, FetchRequest request,
                         const std::vector<std::string>& trusted_urls) {
  boost::asio::io_context ioc(1);
  HttpClient http(ioc.get_executor(), client_options(config));
  for (const std::string& url : trusted_urls) http.trust_origin(url);
  FetchResponse response;
  boost::asio::co_spawn(ioc, fetch_into(http, std::move(request), response), boost::asio::detached);
  ioc.run();
  return response;
}

}  // namespace gazette
