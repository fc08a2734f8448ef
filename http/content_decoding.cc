#include "http/content_decoding.h"

#include <brotli/decode.h>
#include <zlib.h>

#include <cctype>
#include <string>

namespace gazette {

struct ContentDecoder::Stream {
  bool identity = false;
  // "deflate" means zlib-wrapped data (RFC 9110 8.4.1.2), but some servers
  // send raw deflate: when the wrapper is rejected before any output, start
  // again without it on everything received so far.
  bool deflate = false;
  bool tried_raw = false;
  std::string received_before_output;  // deflate only, until the first output
  z_stream z{};
  bool initialised = false;
  // "br" (RFC 7932) through libbrotlidec; null for the zlib codings.
  BrotliDecoderState* brotli = nullptr;

  bool init(int window_bits) {
    if (initialised) inflateEnd(&z);
    z = z_stream{};
    initialised = inflateInit2(&z, window_bits) == Z_OK;
    return initialised;
  }
  ~Stream() {
    if (initialised) inflateEnd(&z);
    if (brotli) BrotliDecoderDestroyInstance(brotli);
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
  const std::string e = lower_trimmed(encoding);
  auto stream = std::make_unique<Stream>();
  if (e.empty() || e == "identity") {
    stream->identity = true;
  } else if (e == "gzip" || e == "x-gzip") {
    if (!stream->init(16 + MAX_WBITS)) return nullptr;  // +16: gzip wrapper only
  } else if (e == "deflate") {
    stream->deflate = true;
    if (!stream->init(MAX_WBITS)) return nullptr;
  } else if (e == "br") {
    stream->brotli = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
    if (!stream->brotli) return nullptr;
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
  // Bytes after the end of the compressed stream are ignored, as browsers do.
  if (chunk.empty() || ended_) return Status::ok;
  if (stream_->brotli) return feed_brotli(chunk, out);
  Stream& s = *stream_;
  const bool keep_input = s.deflate && !s.tried_raw && s.z.total_out == 0;
  if (keep_input) s.received_before_output.append(chunk);
  s.z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(chunk.data()));
  s.z.avail_in = static_cast<uInt>(chunk.size());
  unsigned char buffer[16384];
  // Until the input is used up and inflate has nothing pending: one input
  // byte of a long run can inflate to more than the buffer holds, and what it
  // holds back must count against the cap now, not on the next read.
  for (bool pending = true; s.z.avail_in > 0 || pending;) {
    s.z.next_out = buffer;
    s.z.avail_out = sizeof buffer;
    const int rc = inflate(&s.z, Z_NO_FLUSH);
    if (rc == Z_DATA_ERROR && s.deflate && !s.tried_raw && s.z.total_out == 0) {
      s.tried_raw = true;
      if (!s.init(-MAX_WBITS)) return Status::bad_data;
      s.z.next_in = reinterpret_cast<Bytef*>(s.received_before_output.data());
      s.z.avail_in = static_cast<uInt>(s.received_before_output.size());
      continue;
    }
    // The output of a call that then fails counts first: whether a stream
    // that is both over the cap and corrupt ends as too_large or bad_data
    // must not depend on how the body was cut into reads (fuzz/content_fuzz.cc).
    const std::size_t produced = sizeof buffer - s.z.avail_out;
    decoded_ += produced;
    if (decoded_ > max_decoded_) return Status::too_large;
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) return Status::bad_data;
    out.append(reinterpret_cast<char*>(buffer), produced);
    if (rc == Z_STREAM_END) {
      ended_ = true;
      break;
    }
    if (rc == Z_BUF_ERROR && produced == 0) break;  // no progress possible: wait for more input
    pending = s.z.avail_out == 0;                   // a full buffer: maybe more to come
  }
  if (s.z.total_out > 0 || s.tried_raw) std::string().swap(s.received_before_output);
  return Status::ok;
}

// Same contract as the zlib path: output in bounded pieces, the cap checked
// after each piece, so a bomb costs at most the cap plus one buffer.
ContentDecoder::Status ContentDecoder::feed_brotli(std::string_view chunk, std::string& out) {
  BrotliDecoderState* b = stream_->brotli;
  const auto* next_in = reinterpret_cast<const std::uint8_t*>(chunk.data());
  std::size_t avail_in = chunk.size();
  std::uint8_t buffer[16384];
  for (;;) {
    std::uint8_t* next_out = buffer;
    std::size_t avail_out = sizeof buffer;
    const BrotliDecoderResult rc =
        BrotliDecoderDecompressStream(b, &avail_in, &next_in, &avail_out, &next_out, nullptr);
    const std::size_t produced = sizeof buffer - avail_out;
    decoded_ += produced;
    if (decoded_ > max_decoded_) return Status::too_large;  // before the error, as for zlib
    if (rc == BROTLI_DECODER_RESULT_ERROR) return Status::bad_data;
    out.append(reinterpret_cast<const char*>(buffer), produced);
    if (rc == BROTLI_DECODER_RESULT_SUCCESS) {
      ended_ = true;  // anything after the stream is ignored, as for gzip
      return Status::ok;
    }
    if (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT) return Status::ok;
    // BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT: go round with an empty buffer.
  }
}

ContentDecoder::Status ContentDecoder::finish() {
  if (stream_->identity) return Status::ok;
  return ended_ ? Status::ok : Status::bad_data;
}

}  // namespace gazette
