#include "feeds/page_rules.h"

#include <fmt/format.h>

#include <optional>

#include "feeds/date_parser.h"
#include "feeds/html_text.h"
#include "feeds/url_normalize.h"
#include "feeds/xpath_rule.h"

namespace gazette {
namespace {

std::optional<pugi::xpath_query> compile(const char* name, const std::string& expression) {
  if (expression.empty()) return std::nullopt;
  CompiledXPath compiled = compile_xpath(expression);
  if (!compiled.query)
    throw PageRuleError(fmt::format("page rule {} = \"{}\" is not valid XPath: {} (at offset {})",
                                    name, expression, compiled.error, compiled.offset));
  return std::move(compiled.query);
}

// The string a rule yields on an item: an attribute's value, an element's
// text (inline, whitespace collapsed), or a string/number result.
std::string evaluate(const std::optional<pugi::xpath_query>& query, pugi::xml_node item) {
  if (!query) return {};
  if (query->return_type() != pugi::xpath_type_node_set)
    return collapse_whitespace(query->evaluate_string(item));
  pugi::xpath_node hit = query->evaluate_node(item);
  if (hit.attribute()) return collapse_whitespace(hit.attribute().value());
  return inline_text(hit.node());
}

// The link rule may select the <a> itself or something inside one.
std::string evaluate_link(const std::optional<pugi::xpath_query>& query, pugi::xml_node item) {
  if (!query) {
    pugi::xml_node a =
        std::string_view(item.name()) == "a" ? item : item.select_node(".//a[@href]").node();
    return a.attribute("href").value();
  }
  if (query->return_type() != pugi::xpath_type_node_set)
    return collapse_whitespace(query->evaluate_string(item));
  pugi::xpath_node hit = query->evaluate_node(item);
  if (hit.attribute()) return collapse_whitespace(hit.attribute().value());
  for (pugi::xml_node n = hit.node(); n; n = n.parent())
    if (n.attribute("href")) return n.attribute("href").value();
  if (pugi::xml_node a = hit.node().select_node(".//a[@href]").node())
    return a.attribute("href").value();
  return inline_text(hit.node());
}

}  // namespace

RuleMatches apply_page_rules(const pugi::xml_document& page, const PageRules& rules,
                             std::string_view base_url) {
  RuleMatches matches;
  if (rules.empty()) return matches;
  auto item = compile("item", rules.item);
  auto title = compile("title", rules.title);
  auto link = compile("link", rules.link);
  auto date = compile("date", rules.date);
  auto summary = compile("summary", rules.summary);
  if (item->return_type() != pugi::xpath_type_node_set)
    throw PageRuleError(fmt::format("page rule item = \"{}\" must select nodes", rules.item));

  for (pugi::xpath_node hit : item->evaluate_node_set(page)) {
    pugi::xml_node node = hit.node() ? hit.node() : hit.parent();
    ++matches.item_nodes;
    std::string href = evaluate_link(link, node);
    if (href.empty()) {
      ++matches.without_link;
      continue;
    }
    FeedItem out;
    out.url = resolve_url(base_url, href);
    out.title = title ? evaluate(title, node) : inline_text(node);
    out.summary_html = evaluate(summary, node);
    if (date) {
      out.published = parse_date(evaluate(date, node));
      if (!out.published) ++matches.without_date;
    }
    matches.items.push_back(std::move(out));
  }
  return matches;
}

}  // namespace gazette
