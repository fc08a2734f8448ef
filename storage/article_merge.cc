#include "storage/article_merge.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "base/text.h"
#include "feeds/item_key.h"
#include "feeds/registrable_domain.h"
#include "storage/column_checks.h"
#include "storage/enclosure_column.h"
#include "storage/time_format.h"

namespace gazette {

CheckedDocument::CheckedDocument(const FetchOutcome& outcome, const std::vector<FeedItem>& items,
                                 std::vector<std::string>& repaired)
    : outcome_(outcome), items_(items) {
  if (!std::all_of(items.begin(), items.end(), item_fits_columns)) {
    repaired_items_ = items;
    for (FeedItem& item : *repaired_items_) {
      std::vector<std::string> problems;
      fit_item_to_columns(item, problems);
      for (const std::string& p : problems)
        repaired.push_back(fmt::format("item {}: {}", item.url.empty() ? item.guid : item.url, p));
    }
  }
  if (!outcome_fits_columns(outcome)) {
    repaired_outcome_ = outcome;
    fit_outcome_to_columns(*repaired_outcome_, repaired);
  }
}

std::string join_categories(const std::vector<std::string>& categories) {
  std::vector<std::string> named;
  for (const std::string& c : categories)
    if (!c.empty()) named.push_back(c);
  return join(named, ",");
}

std::vector<std::vector<DedupKey>> lookup_keys(const std::vector<FeedItem>& items,
                                               std::int64_t source_id) {
  std::vector<ItemKeys> keys;
  keys.reserve(items.size());
  std::map<std::string, std::set<std::string>> guids_of_url, urls_of_guid;
  for (const FeedItem& item : items) {
    keys.push_back(item_keys(item));
    const ItemKeys& k = keys.back();
    // Only real disagreement counts: an item without a guid (a followed
    // article page) agrees with any guid for its URL.
    if (!k.url.empty() && !k.guid.empty()) guids_of_url[k.url].insert(k.guid);
    if (!k.guid.empty() && !k.url.empty()) urls_of_guid[k.guid].insert(k.url);
  }
  std::vector<std::vector<DedupKey>> out(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const ItemKeys& k = keys[i];
    // Order matters: the (canonical) URL names a story across sources; a
    // guid only within its source.
    if (!k.url.empty() && guids_of_url[k.url].size() <= 1)
      out[i].push_back({DedupKey::Kind::url, 0, k.url});
    if (!k.guid.empty() && urls_of_guid[k.guid].size() <= 1)
      out[i].push_back({DedupKey::Kind::guid, source_id, k.guid});
    if (out[i].empty()) {
      const FeedItem& item = items[i];
      out[i].push_back({DedupKey::Kind::hash, source_id,
                        sha256_hex(k.url + "\n" + k.guid + "\n" + item.title + "\n" +
                                   item.content_html + item.summary_html)});
    }
  }
  return out;
}

bool may_change_article(const ArticleFields& a, const FeedItem& item, std::int64_t source_id,
                        bool edit, const std::string& previous_hash,
                        const std::function<bool()>& holds_creators_text, bool& owner) {
  // An article without a URL is only reachable by its creating source's
  // own keys (guid, hash): its site is that source's.
  std::string article_site = site_of_url(a.url.empty() ? a.creator_url : a.url);
  std::string creator_site = site_of_url(a.creator_url);
  bool same_source = a.source_id == source_id;
  bool own_site =
      item.origin_site.empty() || article_site.empty() || item.origin_site == article_site;
  if (!own_site) {
    // A source that created an article from another site's story (a
    // feed on feeds.example-cdn.net for example.com, an aggregator) may
    // still correct it, as long as the article holds what that source
    // wrote: its last sighting's hash is the one the article was last
    // written with. Once the story's own site has written to it, no.
    owner = edit && same_source && !previous_hash.empty() && a.content_hash == previous_hash;
    return owner;
  }
  // The story's own site takes over an article that another site's
  // document created, while it still holds that document's text (after
  // that, its own documents merge as any two sightings do: the longer
  // body wins, a teaser does not replace the full page).
  owner = edit || same_source || (creator_site != article_site && holds_creators_text());
  return true;
}

bool fold_item_into(ArticleFields& a, const FeedItem& item, bool owner) {
  bool changed = false;
  auto take = [&](std::string& field, const std::string& value) {
    if (!value.empty() && value != field && (owner || field.empty())) {
      field = value;
      changed = true;
    }
  };
  take(a.guid, a.guid.empty() ? item.guid : a.guid);
  take(a.url, item.url);
  take(a.title, item.title);
  take(a.author, item.author);
  take(a.summary, item.summary_text);
  take(a.image_url, item.image_url);
  take(a.categories, join_categories(item.categories));
  std::string enclosures = enclosures_json(item);
  take(a.enclosures, enclosures == "[]" ? std::string() : enclosures);
  const std::string& html = item.content_html.empty() ? item.summary_html : item.content_html;
  if (!item.content_text.empty() && item.content_text != a.content_text &&
      (owner || item.content_text.size() > a.content_text.size())) {
    a.content_html = html;
    a.content_text = item.content_text;
    changed = true;
  }
  if (item.published) {
    std::string p = format_utc(*item.published);
    if (!a.published || (owner && *a.published != p)) {
      a.published = p;
      changed = true;
    }
  }
  return changed;
}

}  // namespace gazette
