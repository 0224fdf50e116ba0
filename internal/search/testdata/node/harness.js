// harness.js runs search.js's engine in Node for the Go tests
// (agreement_test.go). It reads one JSON request on stdin:
//   {"script": path to search.js, "dir": static index folder,
//    "stem": {"nb": [words], "en": [words]},
//    "analyze": [{"lang", "text", "query"}],
//    "queries": [{"lang", "text", "type", "audience", "limit", "facets"}]}
// and writes {"stem": {...}, "analyze": [[[surface, stem], …], …],
// "results": [{"ids", "scores", "total", "facets", "snippets", "ms",
// "fetched"}]} to stdout. With "fresh" each query runs on a new engine, as
// a first query would, and "fetched" lists the files it loaded. With
// "passages" every hit's snippet is the one the search page ends with
// (Engine.passage), and "passageFetched" lists the files that loaded.
"use strict";
const fs = require("fs");
const path = require("path");

async function main() {
  const req = JSON.parse(fs.readFileSync(0, "utf8"));
  const api = require(path.resolve(req.script));
  const out = { stem: {}, analyze: [], results: [] };
  for (const [kind, words] of Object.entries(req.stem || {})) {
    const f = kind === "en" ? api.stemEnglish : api.stemNorwegian;
    out.stem[kind] = words.map((w) => f(w));
  }
  let fetched = [];
  const newEngine = () => new api.Engine((p, v, kind) => {
    fetched.push(p);
    const data = fs.readFileSync(path.join(req.dir, p));
    return Promise.resolve(kind === "bin" ? data : data.toString("utf8"));
  });
  let engine = newEngine();
  for (const a of req.analyze || []) {
    const li = await engine.lang(a.lang);
    out.analyze.push(li.an.analyze(a.text, !!a.query).map((t) => [t.surface, t.stem]));
  }
  for (const q of req.queries || []) {
    if (req.fresh) engine = newEngine(); // a first query: nothing cached
    fetched = [];
    const t0 = process.hrtime.bigint();
    const r = await engine.search(q);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    // With "passages", each hit's snippet becomes what the search page
    // shows once the result is in view (Engine.passage); the files that
    // took are listed apart from the query's.
    const queryFetched = fetched;
    let passageFetched = [];
    if (req.passages) {
      fetched = [];
      for (const h of r.hits) {
        const segs = await engine.passage(h);
        if (segs) h.snippet = segs;
      }
      passageFetched = fetched;
      fetched = queryFetched;
    }
    out.results.push({
      ids: r.hits.map((h) => h.lang + ":" + h.id),
      scores: r.hits.map((h) => h.score),
      total: r.total,
      facets: r.facets,
      snippets: r.hits.map((h) => h.snippet.map((s) => (s.mark ? "<mark>" + s.text + "</mark>" : s.text)).join("")),
      ms: ms,
      fetched: fetched,
      passageFetched: passageFetched,
    });
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => {
  process.stderr.write(String((e && e.stack) || e) + "\n");
  process.exit(1);
});
