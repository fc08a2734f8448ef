-- Fills a Gazette database (schema created by gazette) with :n articles:
-- 20 sources, titles and ~60-word texts from an 8,000-word vocabulary, one
-- sighting each. Run with: sqlite3 DB -cmd ".parameter set :n 100000" < this file
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -200000;
BEGIN;
INSERT INTO sources (kind, url, fetch_url, title, tags, interval_seconds, created)
SELECT 'feed', 'https://site' || i || '.example/feed', 'https://site' || i || '.example/feed',
       'Site ' || i, CASE WHEN i % 2 THEN 'odd' ELSE 'even' END, 1800, '2026-01-01T00:00:00Z'
FROM (WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 20) SELECT i FROM c);

CREATE TEMP TABLE syllables (k INTEGER PRIMARY KEY, s TEXT);
INSERT INTO syllables (k, s) VALUES
  (0,'ka'),(1,'lo'),(2,'mer'),(3,'tan'),(4,'vi'),(5,'sol'),(6,'ber'),(7,'qua'),(8,'dri'),(9,'fen'),
  (10,'gor'),(11,'hal'),(12,'jun'),(13,'nor'),(14,'pel'),(15,'rus'),(16,'sta'),(17,'tor'),(18,'wen'),(19,'zed');
CREATE TEMP TABLE words (n INTEGER PRIMARY KEY, w TEXT);
INSERT INTO words (n, w)
SELECT a.k * 400 + b.k * 20 + c.k, a.s || b.s || c.s FROM syllables a, syllables b, syllables c;

INSERT INTO articles (id, source_id, guid, url, title, author, summary, content_html, content_text,
                      categories, published, first_seen, last_seen, content_hash)
WITH RECURSIVE counter(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM counter WHERE i < :n)
SELECT i, 1 + i % 20, 'guid-' || i, 'https://site' || (1 + i % 20) || '.example/news/' || i,
       t, 'Author ' || (i % 97), s, '<p>' || s || '</p><p>' || body || '</p>', s || char(10, 10) || body,
       'Category ' || (i % 7),
       strftime('%Y-%m-%dT%H:%M:%SZ', '2026-01-01', '+' || ((i * 37) % 31536000) || ' seconds'),
       '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', hex(randomblob(16))
FROM (
  -- Some words are far more common than others (the smaller moduli), as in real text.
  SELECT i,
         (SELECT w FROM words WHERE n = (i * 7919) % 8000) || ' ' ||
         (SELECT w FROM words WHERE n = (i * 104729) % 800) || ' ' ||
         (SELECT w FROM words WHERE n = (i * 31) % 8000) || ' number ' || i AS t,
         (SELECT group_concat(w, ' ') FROM words WHERE n IN
            ((i * 13) % 400, (i * 17) % 8000, (i * 19) % 2000, (i * 23) % 8000, (i * 29) % 100,
             (i * 37) % 8000, (i * 41) % 4000, (i * 43) % 8000)) AS s,
         (SELECT group_concat(w, ' ') FROM words WHERE n IN
            ((i * 47) % 8000, (i * 53) % 300, (i * 59) % 8000, (i * 61) % 8000, (i * 67) % 1000,
             (i * 71) % 8000, (i * 73) % 8000, (i * 79) % 50, (i * 83) % 8000, (i * 89) % 8000,
             (i * 97) % 2000, (i * 101) % 8000, (i * 103) % 8000, (i * 107) % 500, (i * 109) % 8000,
             (i * 113) % 8000, (i * 127) % 8000, (i * 131) % 200, (i * 137) % 8000, (i * 139) % 8000,
             (i * 149) % 8000, (i * 151) % 3000, (i * 157) % 8000, (i * 163) % 8000, (i * 167) % 8000,
             (i * 173) % 8000, (i * 179) % 700, (i * 181) % 8000, (i * 191) % 8000, (i * 193) % 8000))
           || '. The council said the decision would be reviewed next year, and residents'
           || ' were invited to comment before the end of the month.' AS body
  FROM counter
);
INSERT INTO sightings (article_id, source_id, first_seen, last_seen)
SELECT id, source_id, first_seen, last_seen FROM articles;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
