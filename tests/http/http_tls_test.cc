// HttpClient over TLS with the throwaway PKI of tests/support/make_test_ca.sh.
#include <gtest/gtest.h>

#include <chrono>

#include "http/http_client.h"
#include "tests/http/test_server.h"

namespace gazette {
namespace {

using namespace std::chrono_literals;
using test_support::FetchRunner;
using test_support::FixtureServer;
using test_support::test_pki;

HttpClientOptions trusting_test_ca() {
  HttpClientOptions o = test_support::loopback_options();
  o.connect_timeout = 3s;
  o.header_timeout = 3s;
  o.total_timeout = 5s;
  o.ca_file = (test_pki() / "ca.crt").string();
  return o;
}

FixtureServer tls_server(const std::string& name) {
  return FixtureServer(
      {"--tls", (test_pki() / (name + ".crt")).string(), (test_pki() / (name + ".key")).string()});
}

TEST(HttpTls, FetchesFromAServerTheTestCaSigned) {
  FixtureServer server = tls_server("server");
  FetchRunner runner(trusting_test_ca());
  FetchResponse r = runner.fetch(server.url("/feed/", "https"));
  ASSERT_EQ(r.error, FetchError::none) << r.error_message;
  EXPECT_EQ(r.status, 200);
  // The server rewrote the origin to its https one.
  EXPECT_NE(r.body.find(server.url("/news/harbour-bridge", "https")), std::string::npos);
  // By name too: DNS, SNI and the DNS:localhost entry.
  FetchResponse by_name = runner.fetch(server.url("/feed/", "https", "localhost"));
  EXPECT_TRUE(by_name.ok()) << by_name.error_message;
}

TEST(HttpTls, ReusesTheTlsConnection) {
  FixtureServer server = tls_server("server");
  FetchRunner runner(trusting_test_ca());
  ASSERT_TRUE(runner.fetch(server.url("/feed/", "https")).ok());
  ASSERT_TRUE(runner.fetch(server.url("/feed/", "https")).ok());
  auto lines = server.log_lines();
  ASSERT_EQ(lines.size(), 2u);
  auto connection = [](const std::string& line) {
    return line.substr(line.find("\"connection\""));
  };
  EXPECT_EQ(connection(lines[0]), connection(lines[1]));
}

TEST(HttpTls, UntrustedCaIsATlsError) {
  FixtureServer server = tls_server("untrusted");
  FetchRunner runner(trusting_test_ca());
  FetchResponse r = runner.fetch(server.url("/feed/", "https"));
  EXPECT_EQ(r.error, FetchError::tls) << r.error_message;
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.error_message.find("TLS handshake with 127.0.0.1:"), std::string::npos)
      << r.error_message;
  EXPECT_NE(r.error_message.find("certificate verify failed"), std::string::npos)
      << r.error_message;
}

TEST(HttpTls, SystemStoreDoesNotTrustTheTestCa) {
  FixtureServer server = tls_server("server");
  HttpClientOptions o = trusting_test_ca();
  o.ca_file.clear();
  FetchRunner runner(o);
  FetchResponse r = runner.fetch(server.url("/feed/", "https"));
  EXPECT_EQ(r.error, FetchError::tls) << r.error_message;
}

TEST(HttpTls, WrongHostNameIsATlsError) {
  FixtureServer server = tls_server("wrong-host");
  FetchRunner runner(trusting_test_ca());
  FetchResponse r = runner.fetch(server.url("/feed/", "https"));
  EXPECT_EQ(r.error, FetchError::tls) << r.error_message;
  EXPECT_NE(r.error_message.find("not valid for 127.0.0.1"), std::string::npos) << r.error_message;
}

TEST(HttpTls, MissingCaFileIsReportedPerFetch) {
  FixtureServer server = tls_server("server");
  HttpClientOptions o = trusting_test_ca();
  o.ca_file = (test_pki() / "no-such-ca.crt").string();
  FetchRunner runner(o);
  FetchResponse r = runner.fetch(server.url("/feed/", "https"));
  EXPECT_EQ(r.error, FetchError::tls);
  EXPECT_NE(r.error_message.find("no-such-ca.crt"), std::string::npos) << r.error_message;
}

}  // namespace
}  // namespace gazette
