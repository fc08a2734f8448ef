#include "feeds/xml_entities.h"

#include <gtest/gtest.h>

namespace gazette {
namespace {

std::string repaired(std::string_view xml) {
  std::string out;
  return repair_xml_entities(xml, out) ? out : std::string(xml);
}

TEST(HtmlEntityTable, LooksUpTheWholeHtml5Table) {
  EXPECT_EQ(html_entity("eacute"), "\u00e9");
  EXPECT_EQ(html_entity("nbsp"), "\u00a0");
  EXPECT_EQ(html_entity("shy"), "\u00ad");
  EXPECT_EQ(html_entity("AElig"), "\u00c6");                // first in the sorted table
  EXPECT_EQ(html_entity("zwnj"), "\u200c");                 // last
  EXPECT_EQ(html_entity("NotEqualTilde"), "\u2242\u0338");  // two code points
  EXPECT_EQ(html_entity("fjlig"), "fj");
  EXPECT_EQ(html_entity("Eacute"), "\u00c9");  // case matters
  EXPECT_EQ(html_entity("notanentity"), "");
  EXPECT_EQ(html_entity(""), "");
}

TEST(RepairXmlEntities, HtmlsUpperCaseHexReferenceBecomesXmls) {
  EXPECT_EQ(repaired("<a>&#X41;&#x42;&#X1F600;</a>"), "<a>&#x41;&#x42;&#x1F600;</a>");
}

TEST(RepairXmlEntities, WellFormedDocumentIsNotCopied) {
  std::string out = "stale";
  EXPECT_FALSE(repair_xml_entities("<a>x &amp; y &#233; &#xE9; &lt;</a>", out));
  EXPECT_TRUE(out.empty());
}

TEST(RepairXmlEntities, RewritesHtmlEntitiesToNumericReferences) {
  EXPECT_EQ(repaired("<t>caf&eacute;&nbsp;&NotEqualTilde;</t>"),
            "<t>caf&#xE9;&#xA0;&#x2242;&#x338;</t>");
  EXPECT_EQ(repaired("<t a=\"&copy;\">&AMP;</t>"), "<t a=\"&#xA9;\">&#x26;</t>");
}

TEST(RepairXmlEntities, XmlEntitiesAsNumericForTheRecoveryParser) {
  std::string out;
  ASSERT_TRUE(repair_xml_entities(
      "<t a=\"&quot;&apos;\">&amp;&lt;&gt; &eacute; A&B<![CDATA[&amp;]]><!-- &lt; --></t>", out,
      XmlEntities::numeric));
  EXPECT_EQ(out,
            "<t a=\"&#x22;&#x27;\">&#x26;&#x3C;&#x3E; &#xE9; A&amp;B<![CDATA[&amp;]]><!-- &lt; "
            "--></t>");
}

TEST(RepairXmlEntities, EscapesAmpersandsThatStartNoReference) {
  EXPECT_EQ(repaired("<l>?a=1&b=2 AT&T &unknown; &#; &#x;</l>"),
            "<l>?a=1&amp;b=2 AT&amp;T &amp;unknown; &amp;#; &amp;#x;</l>");
}

TEST(RepairXmlEntities, LeavesCdataCommentsAndInstructionsAlone) {
  std::string_view doc = "<?php echo '&x'; ?><!-- &nbsp; --><t><![CDATA[&nbsp; & ]]></t>";
  EXPECT_EQ(repaired(doc), doc);
}

TEST(RepairXmlEntities, MapsC1ReferencesToWindows1252) {
  EXPECT_EQ(repaired("<t>&#146;&#x93;&#150;</t>"), "<t>&#x2019;&#x201C;&#x2013;</t>");
}

TEST(DecodeHtmlReferences, DecodesTerminatedReferences) {
  std::string out;
  ASSERT_TRUE(decode_html_references("a&amp;b &eacute; &#233; &#xE9; &#146; x && y", out));
  EXPECT_EQ(out, "a&b \u00e9 \u00e9 \u00e9 \u2019 x && y");
  ASSERT_TRUE(decode_html_references("&#0; &#xD800; &#99999999;", out));
  EXPECT_EQ(out, "\ufffd \ufffd \ufffd");
}

TEST(DecodeHtmlReferences, DefersUndecidableCasesToAnHtmlParser) {
  std::string out;
  EXPECT_FALSE(decode_html_references("AT&T", out));        // legacy rules decide
  EXPECT_FALSE(decode_html_references("&copy 2025", out));  // legacy, no ';'
  EXPECT_FALSE(decode_html_references("&bogus;", out));
  EXPECT_FALSE(decode_html_references("&#233", out));
}

}  // namespace
}  // namespace gazette
