// Undoing Content-Encoding (gzip, deflate with zlib; br with libbrotlidec),
// incrementally, with a cap on the decoded size so a decompression bomb costs
// at most the cap in memory, whichever the coding.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace gazette {

class ContentDecoder {
 public:
  enum class Status { ok, too_large, bad_data };

  // `encoding` is the Content-Encoding value: "gzip", "x-gzip", "deflate",
  // "br" or "identity"/"" (pass-through). Returns nullptr for an unknown coding.
  static std::unique_ptr<ContentDecoder> create(std::string_view encoding,
                                                std::uint64_t max_decoded);

  ~ContentDecoder();
  ContentDecoder(const ContentDecoder&) = delete;
  ContentDecoder& operator=(const ContentDecoder&) = delete;

  // Appends the decoding of `chunk` to `out`.
  Status feed(std::string_view chunk, std::string& out);
  // Call once after the last chunk: bad_data when the stream was cut short.
  Status finish();

 private:
  struct Stream;
  explicit ContentDecoder(std::unique_ptr<Stream> stream, std::uint64_t max_decoded);
  Status feed_brotli(std::string_view chunk, std::string& out);
  std::unique_ptr<Stream> stream_;
  std::uint64_t max_decoded_;
  std::uint64_t decoded_ = 0;
  bool ended_ = false;
};

}  // namespace gazette
