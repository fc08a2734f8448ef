#include "http/content_decoding.h"

#include <brotli/encode.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <stdexcept>
#include <string>

namespace gazette {
namespace {

// Compresses with zlib: window_bits 15 = zlib wrapper, 31 = gzip, -15 = raw deflate.
std::string compress(const std::string& data, int window_bits) {
  z_stream z{};
  if (deflateInit2(&z, 9, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
  std::string out(deflateBound(&z, data.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  if (deflate(&z, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("deflate did not finish");
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// Compresses with libbrotlienc, for Content-Encoding: br.
std::string brotli(const std::string& data, int quality = BROTLI_DEFAULT_QUALITY) {
  std::size_t size = BrotliEncoderMaxCompressedSize(data.size());
  if (size == 0) size = data.size() + 1024;
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, data.size(),
                             reinterpret_cast<const std::uint8_t*>(data.data()), &size,
                             reinterpret_cast<std::uint8_t*>(out.data())))
    throw std::runtime_error("BrotliEncoderCompress failed");
  out.resize(size);
  return out;
}

std::string sample_text() {
  std::string text;
  for (int i = 0; i < 2000; ++i)
    text += "<item><title>Headline " + std::to_string(i) + "</title></item>\n";
  return text;
}

// Feeds `encoded` in pieces of `piece` bytes; returns the decoding or the first failure.
ContentDecoder::Status decode(std::string_view encoding, const std::string& encoded,
                              std::size_t piece, std::string& out, std::uint64_t cap = 1 << 24) {
  auto decoder = ContentDecoder::create(encoding, cap);
  if (!decoder) throw std::runtime_error("no decoder");
  for (std::size_t at = 0; at < encoded.size(); at += piece) {
    auto status = decoder->feed(std::string_view(encoded).substr(at, piece), out);
    if (status != ContentDecoder::Status::ok) return status;
  }
  return decoder->finish();
}

TEST(ContentDecoding, GzipRoundTripsInOneChunkAndByteByByte) {
  const std::string text = sample_text();
  const std::string gz = compress(text, 31);
  for (std::size_t piece : {gz.size(), std::size_t{1}, std::size_t{7}}) {
    std::string out;
    EXPECT_EQ(decode("gzip", gz, piece, out), ContentDecoder::Status::ok) << "piece " << piece;
    EXPECT_EQ(out, text) << "piece " << piece;
  }
}

TEST(ContentDecoding, CodingNamesAreCaseInsensitive) {
  const std::string text = sample_text();
  std::string out;
  EXPECT_EQ(decode(" X-GZip", compress(text, 31), 4096, out), ContentDecoder::Status::ok);
  EXPECT_EQ(out, text);
}

TEST(ContentDecoding, DeflateAcceptsZlibWrappedAndRawData) {
  const std::string text = sample_text();
  for (int bits : {15, -15}) {
    for (std::size_t piece : {std::size_t{1}, std::size_t{1000}}) {
      std::string out;
      EXPECT_EQ(decode("deflate", compress(text, bits), piece, out), ContentDecoder::Status::ok)
          << "window bits " << bits << ", piece " << piece;
      EXPECT_EQ(out, text) << "window bits " << bits << ", piece " << piece;
    }
  }
}

TEST(ContentDecoding, IdentityPassesThroughUpToTheCap) {
  std::string out;
  EXPECT_EQ(decode("", "plain body", 3, out), ContentDecoder::Status::ok);
  EXPECT_EQ(out, "plain body");
  out.clear();
  EXPECT_EQ(decode("identity", "plain body", 3, out, 5), ContentDecoder::Status::too_large);
}

TEST(ContentDecoding, UnknownCodingHasNoDecoder) {
  EXPECT_EQ(ContentDecoder::create("zstd", 100), nullptr);
  EXPECT_EQ(ContentDecoder::create("compress", 100), nullptr);
}

TEST(ContentDecoding, GzipBombStopsAtTheCap) {
  const std::string zeros(8 << 20, '\0');
  const std::string bomb = compress(zeros, 31);
  ASSERT_LT(bomb.size(), 64u << 10);
  auto decoder = ContentDecoder::create("gzip", 1 << 20);
  std::string out;
  EXPECT_EQ(decoder->feed(bomb, out), ContentDecoder::Status::too_large);
  // It stopped near the cap instead of inflating everything.
  EXPECT_LE(out.size(), (1u << 20) + 16384);
}

TEST(ContentDecoding, DecodedSizeExactlyAtTheCapIsAccepted) {
  const std::string text(100000, 'a');
  std::string out;
  EXPECT_EQ(decode("gzip", compress(text, 31), 512, out, text.size()), ContentDecoder::Status::ok);
  out.clear();
  EXPECT_EQ(decode("gzip", compress(text, 31), 512, out, text.size() - 1),
            ContentDecoder::Status::too_large);
}

TEST(ContentDecoding, InvalidDataIsBadData) {
  std::string out;
  EXPECT_EQ(decode("gzip", "<rss>this is not gzip</rss>", 100, out),
            ContentDecoder::Status::bad_data);
  out.clear();
  EXPECT_EQ(decode("deflate", "<rss>neither zlib nor raw deflate</rss>", 100, out),
            ContentDecoder::Status::bad_data);
}

TEST(ContentDecoding, StreamCutShortIsBadDataAtFinish) {
  const std::string gz = compress(sample_text(), 31);
  auto decoder = ContentDecoder::create("gzip", 1 << 24);
  std::string out;
  EXPECT_EQ(decoder->feed(std::string_view(gz).substr(0, gz.size() / 2), out),
            ContentDecoder::Status::ok);
  EXPECT_EQ(decoder->finish(), ContentDecoder::Status::bad_data);
}

TEST(ContentDecoding, BytesAfterTheGzipStreamAreIgnored) {
  const std::string text = sample_text();
  std::string out;
  EXPECT_EQ(decode("gzip", compress(text, 31) + "\n\n", 4096, out), ContentDecoder::Status::ok);
  EXPECT_EQ(out, text);
}

// --- br (libbrotlidec) ---------------------------------------------------

TEST(BrotliDecoding, RoundTripsInOneChunkAndInSmallPieces) {
  const std::string text = sample_text();
  const std::string br = brotli(text);
  ASSERT_LT(br.size(), text.size() / 10);
  for (std::size_t piece : {br.size(), std::size_t{1}, std::size_t{13}}) {
    std::string out;
    EXPECT_EQ(decode("br", br, piece, out), ContentDecoder::Status::ok) << "piece " << piece;
    EXPECT_EQ(out, text) << "piece " << piece;
  }
}

TEST(BrotliDecoding, CodingNameIsCaseInsensitive) {
  EXPECT_NE(ContentDecoder::create(" BR", 100), nullptr);
}

TEST(BrotliDecoding, EmptyInputCompressesToAValidStream) {
  std::string out;
  EXPECT_EQ(decode("br", brotli(""), 1, out), ContentDecoder::Status::ok);
  EXPECT_EQ(out, "");
}

TEST(BrotliDecoding, BombStopsAtTheCap) {
  const std::string zeros(64 << 20, '\0');
  const std::string bomb = brotli(zeros, 5);
  ASSERT_LT(bomb.size(), 64u << 10);  // a few KiB that would become 64 MiB
  auto decoder = ContentDecoder::create("br", 1 << 20);
  std::string out;
  EXPECT_EQ(decoder->feed(bomb, out), ContentDecoder::Status::too_large);
  // It stopped near the cap instead of inflating everything.
  EXPECT_LE(out.size(), (1u << 20) + 16384);
}

TEST(BrotliDecoding, DecodedSizeExactlyAtTheCapIsAccepted) {
  const std::string text(100000, 'a');
  std::string out;
  EXPECT_EQ(decode("br", brotli(text), 512, out, text.size()), ContentDecoder::Status::ok);
  EXPECT_EQ(out, text);
  out.clear();
  EXPECT_EQ(decode("br", brotli(text), 512, out, text.size() - 1),
            ContentDecoder::Status::too_large);
}

TEST(BrotliDecoding, TruncatedStreamIsBadDataAtFinish) {
  const std::string br = brotli(sample_text());
  for (std::size_t keep : {std::size_t{1}, br.size() / 2, br.size() - 1}) {
    auto decoder = ContentDecoder::create("br", 1 << 24);
    std::string out;
    EXPECT_EQ(decoder->feed(std::string_view(br).substr(0, keep), out), ContentDecoder::Status::ok)
        << "kept " << keep;
    EXPECT_EQ(decoder->finish(), ContentDecoder::Status::bad_data) << "kept " << keep;
  }
}

TEST(BrotliDecoding, CorruptStreamIsBadData) {
  std::string out;
  // Plain text is not a brotli stream: the window-size bits of '<' are invalid.
  EXPECT_NE(decode("br", "<rss>this is not brotli at all</rss>", 100, out),
            ContentDecoder::Status::ok);
  // Every byte of the middle of a valid stream flipped: the decoder notices.
  std::string br = brotli(sample_text());
  for (std::size_t i = br.size() / 4; i < br.size() * 3 / 4; ++i) br[i] = static_cast<char>(~br[i]);
  out.clear();
  EXPECT_EQ(decode("br", br, 4096, out), ContentDecoder::Status::bad_data);
}

TEST(BrotliDecoding, BytesAfterTheStreamAreIgnored) {
  const std::string text = sample_text();
  std::string out;
  EXPECT_EQ(decode("br", brotli(text) + "\n\n", 4096, out), ContentDecoder::Status::ok);
  EXPECT_EQ(out, text);
}

}  // namespace
}  // namespace gazette
