#include "feeds/css_filter.h"

#include <gtest/gtest.h>

namespace gazette {
namespace {

TEST(FilterCss, TextAndBoxPropertiesAreKeptAsWritten) {
  EXPECT_EQ(filter_css("color:navy;font-weight : bold"), "color: navy; font-weight: bold;");
  EXPECT_EQ(filter_css("TEXT-ALIGN: right;"), "TEXT-ALIGN: right;");
}

TEST(FilterCss, PositioningAndUnknownPropertiesAreDropped) {
  EXPECT_EQ(filter_css("position:fixed; top:0; z-index:9999; color:red"), "color: red;");
  EXPECT_EQ(filter_css("position:absolute"), "");
}

TEST(FilterCss, UrlsAreRemovedAndTheirPropertyGoesWithThem) {
  EXPECT_EQ(filter_css("background-image:url(http://tracker.example/p.gif); width:10px"),
            "width: 10px;");
  EXPECT_EQ(filter_css("background: url( 'x.png' ) red"), "background: red;");
}

TEST(FilterCss, ScriptInCssDropsTheWholeStyle) {
  EXPECT_EQ(filter_css("width: expression(alert(1))"), "");
  EXPECT_EQ(filter_css("color:red; -moz-binding:url(x.xml#xss)"), "");  // a vendor prefix
  EXPECT_EQ(filter_css("color:red; behavior:x\\2e htc"), "");
  EXPECT_EQ(filter_css("color:red /* comment */"), "");
  EXPECT_EQ(filter_css("color:red; @import 'x.css'"), "");
}

TEST(FilterCss, ShorthandsKeepOnlyKeywordsColoursAndLengths) {
  EXPECT_EQ(filter_css("border: 1px solid #c0c0c0"), "border: 1px solid #c0c0c0;");
  EXPECT_EQ(filter_css("margin: 0 12px 0 0; padding-left: 4px"),
            "margin: 0 12px 0 0; padding-left: 4px;");
  EXPECT_EQ(filter_css("border: 1px groove"), "");  // not a known keyword
  EXPECT_EQ(filter_css("background-repeat: repeat-x; background-color: #fff"),
            "background-color: #fff;");
}

TEST(FilterCss, NotDeclarationsAtAll) {
  EXPECT_EQ(filter_css(""), "");
  EXPECT_EQ(filter_css("red"), "");
  EXPECT_EQ(filter_css("a:b:c"), "");
  EXPECT_EQ(filter_css(";;"), "");
}

}  // namespace
}  // namespace gazette
