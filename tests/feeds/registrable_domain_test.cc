#include "feeds/registrable_domain.h"

#include <gtest/gtest.h>

namespace gazette {
namespace {

TEST(RegistrableDomain, SitesByThePublicSuffixList) {
  EXPECT_EQ(site_of_url("https://www.bbc.co.uk/news/1"), "bbc.co.uk");
  EXPECT_EQ(site_of_url("https://news.bbc.co.uk/x"), "bbc.co.uk");
  EXPECT_EQ(site_of_url("https://a.github.io/"), "a.github.io");
  EXPECT_EQ(site_of_url("https://b.github.io/"), "b.github.io");
  EXPECT_EQ(site_of_url("HTTP://WWW.Example.COM:8080/a"), "example.com");
  EXPECT_EQ(site_of_url("https://example.com./a"), "example.com");
}

TEST(RegistrableDomain, OneSiteOrTwo) {
  EXPECT_TRUE(same_site("https://www.bbc.co.uk/a", "http://news.bbc.co.uk/b"));
  EXPECT_FALSE(same_site("https://a.github.io/", "https://b.github.io/"));
  EXPECT_FALSE(same_site("https://a.example/", "https://b.example/"));
  EXPECT_FALSE(same_site("https://example.co.uk/", "https://other.co.uk/"));
}

TEST(RegistrableDomain, AddressesAndBareNamesAreTheirOwnSite) {
  EXPECT_EQ(site_of_url("http://127.0.0.1:8080/x"), "127.0.0.1");
  EXPECT_FALSE(same_site("http://127.0.0.1/", "http://127.0.0.2/"));
  EXPECT_EQ(site_of_url("http://[::1]:8080/"), "[::1]");
  EXPECT_EQ(site_of_url("http://localhost/"), "localhost");
  EXPECT_EQ(site_of_url("https://github.io/"), "github.io");
}

TEST(RegistrableDomain, NotAnHttpUrlHasNoSite) {
  EXPECT_EQ(site_of_url("javascript:alert(1)"), "");
  EXPECT_EQ(site_of_url("file:///etc/passwd"), "");
  EXPECT_EQ(site_of_url("/relative"), "");
  EXPECT_FALSE(same_site("/a", "/a"));
}

}  // namespace
}  // namespace gazette
