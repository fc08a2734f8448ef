// `gazette search` takes FTS5 query syntax on either engine (docs/cli.md):
// this turns such a query into the text of a PostgreSQL tsquery over
// articles.search, whose title lexemes have weight A and text lexemes
// weight B (storage/postgres/pg_migrations.cc).
//
// The grammar is FTS5's (precedence NOT, then AND, then OR; implicit AND
// between phrases; `col:`, `{col ...}:`, `-col:` column filters on a phrase
// or a parenthesised group; `"a phrase"`, `a + b`, `prefix*`), and a query
// FTS5 rejects is rejected here too, with SearchQueryError. Every word or
// phrase becomes one single-quoted tsquery operand, so nothing the user
// typed is read as tsquery syntax: to_tsquery('simple', result) splits an
// operand into words as to_tsvector split the article, and joins them with
// <-> (followed by).
//
// What tsquery cannot say is refused with a SearchQueryError naming it:
// NEAR(...) groups and `^` (first word of a column). A prefix phrase
// (`"a b"*`) has its last word, after the last white space, a prefix, as
// FTS5 has its last token: words that FTS5 splits at punctuation
// (`"a,b"*`) are all prefixes here.
#pragma once

#include <string>
#include <string_view>

#include "storage/article_search.h"

namespace gazette {

// The tsquery text for to_tsquery('simple', ...). Throws SearchQueryError.
std::string fts5_to_tsquery(std::string_view query);

}  // namespace gazette
