#include "daemon/content_decoding.h"

#include <zlib.h>

#include <cctype>
#include <string>

namespace gazette {

struct ContentDecoder::Stream {
  bool identity = false;
  bool deflate = false;       // "deflate": zlib-wrapped, or raw from broken servers
  bool tried_raw = false;
  z_stream z{};
  bool initialised = false;
  std::string first_bytes;    // kept until deflate's wrapper is known to be right
  ~Stream() {
    if (initialised) inflateEnd(&z);
  }
};

namespace {

std::string lower_trimmed(std::string_view s) {
  std::string out;
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::unique_ptr<ContentDecoder> ContentDecoder::create(std::string_view encoding,
                                                       std::uint64_t max_decoded) {
  std::string e = lower_trimmed(encoding);
  auto stream = std::make_unique<Stream>();
  if (e.empty() || e == "identity") {
    stream->identity = true;
  } else if (e == "gzip" || e == "x-gzip") {
    if (inflateInit2(&stream->z, 16 + MAX_WBITS) != Z_OK) return nullptr;
    stream->initialised = true;
  } else if (e == "deflate") {
    stream->deflate = true;
    if (inflateInit2(&stream->z, MAX_WBITS) != Z_OK) return nullptr;
    stream->initialised = true;
  } else {
    return nullptr;
  }
  return std::unique_ptr<ContentDecoder>(new ContentDecoder(std::move(stream), max_decoded));
}

ContentDecoder::ContentDecoder(std::unique_ptr<Stream> stream, std::uint64_t max_decoded)
    : stream_(std::move(stream)), max_decoded_(max_decoded) {}

ContentDecoder::~ContentDecoder() = default;

ContentDecoder::Status ContentDecoder::feed(std::string_view chunk, std::string& out) {
  if (stream_->identity) {
    decoded_ += chunk.size();
    if (decoded_ > max_decoded_) return Status::too_large;
    out.append(chunk);
    return Status::ok;
  }
  if (chunk.empty()) return Status::ok;
  if (ended_) return Status::ok;  // trailing garbage after the stream: ignored, as browsers do
  z_stream& z = stream_->z;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(chunk.data()));
  z.avail_in = static_cast<uInt>(chunk.size());
  unsigned char buffer[16384];
  while (z.avail_in > 0) {
    z.next_out = buffer;
    z.avail_out = sizeof buffer;
    int rc = inflate(&z, Z_NO_FLUSH);
    if (rc == Z_DATA_ERROR && stream_->deflate && !stream_->tried_raw && z.total_out == 0) {
      // Some servers send raw deflate for "deflate": retry without the wrapper.
      stream_->tried_raw = true;
      inflateEnd(&z);
      z = z_stream{};
      if (inflateInit2(&z, -MAX_WBITS) != Z_OK) return Status::bad_data;
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(chunk.data()));
      z.avail_in = static_cast<uInt>(chunk.size());
      continue;
    }
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) return Status::bad_data;
    std::size_t produced = sizeof buffer - z.avail_out;
    decoded_ += produced;
    if (decoded_ > max_decoded_) return Status::too_large;
    out.append(reinterpret_cast<char*>(buffer), produced);
    if (rc == Z_STREAM_END) {
      ended_ = true;
      break;
    }
    if (rc == Z_BUF_ERROR && z.avail_in == 0) break;
  }
  return Status::ok;
}

ContentDecoder::Status ContentDecoder::finish() {
  if (stream_->identity) return Status::ok;
  return ended_ ? Status::ok : Status::bad_data;
}

}  // namespace gazette
