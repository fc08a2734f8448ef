// Content-Encoding decoding of fetched bodies (http/content_decoding.h):
// gzip, deflate (zlib-wrapped or raw) and br. The first byte picks the coding
// and the piece size; the rest is the body as received. Whatever the bytes,
// the decoder stays within its cap, and the same body cut into other pieces
// decodes to the same result.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "http/content_decoding.h"

namespace {

constexpr std::uint64_t kCap = 1 << 20;
constexpr std::size_t kBuffer = 16384;  // the decoder's output step: the cap may be passed by this

struct Result {
  gazette::ContentDecoder::Status status = gazette::ContentDecoder::Status::ok;
  std::string out;
};

Result decode(std::string_view coding, std::string_view body, std::size_t piece) {
  using Status = gazette::ContentDecoder::Status;
  Result r;
  auto decoder = gazette::ContentDecoder::create(coding, kCap);
  if (!decoder) gazette::fuzz::fail("no decoder", coding);
  for (std::size_t at = 0; at < body.size(); at += piece) {
    r.status = decoder->feed(body.substr(at, piece), r.out);
    if (r.out.size() > kCap + kBuffer) gazette::fuzz::fail("decoded past the cap", coding);
    if (r.status != Status::ok) return r;
  }
  if (r.out.size() > kCap) gazette::fuzz::fail("ok past the cap", coding);
  if (!body.empty()) r.status = decoder->finish();
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static constexpr std::string_view kCodings[] = {"gzip", "deflate", "br", "identity"};
  const std::string_view coding = kCodings[data[0] % 4];
  const std::size_t piece = 1 + (data[0] >> 2) * 37;  // 1 to 2332 bytes a read
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  const Result whole = decode(coding, body, body.size() + 1);
  const Result pieces = decode(coding, body, piece);
  // Raw deflate is tried again on what arrived before the first output, so
  // chunking may change where a bad deflate stream is noticed, never a good
  // stream's result.
  using Status = gazette::ContentDecoder::Status;
  if (whole.status == Status::ok && pieces.status == Status::ok && whole.out != pieces.out)
    gazette::fuzz::fail("pieces decode differently", coding);
  if (coding != "deflate" && whole.status != pieces.status)
    gazette::fuzz::fail("pieces end differently", coding);
  return 0;
}
