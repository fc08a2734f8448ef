#include "feeds/item_key.h"

#include <openssl/evp.h>

#include <cctype>
#include <charconv>
#include <memory>

#include "base/text.h"
#include "feeds/url_normalize.h"

namespace gazette {
namespace {

// OpenSSL 3 looks an algorithm up (under a lock) on every init unless it is
// fetched once; hashing is per item and per exported article.
const EVP_MD* sha256_algorithm() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
    EVP_DigestInit_ex(ctx_.get(), sha256_algorithm(), nullptr);
  }
  void add(std::string_view bytes) { EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size()); }
  void add_field(std::string_view bytes) {
    char length[24];
    char* end = std::to_chars(length, length + sizeof length - 1, bytes.size()).ptr;
    *end++ = ':';
    add(std::string_view(length, static_cast<std::size_t>(end - length)));
    add(bytes);
  }
  std::string hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_DigestFinal_ex(ctx_.get(), digest, &size);
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out(size * 2, '0');
    for (unsigned i = 0; i < size; ++i) {
      out[2 * i] = kDigits[digest[i] >> 4];
      out[2 * i + 1] = kDigits[digest[i] & 0xF];
    }
    return out;
  }

 private:
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx_;
};

}  // namespace

ItemKeys item_keys(const FeedItem& item) {
  ItemKeys keys;
  if (!item.link_key.empty()) {
    keys.url = item.link_key;
  } else if (std::string url = std::string(trim(item.url)); !url.empty()) {
    keys.url = normalize_url(url);
  }
  keys.guid = std::string(trim(item.guid));
  return keys;
}

std::string content_hash(const FeedItem& item) {
  Sha256 h;
  h.add_field(item.title);
  h.add_field(item.author);
  h.add_field(item.url);
  h.add_field(item.summary_html);
  h.add_field(item.content_html);
  h.add_field(item.published ? std::to_string(*item.published) : std::string());
  return h.hex();
}

std::string sha256_hex(std::string_view bytes) {
  Sha256 h;
  h.add(bytes);
  return h.hex();
}

std::string sha256_hex_of_fields(std::initializer_list<std::string_view> fields) {
  Sha256 h;
  for (std::string_view field : fields) h.add_field(field);
  return h.hex();
}

}  // namespace gazette
