/* Varde search: instant search in the browser over the static index that
 * the build writes to <site>/search/ (internal/search/static.go), with the
 * same analysis and scoring as the bleve index behind `varde search` and
 * the dev server, so both answer alike.
 *
 * Markup this file enhances (all of it works without JavaScript: the forms
 * submit to the search page, which needs JavaScript to show results):
 *
 *   This file is a script module (assets/js/modules/): the search page
 *   loads it; on other pages 00-base.js loads it from a search form's
 *   data-script when the reader first focuses or types in the box, so a
 *   page read without searching does not carry the search engine.
 *
 *   Header search box, on every page:
 *     <form class="search" role="search" action="<search page URL>"
 *           data-index="<base URL>/search/">
 *       <input type="search" name="q"> <button type="submit">…</button>
 *     </form>
 *   data-index is where the index lives; without it the search page's
 *   data-index or "/search/" is used. The page language is <html lang>;
 *   searches default to it.
 *
 *   Search page:
 *     <div class="search-page" data-index="<base URL>/search/" data-lang="nb">
 *       <form class="search" role="search" action="<this page>"> <input name="q"> … </form>
 *     </div>
 *   The page reads ?q= (and ?type=, ?audience=, ?lang=) and builds the
 *   filters, an aria-live status and the result list after the form.
 *
 * Keyboard: in the header box ArrowDown/ArrowUp move through the results,
 * Enter opens the chosen one (or submits to the search page), Escape
 * closes the list and then clears the box. On the search page ArrowDown
 * from the box moves into the results, ArrowUp/ArrowDown move between
 * them, Escape goes back to the box.
 *
 * Results are built with DOM methods only; no text from the index is ever
 * parsed as HTML.
 *
 * The engine part (analysis, stemmers, shard decoding, scoring) does not
 * touch the DOM and is exported to Node for the Go tests that check that
 * this engine and bleve agree.
 */
(function () {
  "use strict";
  // Loaded once: a page may ask for it both ways (its own script tag and a
  // search box's data-script).
  if (typeof window !== "undefined") {
    if (window.VardeSearch) return;
    window.VardeSearch = true;
  }

  // ---------------------------------------------------------------------
  // Analysis: the same steps as internal/search/analyzer.go.

  var reLetter = /\p{L}/u, reDigit = /\p{Nd}/u, reMark = /\p{M}/u, reMn = /\p{Mn}/u;
  var reLetterDigit = /[\p{L}\p{Nd}]/u, reAsciiKeep = /[a-z0-9'.,]/;

  function isLetter(c) { return c !== "" && reLetter.test(c); }
  function isDigit(c) { return c !== "" && reDigit.test(c); }
  function isWordChar(c) { return c !== "" && (reLetter.test(c) || reDigit.test(c) || reMark.test(c)); }
  function isApostrophe(c) { return c === "'" || c === "\u2019"; }
  function isHyphen(c) { return c === "-" || c === "\u2010" || c === "\u2011"; }

  // tokenize returns the words of text: {start, end, group} in UTF-16
  // offsets; words joined by hyphens share a group (tokenize.go).
  function tokenize(text) {
    var chars = [], offs = [];
    var i = 0;
    for (var ch of text) { chars.push(ch); offs.push(i); i += ch.length; }
    offs.push(i);
    var out = [], group = 0, start = -1, hyphened = false, prev = "";
    for (var k = 0; k < chars.length; k++) {
      var r = chars[k];
      if (isWordChar(r)) {
        if (start < 0) { start = k; if (!hyphened) group++; }
        prev = r;
        continue;
      }
      if (start >= 0) {
        var next = k + 1 < chars.length ? chars[k + 1] : "";
        if ((isApostrophe(r) && isLetter(prev) && isLetter(next)) ||
            ((r === "." || r === ",") && isDigit(prev) && isDigit(next))) {
          prev = r;
          continue;
        }
        out.push({ start: offs[start], end: offs[k], group: group });
        start = -1;
        if (isHyphen(r) && isWordChar(next)) { hyphened = true; continue; }
      }
      hyphened = false;
    }
    if (start >= 0) out.push({ start: offs[start], end: offs[chars.length], group: group });
    return out;
  }

  // fold lower-cases and strips accents, keeping æ ø å when nordic (fold.go).
  function fold(w, nordic) {
    w = w.toLowerCase().normalize("NFC");
    var out = "";
    for (var r of w) {
      if (r.codePointAt(0) < 0x80) { if (reAsciiKeep.test(r)) out += r; continue; }
      if (r === "\u2019") { out += "'"; continue; }
      if (r === "\u00df") { out += "ss"; continue; }
      if (nordic) {
        if (r === "æ" || r === "ø" || r === "å") { out += r; continue; }
        if (r === "ä") { out += "æ"; continue; }
        if (r === "ö") { out += "ø"; continue; }
      } else {
        if (r === "æ") { out += "ae"; continue; }
        if (r === "ø") { out += "o"; continue; }
      }
      for (var d of r.normalize("NFKD")) {
        if (reMn.test(d)) continue;
        if (reLetterDigit.test(d)) out += d.toLowerCase();
      }
    }
    return out;
  }

  function runeLen(s) { return Array.from(s).length; }
  function reverse(s) { return Array.from(s).reverse().join(""); }
  function endsWith(arr, suf) {
    var n = arr.length, m = suf.length;
    if (m > n) return false;
    for (var i = 0; i < m; i++) if (arr[n - m + i] !== suf[i]) return false;
    return true;
  }

  // Snowball Norwegian, as github.com/blevesearch/snowballstem/norwegian.
  var NO_V = "aeiouyåæø", NO_S_ENDING = "bcdfghjlmnoprtvyz";
  var NO_MAIN = ["hetenes", "hetene", "hetens", "heten", "heter", "endes", "ande", "ende", "edes", "enes",
    "erte", "ede", "ane", "ene", "ens", "ers", "ets", "het", "ast", "ert", "en", "ar", "er", "as", "es", "et", "a", "e", "s"];
  var NO_OTHER = ["hetslov", "eleg", "elig", "elov", "slov", "leg", "eig", "lig", "els", "lov", "ig"];
  function noV(c) { return c !== undefined && NO_V.indexOf(c) >= 0; }

  function stemNorwegian(word) {
    var w = Array.from(word), n = w.length, p1 = n, i, suf, start;
    if (n >= 3) {
      for (i = 0; i < n && !noV(w[i]); i++);
      if (i < n) {
        for (; i < n && noV(w[i]); i++);
        if (i < n) p1 = Math.max(i + 1, 3);
      }
    }
    for (i = 0; i < NO_MAIN.length; i++) {
      suf = NO_MAIN[i];
      start = w.length - suf.length;
      if (start < p1 || !endsWith(w, suf)) continue;
      if (suf === "erte" || suf === "ert") {
        w.splice(start, suf.length, "e", "r");
      } else if (suf === "s") {
        var b = w[start - 1];
        if ((b !== undefined && NO_S_ENDING.indexOf(b) >= 0) ||
            (b === "k" && start >= 2 && !noV(w[start - 2]))) w.splice(start, 1);
      } else {
        w.splice(start, suf.length);
      }
      break;
    }
    n = w.length;
    if (n - 2 >= p1 && (endsWith(w, "dt") || endsWith(w, "vt"))) w.splice(n - 1, 1);
    for (i = 0; i < NO_OTHER.length; i++) {
      suf = NO_OTHER[i];
      start = w.length - suf.length;
      if (start >= p1 && endsWith(w, suf)) { w.splice(start, suf.length); break; }
    }
    return w.join("");
  }

  // Snowball English (Porter2), as github.com/blevesearch/snowballstem/english.
  var EN_EXC1 = { skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl",
    gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl", sky: "sky", news: "news",
    howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes" };
  var EN_EXC2 = ["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"];
  var EN_STEP2 = [["ational", "ate"], ["tional", "tion"], ["fulness", "ful"], ["ousness", "ous"], ["iveness", "ive"],
    ["ization", "ize"], ["biliti", "ble"], ["lessli", "less"], ["entli", "ent"], ["ation", "ate"], ["alism", "al"],
    ["aliti", "al"], ["ousli", "ous"], ["iviti", "ive"], ["fulli", "ful"], ["enci", "ence"], ["anci", "ance"],
    ["abli", "able"], ["izer", "ize"], ["ator", "ate"], ["alli", "al"], ["bli", "ble"], ["ogi", null], ["li", null]];
  var EN_STEP3 = [["ational", "ate"], ["tional", "tion"], ["alize", "al"], ["icate", "ic"], ["iciti", "ic"],
    ["ative", null], ["ical", "ic"], ["ness", ""], ["ful", ""]];
  var EN_STEP4 = ["ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate", "iti", "ous",
    "ive", "ize", "ion", "al", "er", "ic"];
  var EN_DOUBLES = ["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"];
  function enV(c) { return c !== undefined && "aeiouy".indexOf(c) >= 0; }
  function enWXY(c) { return enV(c) || c === "w" || c === "x" || c === "Y"; }
  function replaceEnd(w, n, s) { w.splice(w.length - n, n); for (var c of s) w.push(c); }
  // shortv: the letters before end are consonant-vowel-consonant (the last
  // not w, x or Y), or the word is just vowel-consonant.
  function enShortV(w, end) {
    return (end >= 3 && !enWXY(w[end - 1]) && enV(w[end - 2]) && !enV(w[end - 3])) ||
      (end === 2 && !enV(w[1]) && enV(w[0]));
  }
  function hasVowelBefore(w, end) { for (var i = end - 1; i >= 0; i--) if (enV(w[i])) return true; return false; }
  function longest(w, list) {
    for (var i = 0; i < list.length; i++) {
      var s = typeof list[i] === "string" ? list[i] : list[i][0];
      if (endsWith(w, s)) return list[i];
    }
    return null;
  }

  function stemEnglish(word) {
    if (Object.prototype.hasOwnProperty.call(EN_EXC1, word)) return EN_EXC1[word];
    var w = Array.from(word);
    if (w.length < 3) return word;
    var yFound = false, i, n, m, start;
    // prelude
    if (w[0] === "'") w.shift();
    if (w[0] === "y") { w[0] = "Y"; yFound = true; }
    for (i = 1; i < w.length; i++) if (w[i] === "y" && enV(w[i - 1])) { w[i] = "Y"; yFound = true; }
    // mark_regions
    n = w.length;
    var p1 = n, p2 = n, j = -1, s = w.join("");
    var gopast = function (from, pred) { for (var k = from; k < n; k++) if (pred(w[k])) return k + 1; return -1; };
    var notV = function (c) { return !enV(c); };
    if (s.indexOf("commun") === 0) j = 6;
    else if (s.indexOf("gener") === 0 || s.indexOf("arsen") === 0) j = 5;
    else { var a = gopast(0, enV); if (a >= 0) j = gopast(a, notV); }
    if (j >= 0) {
      p1 = j;
      var b2 = gopast(j, enV);
      if (b2 >= 0) { var c2 = gopast(b2, notV); if (c2 >= 0) p2 = c2; }
    }
    // Step_1a
    if (endsWith(w, "'s'")) w.splice(-3, 3);
    else if (endsWith(w, "'s")) w.splice(-2, 2);
    else if (endsWith(w, "'")) w.splice(-1, 1);
    m = longest(w, ["sses", "ied", "ies", "us", "ss", "s"]);
    if (m === "sses") replaceEnd(w, 4, "ss");
    else if (m === "ied" || m === "ies") replaceEnd(w, 3, w.length - 3 >= 2 ? "i" : "ie");
    else if (m === "s") { start = w.length - 1; if (start > 0 && hasVowelBefore(w, start - 1)) w.splice(start, 1); }
    if (EN_EXC2.indexOf(w.join("")) < 0) {
      // Step_1b
      m = longest(w, ["eedly", "ingly", "edly", "eed", "ing", "ed"]);
      if (m === "eed" || m === "eedly") {
        if (w.length - m.length >= p1) replaceEnd(w, m.length, "ee");
      } else if (m !== null && hasVowelBefore(w, w.length - m.length)) {
        w.splice(w.length - m.length, m.length);
        if (endsWith(w, "at") || endsWith(w, "bl") || endsWith(w, "iz")) w.push("e");
        else if (longest(w, EN_DOUBLES) !== null) w.pop();
        else if (w.length === p1 && enShortV(w, w.length)) w.push("e");
      }
      // Step_1c
      n = w.length;
      if (n >= 3 && (w[n - 1] === "y" || w[n - 1] === "Y") && !enV(w[n - 2])) w[n - 1] = "i";
      // Step_2
      m = longest(w, EN_STEP2);
      if (m !== null && w.length - m[0].length >= p1) {
        start = w.length - m[0].length;
        if (m[0] === "ogi") { if (w[start - 1] === "l") replaceEnd(w, 3, "og"); }
        else if (m[0] === "li") { if (w[start - 1] !== undefined && "cdeghkmnrt".indexOf(w[start - 1]) >= 0) w.splice(start, 2); }
        else replaceEnd(w, m[0].length, m[1]);
      }
      // Step_3
      m = longest(w, EN_STEP3);
      if (m !== null && w.length - m[0].length >= p1) {
        start = w.length - m[0].length;
        if (m[0] === "ative") { if (start >= p2) w.splice(start, 5); }
        else replaceEnd(w, m[0].length, m[1]);
      }
      // Step_4
      m = longest(w, EN_STEP4);
      if (m !== null && w.length - m.length >= p2) {
        start = w.length - m.length;
        if (m !== "ion" || w[start - 1] === "s" || w[start - 1] === "t") w.splice(start, m.length);
      }
      // Step_5
      n = w.length;
      if (w[n - 1] === "e") {
        if (n - 1 >= p2 || (n - 1 >= p1 && !enShortV(w, n - 1))) w.pop();
      } else if (w[n - 1] === "l") {
        if (n - 1 >= p2 && w[n - 2] === "l") w.pop();
      }
    }
    s = w.join("");
    return yFound ? s.replace(/Y/g, "y") : s;
  }

  // Analyzer is one language's analysis, configured from the manifest.
  function Analyzer(spec, scoring) {
    this.kind = spec.kind;
    this.nordic = spec.nordic;
    this.stop = new Set(spec.stop || []);
    this.rules = spec.rules || [];
    this.minLen = scoring.minTermLen;
    this.maxLen = scoring.maxTermLen;
  }
  Analyzer.prototype.normal = function (w) {
    var f = fold(w, this.nordic);
    if (f.length >= 2 && f.slice(-2) === "'s") f = f.slice(0, -2);
    if (this.stop.has(f)) return "";
    if (f.indexOf("'") >= 0) {
      f = f.replace(/'/g, "");
      if (this.stop.has(f)) return "";
    }
    var n = runeLen(f);
    if (n < this.minLen || n > this.maxLen) return "";
    return f;
  };
  Analyzer.prototype.stemWord = function (f) {
    if (this.rules.length) {
      var best = -1, fl = runeLen(f);
      for (var i = 0; i < this.rules.length; i++) {
        var r = this.rules[i][0];
        if (f.length >= r.length && f.slice(-r.length) === r && fl - runeLen(r) >= 3 &&
            (best < 0 || r.length > this.rules[best][0].length)) best = i;
      }
      if (best >= 0) f = f.slice(0, f.length - this.rules[best][0].length) + this.rules[best][1];
    }
    if (this.kind === "nb" || this.kind === "nn") return stemNorwegian(f);
    if (this.kind === "en") return stemEnglish(f);
    return f;
  };
  Analyzer.prototype.add = function (out, w, start, end) {
    var f = this.normal(w);
    if (!f) return;
    var s = this.stemWord(f);
    if (s) out.push({ surface: f, stem: s, start: start, end: end });
  };
  // analyze returns the terms of text; see analyzer.go for query mode.
  Analyzer.prototype.analyze = function (text, query) {
    var words = tokenize(text), out = [];
    for (var i = 0; i < words.length;) {
      var j = i + 1;
      while (j < words.length && words[j].group === words[i].group) j++;
      if (j - i > 1) {
        var joined = "";
        for (var k = i; k < j; k++) {
          if (!query) this.add(out, text.slice(words[k].start, words[k].end), words[k].start, words[k].end);
          joined += text.slice(words[k].start, words[k].end);
        }
        this.add(out, joined, words[i].start, words[j - 1].end);
      } else {
        this.add(out, text.slice(words[i].start, words[i].end), words[i].start, words[i].end);
      }
      i = j;
    }
    return out;
  };

  // queryWords is analyzer.queryWords (vocab.go): each word once, its
  // joined form for a hyphenated word, with the stems of its parts.
  Analyzer.prototype.queryWords = function (text) {
    var words = tokenize(text), out = [];
    for (var i = 0; i < words.length;) {
      var j = i + 1;
      while (j < words.length && words[j].group === words[i].group) j++;
      var joined = "", parts = [];
      for (var k = i; k < j; k++) {
        var s = text.slice(words[k].start, words[k].end);
        joined += s;
        if (j - i > 1) this.add(parts, s, words[k].start, words[k].end);
      }
      var ts = [];
      this.add(ts, joined, words[i].start, words[j - 1].end);
      if (ts.length === 1) {
        var q = ts[0];
        q.parts = [];
        parts.forEach(function (p) { if (q.parts.indexOf(p.stem) < 0) q.parts.push(p.stem); });
        out.push(q);
      }
      i = j;
    }
    return out;
  };

  // withinOneEdit: at most one insertion, deletion or substitution, or two
  // neighbouring letters swapped (vocab.go).
  function withinOneEdit(a, b) {
    a = Array.from(a); b = Array.from(b);
    if (a.length > b.length) { var t = a; a = b; b = t; }
    if (b.length - a.length > 1) return false;
    var i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      if (i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i]) i++;
      for (i++; i < a.length; i++) if (a[i] !== b[i]) return false;
      return true;
    }
    for (; i < a.length; i++) if (a[i] !== b[i + 1]) return false;
    return true;
  }

  // ---------------------------------------------------------------------
  // Shard decoding (static.go).

  var utf8 = typeof TextDecoder !== "undefined" ? new TextDecoder("utf-8") : null;

  function Reader(buf) { this.b = new Uint8Array(buf); this.dv = new DataView(this.b.buffer, this.b.byteOffset, this.b.byteLength); this.i = 0; }
  Reader.prototype.uvarint = function () {
    var v = 0, mul = 1, c;
    do { c = this.b[this.i++]; v += (c & 0x7f) * mul; mul *= 128; } while (c & 0x80);
    return v;
  };
  Reader.prototype.float32 = function () { var f = this.dv.getFloat32(this.i, true); this.i += 4; return f; };
  // term reads a front-coded term; prev is the previous term's bytes.
  Reader.prototype.term = function (prev) {
    var p = this.uvarint(), n = this.uvarint();
    var bytes = new Uint8Array(p + n);
    bytes.set(prev.subarray(0, p));
    bytes.set(this.b.subarray(this.i, this.i + n), p);
    this.i += n;
    return bytes;
  };
  Reader.prototype.header = function () {
    var v = this.b[this.i++];
    if (v !== 2) throw new Error("search index: unknown shard version " + v);
    return this.uvarint();
  };

  function decodePostings(buf, ratio) {
    var r = new Reader(buf), n = r.header(), prev = new Uint8Array(0), map = new Map();
    var list = function () {
      var count = r.uvarint();
      if (!count) return null;
      var max = r.float32(), docs = new Uint32Array(count), ws = new Float64Array(count), doc = 0;
      for (var k = 0; k < count; k++) {
        doc += r.uvarint();
        docs[k] = doc;
        ws[k] = max * Math.pow(ratio, r.b[r.i++] - 255);
      }
      return { docs: docs, w: ws };
    };
    for (var i = 0; i < n; i++) {
      prev = r.term(prev);
      var t = utf8.decode(prev);
      var e = list(), p = list(), pieces = [], np = r.uvarint();
      for (var k = 0; k < np; k++) {
        var len = r.uvarint();
        pieces.push(utf8.decode(r.b.subarray(r.i, r.i + len)));
        r.i += len;
      }
      map.set(t, { e: e, p: p, pieces: pieces });
    }
    return map;
  }

  function decodeDict(buf) {
    var r = new Reader(buf), n = r.header(), prev = new Uint8Array(0), out = [];
    for (var i = 0; i < n; i++) {
      prev = r.term(prev);
      out.push({ k: utf8.decode(prev), c: r.uvarint() });
    }
    return out;
  }

  function decodeAttrs(buf) {
    var r = new Reader(buf), n = r.uvarint(), type = new Int32Array(n), aud = new Array(n);
    for (var i = 0; i < n; i++) {
      type[i] = r.uvarint() - 1;
      var m = r.uvarint(), a = [];
      for (var k = 0; k < m; k++) a.push(r.uvarint());
      aud[i] = a;
    }
    return { type: type, aud: aud };
  }

  // shardFor returns the index of the last shard whose first key is <= key.
  function shardFor(firsts, key) {
    var lo = 0, hi = firsts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (firsts[mid] <= key) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  // ---------------------------------------------------------------------
  // The engine.

  // Engine searches the static index at base through load(path, bust):
  // a function returning a promise of an ArrayBuffer (binary files) or of
  // text (JSON files). Shards are fetched once and kept.
  function Engine(load) {
    this.load = load;
    this.cache = new Map();
    this.info = null;
    this.langs = new Map();
  }
  Engine.prototype.get = function (path, kind) {
    var v = this.info ? this.info.v : "";
    var key = path;
    if (!this.cache.has(key)) {
      var p = this.load(path, v, kind).then(function (data) {
        return kind === "json" ? JSON.parse(typeof data === "string" ? data : utf8.decode(new Uint8Array(data))) : data;
      });
      this.cache.set(key, p);
      // A failed fetch may succeed later: forget it.
      var self = this;
      p.catch(function () { self.cache.delete(key); });
    }
    return this.cache.get(key);
  };
  // index loads index.json: {v, langs: [{lang, docs}]}.
  Engine.prototype.index = function () {
    var self = this;
    if (this.info) return Promise.resolve(this.info);
    if (!this.infoP) {
      this.infoP = this.load("index.json", "", "json").then(function (data) {
        self.info = JSON.parse(typeof data === "string" ? data : utf8.decode(new Uint8Array(data)));
        return self.info;
      });
      this.infoP.catch(function () { self.infoP = null; });
    }
    return this.infoP;
  };
  // lang returns the LangIndex of one language, loading its manifest.
  Engine.prototype.lang = function (lang) {
    var self = this;
    if (!this.langs.has(lang)) {
      var p = this.index().then(function (info) {
        if (!info.langs.some(function (l) { return l.lang === lang; })) return null;
        return self.get(lang + "/meta.json", "json").then(function (m) { return new LangIndex(self, m); });
      });
      this.langs.set(lang, p);
      p.catch(function () { self.langs.delete(lang); });
    }
    return this.langs.get(lang);
  };

  function LangIndex(engine, m) {
    this.engine = engine;
    this.m = m;
    this.sc = m.scoring;
    this.an = new Analyzer(m.analysis, m.scoring);
    // prior: page → the weight of its score (Document.Prior, static.go's
    // priors); a page not listed weighs 1.
    var prior = this.prior = new Map();
    (m.priors || []).forEach(function (p) { p.d.forEach(function (d) { prior.set(d, p.w); }); });
  }
  LangIndex.prototype.postings = function (term) {
    var i = shardFor(this.m.p, term), ratio = this.sc.weightRatio;
    var self = this;
    return this.engine.get(this.m.lang + "/p/" + i + ".bin", "bin").then(function (buf) {
      var key = "dec:" + self.m.lang + "/p/" + i;
      if (!self.engine.cache.has(key)) self.engine.cache.set(key, decodePostings(buf, ratio));
      return self.engine.cache.get(key).get(term) || null;
    });
  };
  // range returns the entries of dictionary kind ("t" or "r") whose key
  // starts with prefix.
  LangIndex.prototype.range = function (kind, prefix) {
    var firsts = this.m[kind], self = this, from = shardFor(firsts, prefix), to = from;
    while (to + 1 < firsts.length && firsts[to + 1].slice(0, prefix.length) <= prefix) to++;
    var loads = [];
    for (var i = from; i <= to; i++) loads.push(this.dict(kind, i));
    return Promise.all(loads).then(function (shards) {
      var out = [];
      shards.forEach(function (s) { s.forEach(function (e) { if (e.k.slice(0, prefix.length) === prefix) out.push(e); }); });
      return out;
    });
  };
  LangIndex.prototype.dict = function (kind, i) {
    var self = this, key = "dec:" + this.m.lang + "/" + kind + "/" + i;
    return this.engine.get(this.m.lang + "/" + kind + "/" + i + ".bin", "bin").then(function (buf) {
      if (!self.engine.cache.has(key)) self.engine.cache.set(key, decodeDict(buf));
      return self.engine.cache.get(key);
    });
  };
  LangIndex.prototype.attrs = function () {
    var self = this, key = "dec:" + this.m.lang + "/a";
    return this.engine.get(this.m.lang + "/a.bin", "bin").then(function (buf) {
      if (!self.engine.cache.has(key)) self.engine.cache.set(key, decodeAttrs(buf));
      return self.engine.cache.get(key);
    });
  };
  LangIndex.prototype.docs = function (nums) {
    var per = this.m.s, self = this, shards = {};
    nums.forEach(function (n) { shards[Math.floor(n / per)] = true; });
    var ids = Object.keys(shards).map(Number);
    return Promise.all(ids.map(function (i) { return self.engine.get(self.m.lang + "/s/" + i + ".json", "json"); }))
      .then(function (loaded) {
        var byShard = {};
        ids.forEach(function (id, k) { byShard[id] = loaded[k]; });
        return nums.map(function (n) {
          var row = byShard[Math.floor(n / per)][n % per];
          return { id: row[0], url: row[1], title: row[2], type: row[3], audience: row[4], description: row[5] };
        });
      });
  };

  // top orders candidate entries by document count, then term; keeps n.
  function top(entries, n) {
    entries.sort(function (a, b) { return b.c - a.c || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0); });
    return entries.slice(0, n);
  }

  // addAlt is vocab.go's addAlt: an alternative is added unless one with
  // the same terms is there already.
  function addAlt(alts, a) {
    var k = a.terms.join(" ");
    for (var i = 0; i < alts.length; i++) if (alts[i].terms.join(" ") === k) return;
    alts.push(a);
  }

  // thes returns a Map of the thesaurus entries whose key is stem or
  // starts with stem and a space (phrases), with their expansions.
  LangIndex.prototype.thes = function (stem) {
    var firsts = this.m.y || [], self = this, out = new Map();
    if (!firsts.length) return Promise.resolve(out);
    var from = shardFor(firsts, stem), to = from;
    while (to + 1 < firsts.length && firsts[to + 1].slice(0, stem.length + 1) === stem + " ") to++;
    var loads = [];
    for (var i = from; i <= to; i++) loads.push(this.engine.get(self.m.lang + "/y/" + i + ".json", "json"));
    return Promise.all(loads).then(function (shards) {
      shards.forEach(function (rows) {
        rows.forEach(function (row) {
          if (row[0] === stem || row[0].slice(0, stem.length + 1) === stem + " ") out.set(row[0], row[1]);
        });
      });
      return out;
    });
  };

  // between returns the Set of dictionary terms from lo to hi (inclusive).
  LangIndex.prototype.between = function (lo, hi) {
    var firsts = this.m.t, from = shardFor(firsts, lo), to = shardFor(firsts, hi), loads = [];
    for (var i = from; i <= to; i++) loads.push(this.dict("t", i));
    return Promise.all(loads).then(function (shards) {
      var out = new Set();
      shards.forEach(function (s) { s.forEach(function (e) { if (e.k >= lo && e.k <= hi) out.add(e.k); }); });
      return out;
    });
  };

  // plan is vocab.plan: the query's words and synonym phrases as clauses,
  // each a list of alternatives {terms, boost} (score.go).
  LangIndex.prototype.plan = function (text) {
    var sc = this.sc, self = this;
    var chars = Array.from(text);
    if (chars.length > sc.maxRunes) text = chars.slice(0, sc.maxRunes).join("");
    var words = [], seen = new Set();
    this.an.queryWords(text).forEach(function (w) {
      if (!seen.has(w.stem) && words.length < sc.maxTerms) { seen.add(w.stem); words.push(w); }
    });
    var thesKeys = [], stems = [];
    words.forEach(function (w) {
      thesKeys.push(w.stem);
      if (w.parts.length === 1 && w.parts[0] !== w.stem) thesKeys.push(w.parts[0]);
      [w.stem].concat(w.parts).forEach(function (s) { if (stems.indexOf(s) < 0) stems.push(s); });
    });
    return Promise.all([
      Promise.all(thesKeys.map(function (k) { return self.thes(k); })),
      Promise.all(stems.map(function (s) { return self.postings(s); }))
    ]).then(function (r) {
      var thes = new Map(), known = new Set();
      r[0].forEach(function (m) { m.forEach(function (v, k) { thes.set(k, v); }); });
      stems.forEach(function (s, i) { if (r[1][i]) known.add(s); });
      var jobs = [];
      for (var i = 0; i < words.length;) {
        var n = 0, exps = null;
        for (var L = Math.min(sc.maxPhrase, words.length - i); L >= 2 && !exps; L--) {
          var key = words.slice(i, i + L).map(function (w) { return w.stem; }).join(" ");
          if (thes.has(key)) { n = L; exps = thes.get(key); }
        }
        if (exps) {
          var span = words.slice(i, i + n), ps = span.map(function (w) { return w.stem; });
          var c = { surface: span.map(function (w) { return w.surface; }).join(" "), alts: [] };
          if (ps.every(function (s) { return known.has(s); })) c.alts.push({ terms: ps, boost: 1 });
          exps.forEach(function (e) { addAlt(c.alts, { terms: e, boost: sc.thesaurus }); });
          jobs.push(Promise.resolve(c));
          i += n;
          continue;
        }
        jobs.push(self.wordClause(words[i], i === words.length - 1, thes, known));
        i++;
      }
      return Promise.all(jobs);
    }).then(function (clauses) { return clauses.filter(function (c) { return c.alts.length; }); });
  };

  // wordClause is vocab.wordClause: a word's own stem (with the pieces of
  // the compound it is) or its typo, compound-head, completion and split
  // candidates; its hyphen parts; its thesaurus expansions.
  LangIndex.prototype.wordClause = function (w, last, thes, known) {
    var sc = this.sc, self = this, keys = [w.stem];
    if (w.parts.length === 1 && w.parts[0] !== w.stem) keys.push(w.parts[0]);
    var inThes = keys.some(function (k) { return (thes.get(k) || []).length > 0; });
    var head, pieces = null; // an unknown compound's pieces [{term, known}], for addPieceAlone
    if (known.has(w.stem)) {
      head = this.postings(w.stem).then(function (p) {
        var alts = [{ terms: [w.stem], boost: 1 }];
        // The pieces apart only when the compound is rare (vocab.go): the
        // documents holding it in any field are the union of its lists.
        if (p.pieces.length >= 2) {
          var docs = new Set();
          [p.e, p.p].forEach(function (l) { if (l) for (var k = 0; k < l.docs.length; k++) docs.add(l.docs[k]); });
          if (docs.size < sc.graceMin) addAlt(alts, { terms: p.pieces, boost: sc.compound });
        }
        return alts;
      });
    } else {
      head = this.expand(w, last, inThes).then(function (alts) {
        // A word being typed (alts.typed: it has completions) is not
        // split (vocab.wordClause).
        var split = alts.typed ? Promise.resolve(null) : self.splitQuery(w.surface).then(function (ps) {
          if (ps && ps.length >= 2) return ps.map(function (p) { return { term: p, known: true }; });
          return self.splitShortPrefix(w.surface);
        });
        return split.then(function (ps) {
          if (!ps) {
            if (alts.length || w.parts.length || inThes) return alts;
            return self.addKnownPrefix(alts, w.surface);
          }
          pieces = ps;
          return self.addPieces(alts, ps);
        });
      });
    }
    return head.then(function (alts) {
      if (w.parts.length === 1 && w.parts[0] !== w.stem && known.has(w.parts[0])) {
        addAlt(alts, { terms: w.parts.slice(), boost: sc.compound });
        return alts;
      } else if (w.parts.length >= 2) {
        pieces = w.parts.map(function (p) { return { term: p, known: known.has(p) }; });
        return self.addPieces(alts, pieces);
      }
      return alts;
    }).then(function (alts) {
      keys.forEach(function (k) {
        (thes.get(k) || []).forEach(function (e) { addAlt(alts, { terms: e, boost: sc.thesaurus }); });
      });
      if (!pieces || pieces.length < 2 || known.has(w.stem)) return { surface: w.surface, alts: alts };
      return self.addPieceAlone(alts, pieces).then(function (alts) { return { surface: w.surface, alts: alts }; });
    });
  };

  // addPieces is vocab.addPieces: the pieces [{term, known}] of a query
  // compound together when each is a term, and with one piece replaced by
  // one of its thesaurus expansions (which are terms by construction),
  // at most sc.maxPieceSyn of those.
  LangIndex.prototype.addPieces = function (alts, pieces) {
    var sc = this.sc, self = this, ps = pieces.map(function (p) { return p.term; });
    return Promise.all(ps.map(function (p) { return self.thes(p); })).then(function (maps) {
      if (pieces.every(function (p) { return p.known; })) addAlt(alts, { terms: ps.slice(), boost: sc.compound });
      var n = 0;
      for (var j = 0; j < ps.length; j++) {
        var exps = maps[j].get(ps[j]) || [];
        for (var x = 0; x < exps.length; x++) {
          if (n >= sc.maxPieceSyn) return alts;
          var terms = [], ok = true;
          for (var k = 0; k < ps.length; k++) {
            if (k !== j) {
              if (terms.indexOf(ps[k]) < 0) terms.push(ps[k]);
              if (!pieces[k].known) ok = false;
              continue;
            }
            exps[x].forEach(function (t) { if (terms.indexOf(t) < 0) terms.push(t); });
          }
          if (terms.length >= 2 && ok) {
            addAlt(alts, { terms: terms, boost: sc.compound * sc.thesaurus });
            n++;
          }
        }
      }
      return alts;
    });
  };

  // addPieceAlone is vocab.addPieceAlone (compound.go): each known piece
  // of a compound [{term, known}] alone, last, with sc.piece, when the
  // pieces together are likely on fewer than graceMin pages, estimated
  // as N·Π(CDF/N) from the pages each piece is on, as Go counts them.
  LangIndex.prototype.addPieceAlone = function (alts, pieces) {
    var sc = this.sc, n = this.m.docs, self = this;
    return Promise.all(pieces.map(function (p) { return p.known ? self.postings(p.term) : null; })).then(function (lists) {
      var est = n;
      for (var i = 0; i < pieces.length; i++) {
        if (!lists[i]) { est = 0; break; }
        var docs = new Set();
        [lists[i].e, lists[i].p].forEach(function (l) { if (l) for (var k = 0; k < l.docs.length; k++) docs.add(l.docs[k]); });
        est *= docs.size / n;
      }
      if (est >= sc.graceMin) return alts;
      pieces.forEach(function (p) { if (p.known) addAlt(alts, { terms: [p.term], boost: sc.piece }); });
      return alts;
    });
  };

  // addKnownPrefix is vocab.addKnownPrefix (compound.go): an unknown word
  // that finds nothing else takes its longest known beginning of
  // knownPrefixMin+ letters, alone with sc.piece; the candidates lie in
  // the dictionary range splitQuery loaded for the word's start.
  LangIndex.prototype.addKnownPrefix = function (alts, w) {
    var r = Array.from(w), edge = this.sc.edgeMin, least = this.sc.knownPrefixMin, an = this.an, sc = this.sc;
    if (r.length - edge < least) return Promise.resolve(alts);
    return this.between(r.slice(0, edge).join(""), w).then(function (keys) {
      for (var k = r.length - edge; k >= least; k--) {
        var t = queryPiece(an, keys, r.slice(0, k).join(""), edge);
        if (t !== null) { addAlt(alts, { terms: [t], boost: sc.piece }); break; }
      }
      return alts;
    });
  };

  // splitShortPrefix is vocab.splitShortPrefix: an unknown word that
  // begins with a short thesaurus entry (KI, IT, USB) and goes on with a
  // term or a compound of terms; resolves to [{term, known}] or null.
  LangIndex.prototype.splitShortPrefix = function (w) {
    var r = Array.from(w), min = this.sc.partMin, minLen = this.sc.minTermLen, self = this;
    var k = Math.min(min - 1, r.length - min);
    function next() {
      if (k < minLen) return Promise.resolve(null);
      var pre = r.slice(0, k).join(""), rest = r.slice(k).join("");
      k--;
      return self.thes(pre).then(function (m) {
        if (!(m.get(pre) || []).length) return next();
        var st = self.an.stemWord(rest);
        return Promise.all([self.postings(pre), self.postings(st)]).then(function (pl) {
          var head = { term: pre, known: !!pl[0] };
          if (pl[1]) return [head, { term: st, known: true }];
          return self.splitQuery(rest).then(function (ps) {
            if (!ps || ps.length < 2) return next();
            return [head].concat(ps.map(function (p) { return { term: p, known: true }; }));
          });
        });
      });
    }
    return next();
  };

  // expand is the unknown-word part of vocab.wordClause: completions of the
  // last word first; a word with completions, or in the thesaurus, gets no
  // typo candidates.
  LangIndex.prototype.expand = function (w, last, inThes) {
    var sc = this.sc, self = this, fl = runeLen(w.surface);
    var completions = last && fl >= sc.prefixMinLen ?
      this.range("t", w.surface).then(function (es) { return top(es, sc.maxPrefix); }) : Promise.resolve([]);
    return completions.then(function (pre) {
      return self.expandWith(w, pre, inThes).then(function (alts) { alts.typed = pre.length > 0; return alts; });
    });
  };
  LangIndex.prototype.expandWith = function (w, completions, inThes) {
    var sc = this.sc, stem = w.stem, sl = runeLen(stem), fl = runeLen(w.surface);
    var jobs = [];
    if (!inThes && !completions.length && fl >= sc.fuzzyMinLen && sl >= sc.fuzzyMinLen - 1) {
      // vocab.fuzzy: a prefix scan, a suffix scan, and the swap of the two
      // letters either side of the cut, which neither scan can see.
      var r = Array.from(stem), a = Math.ceil(r.length / 2), swapped = "";
      if (a >= 1 && a < r.length && r[a - 1] !== r[a]) {
        var sw = r.slice();
        sw[a - 1] = r[a]; sw[a] = r[a - 1];
        swapped = sw.join("");
      }
      jobs.push(Promise.all([
        this.range("t", r.slice(0, a).join("")),
        this.range("r", reverse(r.slice(a).join(""))).then(function (es) {
          return es.map(function (e) { return { k: reverse(e.k), c: e.c }; });
        }),
        swapped ? this.range("t", swapped) : Promise.resolve([])
      ]).then(function (lists) {
        var seen = new Set(), out = [];
        lists[0].concat(lists[1]).forEach(function (e) {
          if (e.k !== stem && !seen.has(e.k) && withinOneEdit(stem, e.k)) { seen.add(e.k); out.push(e); }
        });
        lists[2].forEach(function (e) {
          if (e.k === swapped && !seen.has(e.k)) { seen.add(e.k); out.push(e); }
        });
        return top(out, sc.maxFuzzy);
      }));
    } else jobs.push(Promise.resolve([]));
    if (sl >= sc.suffixMinLen) {
      jobs.push(this.range("r", reverse(stem)).then(function (es) {
        return top(es.filter(function (e) { return e.k !== reverse(stem); })
          .map(function (e) { return { k: reverse(e.k), c: e.c }; }), sc.maxSuffix);
      }));
    } else jobs.push(Promise.resolve([]));
    jobs.push(Promise.resolve(completions));
    return Promise.all(jobs).then(function (res) {
      var have = new Set(), alts = [];
      [[res[0], sc.fuzzy], [res[1], sc.suffix], [res[2], sc.prefix]].forEach(function (kind) {
        kind[0].forEach(function (e) {
          if (!have.has(e.k)) { have.add(e.k); alts.push({ terms: [e.k], boost: kind[1] }); }
        });
      });
      return alts;
    });
  };

  // splitQuery is vocab.splitQuery (compound.go): an unknown word split
  // into the dictionary terms it is a compound of. The terms a split from
  // position i can use (vocab.queryPiece) lie between w[i:i+edgeMin] and
  // w[i:], so only the dictionary shards of that range are loaded, for the
  // positions a split reaches.
  var LINKERS = ["", "s", "e"];
  var DERIV = ["ing", "else"]; // compound.go's derivSuffixes
  // queryPiece is vocab.queryPiece: the term a piece s stands for among
  // the dictionary terms keys (a Set): its stem, s, or a verbal noun's
  // verb; null when none.
  function queryPiece(an, keys, s, edge) {
    var st = an.stemWord(s);
    if (runeLen(st) >= edge && s.slice(0, st.length) === st && keys.has(st)) return st;
    if (keys.has(s)) return s;
    for (var d = 0; d < DERIV.length; d++) {
      var suf = DERIV[d];
      if (s.length < suf.length || s.slice(s.length - suf.length) !== suf) continue;
      var base = s.slice(0, s.length - suf.length);
      var cands = [base, base.slice(-1) === "n" ? base.slice(0, -1) : base];
      for (var c = 0; c < cands.length; c++) {
        if (runeLen(cands[c]) >= edge && keys.has(cands[c])) return cands[c];
      }
    }
    return null;
  }
  LangIndex.prototype.splitQuery = function (w) {
    var r = Array.from(w), n = r.length, min = this.sc.partMin, edge = this.sc.edgeMin, an = this.an, self = this;
    if (n < 2 * edge) return Promise.resolve(null);
    var reach = new Array(n + 1);
    reach[0] = { parts: 0, links: 0, from: 0, term: "" };
    var better = function (a, b) { return !b || a.parts < b.parts || (a.parts === b.parts && a.links < b.links); };
    var best = null, bestAt = -1, bestTerm = "";
    function step(i) {
      while (i < n && !reach[i]) i++;
      if (i >= n) return Promise.resolve();
      var hi = r.slice(i).join("");
      return self.between(r.slice(i, i + edge).join(""), hi).then(function (keys) {
        var piece = function (s) { return queryPiece(an, keys, s, edge); };
        if (i >= edge && n - i >= edge) {
          var t = piece(hi);
          if (t !== null) {
            var cand = { parts: reach[i].parts + 1, links: reach[i].links };
            if (bestAt < 0 || better(cand, best)) { bestAt = i; best = cand; bestTerm = t; }
          }
        }
        for (var k = i + (i === 0 ? edge : min); k <= n - edge; k++) {
          var pt = piece(r.slice(i, k).join(""));
          if (pt === null) continue;
          for (var li = 0; li < LINKERS.length; li++) {
            var l = LINKERS[li], next = k + l.length;
            if (next > n - edge || r.slice(k, next).join("") !== l) continue;
            var c = { parts: reach[i].parts + 1, links: reach[i].links + l.length, from: i, term: pt };
            if (better(c, reach[next])) reach[next] = c;
          }
        }
        return step(i + 1);
      });
    }
    return step(0).then(function () {
      if (bestAt < 0) return null;
      var out = [bestTerm];
      for (var p = bestAt; p > 0; p = reach[p].from) out.push(reach[p].term);
      out.reverse();
      var uniq = [];
      out.forEach(function (t) { if (uniq.indexOf(t) < 0) uniq.push(t); });
      return uniq;
    });
  };

  // termWeights returns W(t) of score.go per document: boost · (E + P) ·
  // (lists matched)/2.
  function termWeights(pl, boost) {
    var w = new Map();
    if (!pl) return w;
    [pl.e, pl.p].forEach(function (l) {
      if (!l) return;
      for (var k = 0; k < l.docs.length; k++) {
        var d = l.docs[k], cur = w.get(d);
        if (cur) { cur[0] += l.w[k]; cur[1]++; } else w.set(d, [l.w[k], 1]);
      }
    });
    var out = new Map();
    w.forEach(function (v, d) { out.set(d, boost * v[0] * v[1] / 2); });
    return out;
  }

  // score scores every matching document as score.go describes and returns
  // {scores: Map doc → score, matched: Map doc → clauses matched}.
  LangIndex.prototype.score = function (clauses) {
    var self = this, terms = [];
    clauses.forEach(function (c) {
      c.alts.forEach(function (a) { a.terms.forEach(function (t) { if (terms.indexOf(t) < 0) terms.push(t); }); });
    });
    return Promise.all(terms.map(function (t) { return self.postings(t); })).then(function (lists) {
      var byTerm = new Map();
      terms.forEach(function (t, i) { byTerm.set(t, lists[i]); });
      var total = new Map(), matched = new Map();
      clauses.forEach(function (c) {
        var clauseScore = new Map(), altsMatched = new Map();
        c.alts.forEach(function (a) {
          // An alternative matches the documents that have all its terms;
          // its score is the sum of theirs (a conjunction).
          var acc = null;
          a.terms.forEach(function (t) {
            var w = termWeights(byTerm.get(t), a.boost);
            if (acc === null) { acc = w; return; }
            var next = new Map();
            acc.forEach(function (s, d) { var x = w.get(d); if (x !== undefined) next.set(d, s + x); });
            acc = next;
          });
          acc.forEach(function (s, d) {
            clauseScore.set(d, (clauseScore.get(d) || 0) + s);
            altsMatched.set(d, (altsMatched.get(d) || 0) + 1);
          });
        });
        var na = c.alts.length;
        clauseScore.forEach(function (s, d) {
          var cs = na > 1 ? s * altsMatched.get(d) / na : s;
          total.set(d, (total.get(d) || 0) + cs);
          matched.set(d, (matched.get(d) || 0) + 1);
        });
      });
      var n = clauses.length;
      // The page's prior last, as collect.go applies it.
      total.forEach(function (s, d) { total.set(d, s * matched.get(d) / n * (self.prior.get(d) || 1)); });
      return { scores: total, matched: matched };
    });
  };

  // minMatch is score.go's minMatch; FULL_TIER is collect.go's fullTier.
  function minMatch(n) { return n <= 2 ? n : n - 1; }
  var FULL_TIER = 256;

  // search runs q = {text, type, audience, limit, facets} on this language
  // and returns {hits: [{doc, score, tier, lang}], total, facets, clauses}:
  // the pages matching minMatch clauses or, when fewer than graceMin of
  // them pass the filters, every page matching one, by tier then score.
  LangIndex.prototype.search = function (q) {
    var self = this;
    return this.plan(q.text).then(function (clauses) {
      if (!clauses.length) return { hits: [], total: 0, facets: { type: {}, audience: {} }, clauses: clauses };
      var needAttrs = q.type || q.audience || q.facets;
      return Promise.all([self.score(clauses), needAttrs ? self.attrs() : null]).then(function (r) {
        var sc = r[0], attrs = r[1], m = self.m;
        var typeIdx = q.type ? m.types.indexOf(q.type) : -1, audIdx = q.audience ? m.audiences.indexOf(q.audience) : -1;
        var okType = function (d) { return !q.type || (typeIdx >= 0 && attrs.type[d] === typeIdx); };
        var okAud = function (d) { return !q.audience || (audIdx >= 0 && attrs.aud[d].indexOf(audIdx) >= 0); };
        var select = function (min, ft, fa) {
          var out = [];
          sc.matched.forEach(function (k, d) { if (k >= min && (!ft || okType(d)) && (!fa || okAud(d))) out.push(d); });
          return out;
        };
        var need = minMatch(clauses.length);
        var floor = select(need, true, true).length < self.sc.graceMin ? 1 : need;
        var docs = select(floor, true, true);
        var facets = { type: {}, audience: {} };
        if (q.facets) {
          select(floor, false, true).forEach(function (d) {
            if (attrs.type[d] >= 0) { var t = m.types[attrs.type[d]]; facets.type[t] = (facets.type[t] || 0) + 1; }
          });
          select(floor, true, false).forEach(function (d) {
            attrs.aud[d].forEach(function (a) { var n = m.audiences[a]; facets.audience[n] = (facets.audience[n] || 0) + 1; });
          });
        }
        var hits = docs.map(function (d) {
          var k = sc.matched.get(d);
          return { doc: d, score: sc.scores.get(d), tier: k >= need ? FULL_TIER : k, lang: m.lang };
        });
        hits.sort(function (a, b) { return b.tier - a.tier || b.score - a.score || a.doc - b.doc; });
        return { hits: hits, total: docs.length, facets: facets, clauses: clauses };
      });
    });
  };

  // Engine.search runs q = {text, lang ("" for all), type, audience, limit,
  // facets} and resolves to {hits: [{id, url, title, type, lang, audience,
  // snippet: [{text, mark}], score}], total, facets, tookMs}.
  Engine.prototype.search = function (q) {
    var self = this, t0 = now();
    return this.index().then(function (info) {
      var langs = q.lang ? [q.lang] : info.langs.map(function (l) { return l.lang; });
      return Promise.all(langs.map(function (l) { return self.lang(l); }));
    }).then(function (lis) {
      lis = lis.filter(Boolean);
      return Promise.all(lis.map(function (li) { return li.search(q); })).then(function (rs) {
        var all = [], total = 0, facets = { type: {}, audience: {} };
        rs.forEach(function (r, i) {
          total += r.total;
          r.hits.forEach(function (h) { h.li = lis[i]; h.clauses = r.clauses; all.push(h); });
          ["type", "audience"].forEach(function (f) {
            Object.keys(r.facets[f]).forEach(function (k) { facets[f][k] = (facets[f][k] || 0) + r.facets[f][k]; });
          });
        });
        all.sort(function (a, b) {
          return b.tier - a.tier || b.score - a.score || (a.lang < b.lang ? -1 : a.lang > b.lang ? 1 : a.doc - b.doc);
        });
        var limit = Math.min(Math.max(q.limit || 10, 1), 100);
        all = all.slice(0, limit);
        return Promise.all(lis.map(function (li) {
          return li.docs(all.filter(function (h) { return h.li === li; }).map(function (h) { return h.doc; }));
        })).then(function (docsPerLang) {
          var byLang = new Map();
          lis.forEach(function (li, i) {
            var mine = all.filter(function (h) { return h.li === li; });
            mine.forEach(function (h, k) { byLang.set(h, docsPerLang[i][k]); });
          });
          var hits = all.map(function (h) {
            var d = byLang.get(h), match = matchSet(h.clauses);
            var hit = { id: d.id, url: d.url, title: d.title, type: d.type, lang: h.lang, audience: d.audience,
              snippet: highlight(h.li.an, d.description || "", match), score: h.score };
            // For Engine.passage; not part of the result's data.
            Object.defineProperty(hit, "src", { value: { li: h.li, doc: h.doc, match: match } });
            return hit;
          });
          return { hits: hits, total: total, facets: facets, tookMs: now() - t0 };
        });
      });
    });
  };

  // Engine.passage resolves to a better snippet for a hit of search():
  // when its description shows none of the matched words, the passage of
  // the page's body (passages.go) with the most distinct matched words,
  // highlighted, with "… " around it; null when the description has a
  // match or no passage does. It fetches one small passage shard, so the
  // search page asks for it after showing a result, and the first query
  // costs no more for it.
  Engine.prototype.passage = function (hit) {
    var src = hit && hit.src;
    if (!src || !src.li.m.x || hit.snippet.some(function (s) { return s.mark; })) return Promise.resolve(null);
    var li = src.li, per = li.m.x;
    return this.get(li.m.lang + "/x/" + Math.floor(src.doc / per) + ".json", "json").then(function (rows) {
      var best = null, bestN = 0;
      (rows[src.doc % per] || []).forEach(function (text) {
        var segs = highlight(li.an, text, src.match), distinct = new Set();
        segs.forEach(function (sg) { if (sg.mark) distinct.add(sg.text.toLowerCase()); });
        if (distinct.size > bestN) { best = segs; bestN = distinct.size; }
      });
      if (!best) return null;
      return [{ text: "… ", mark: false }].concat(best, [{ text: " …", mark: false }]);
    });
  };

  function now() { return typeof performance !== "undefined" ? performance.now() : Date.now(); }

  function matchSet(clauses) {
    var s = new Set();
    clauses.forEach(function (c) { c.alts.forEach(function (a) { a.terms.forEach(function (t) { s.add(t); }); }); });
    return s;
  }

  // highlight splits text into [{text, mark}] segments, marking the words
  // the query matched (snippet.go's highlighter).
  function highlight(an, text, match) {
    var long = [];
    match.forEach(function (m) { if (runeLen(m) >= 4) long.push(m); });
    var matches = function (stem) {
      if (match.has(stem)) return true;
      for (var i = 0; i < long.length; i++) if (stem.indexOf(long[i]) >= 0) return true;
      return false;
    };
    var out = [], at = 0;
    tokenize(text).forEach(function (w) {
      var f = an.normal(text.slice(w.start, w.end));
      if (f && matches(an.stemWord(f))) {
        if (w.start > at) out.push({ text: text.slice(at, w.start), mark: false });
        out.push({ text: text.slice(w.start, w.end), mark: true });
        at = w.end;
      }
    });
    if (at < text.length) out.push({ text: text.slice(at), mark: false });
    return out;
  }

  var api = {
    tokenize: tokenize, fold: fold, stemNorwegian: stemNorwegian, stemEnglish: stemEnglish,
    Analyzer: Analyzer, Engine: Engine, withinOneEdit: withinOneEdit
  };
  if (typeof module === "object" && module && module.exports) module.exports = api;
  if (typeof document === "undefined") return;

  // ---------------------------------------------------------------------
  // The user interface.

  function t(key, fallback) {
    var s = (window.VARDE_I18N || {})[key];
    return s === undefined ? fallback : s;
  }
  function fmt(s, vars) { return s.replace(/\{(\w+)\}/g, function (m, k) { return vars[k] === undefined ? m : vars[k]; }); }
  function countText(n) { return fmt(n === 1 ? t("search_count_one", "{n} treff") : t("search_count_other", "{n} treff"), { n: n }); }
  // countFor repeats the query after the count ("12 treff for «personvern»"),
  // so the reader sees what was searched for after the box has scrolled
  // out of view or the words were typed on another page.
  function countFor(n, q) {
    return fmt(n === 1 ? t("search_count_for_one", "{n} treff for «{q}»") : t("search_count_for_other", "{n} treff for «{q}»"), { n: n, q: q.trim() });
  }
  function typeName(type) { return t("type." + type, type); }
  function audienceName(a) { return t("audience." + a, a.charAt(0).toUpperCase() + a.slice(1)); }
  function langName(l) { return t("search_lang_" + l, l); }

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "hidden") e.hidden = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }

  function snippetNodes(parent, segs) {
    segs.forEach(function (s) {
      parent.appendChild(s.mark ? el("mark", { text: s.text }) : document.createTextNode(s.text));
    });
    return parent;
  }

  var pageLang = (document.documentElement.getAttribute("lang") || "").toLowerCase().split(/[-_]/)[0];
  var engines = {};
  function engineAt(base) {
    if (!/\/$/.test(base)) base += "/";
    if (!engines[base]) {
      engines[base] = new Engine(function (path, v, kind) {
        var url = base + path + (v ? "?v=" + encodeURIComponent(v) : "");
        return fetch(url, path === "index.json" ? { cache: "no-cache" } : {}).then(function (r) {
          if (!r.ok) throw new Error(url + ": " + r.status);
          return kind === "json" ? r.text() : r.arrayBuffer();
        });
      });
    }
    return engines[base];
  }
  // warm loads what a first query needs before the reader has typed it.
  function warm(engine, lang) {
    engine.lang(lang).catch(function () {});
  }

  var uid = 0;
  var searchPage = document.querySelector(".search-page[data-index]");

  // Header box: results in a list box under the input.
  function enhanceBox(form) {
    var input = form.querySelector('input[name="q"]');
    if (!input) return;
    var engine = engineAt(form.getAttribute("data-index") || (searchPage && searchPage.getAttribute("data-index")) || "/search/");
    var id = "search-box-" + (++uid);
    var list = el("ul", { id: id + "-list", role: "listbox", "aria-label": t("search_results_label", "Søkeresultater"), class: "search-options" });
    var more = el("a", { class: "search-more", href: "#" });
    var popup = el("div", { class: "search-popup", hidden: true }, [list, more]);
    var status = el("p", { class: "visually-hidden", role: "status", "aria-live": "polite" });
    form.classList.add("search-enhanced");
    form.appendChild(popup);
    form.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    var active = -1, hits = [], seq = 0;

    function open(yes) {
      popup.hidden = !yes;
      input.setAttribute("aria-expanded", yes ? "true" : "false");
      if (!yes) setActive(-1);
    }
    function setActive(i) {
      var opts = list.children;
      if (active >= 0 && opts[active]) opts[active].setAttribute("aria-selected", "false");
      active = i;
      if (active >= 0 && opts[active]) {
        opts[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", opts[active].id);
        opts[active].scrollIntoView({ block: "nearest" });
      } else input.removeAttribute("aria-activedescendant");
    }
    // leaving is set once a result is opened, so that the form's own
    // submission, which some keyboards send after a prevented Enter (as a
    // separate keypress), cannot race the navigation to the result.
    var leaving = false;
    function go(url) { leaving = true; window.location.assign(url); }
    form.addEventListener("submit", function (e) { if (leaving) e.preventDefault(); });
    function render(res, q) {
      list.textContent = "";
      hits = res.hits;
      hits.forEach(function (h, i) {
        var opt = el("li", { id: id + "-opt-" + i, role: "option", "aria-selected": "false", class: "search-option" }, [
          el("span", { class: "search-title", text: h.title }),
          el("span", { class: "search-type", text: typeName(h.type) }),
          snippetNodes(el("span", { class: "search-snippet" }), h.snippet)
        ]);
        opt.addEventListener("mousedown", function (e) { e.preventDefault(); });
        opt.addEventListener("click", function () { go(h.url); });
        list.appendChild(opt);
      });
      var all = form.getAttribute("action") || "";
      more.href = all + (all.indexOf("?") >= 0 ? "&" : "?") + "q=" + encodeURIComponent(q);
      more.textContent = res.total ? fmt(t("search_all_results", "Vis alle {n} treff"), { n: res.total }) : t("search_no_results", "Ingen treff.");
      status.textContent = res.total ? countText(res.total) : t("search_no_results", "Ingen treff.");
      active = -1;
      open(true);
    }
    function run() {
      var q = input.value, mine = ++seq;
      leaving = false;
      if (!q.trim()) { list.textContent = ""; status.textContent = ""; open(false); return; }
      engine.search({ text: q, lang: pageLang, limit: 6 }).then(function (res) {
        if (mine === seq) render(res, q);
      }, function () {
        if (mine === seq) { status.textContent = t("search_error", "Søket kunne ikke lastes."); open(false); }
      });
    }
    input.addEventListener("focus", function () { warm(engine, pageLang); });
    input.addEventListener("input", run);
    // On most pages this file is loaded when the reader first focuses or
    // types in the box (00-base.js): what was typed before it arrived is
    // searched now.
    if (input.value && document.activeElement === input) { warm(engine, pageLang); run(); }
    input.addEventListener("keydown", function (e) {
      var n = list.children.length;
      if (e.key === "ArrowDown" && n) {
        e.preventDefault();
        if (popup.hidden) open(true);
        setActive(active + 1 >= n ? 0 : active + 1);
      } else if (e.key === "ArrowUp" && n) {
        e.preventDefault();
        setActive(active <= 0 ? n - 1 : active - 1);
      } else if (e.key === "Enter" && !popup.hidden && active >= 0 && hits[active]) {
        e.preventDefault();
        go(hits[active].url);
      } else if (e.key === "Escape") {
        if (!popup.hidden) { e.preventDefault(); open(false); }
        else if (input.value) { e.preventDefault(); input.value = ""; run(); }
      }
    });
    form.addEventListener("focusout", function (e) {
      if (!form.contains(e.relatedTarget)) open(false);
    });
  }

  // Search page: filters, status and the full result list.
  function enhancePage(root) {
    var form = root.querySelector("form");
    var input = root.querySelector('input[name="q"]');
    if (!form || !input) return;
    var engine = engineAt(root.getAttribute("data-index") || "/search/");
    var lang0 = (root.getAttribute("data-lang") || pageLang || "").toLowerCase();
    var params = new URLSearchParams(window.location.search);
    var state = { q: params.get("q") || "", type: params.get("type") || "", audience: params.get("audience") || "",
      lang: params.has("lang") ? params.get("lang") : lang0 };
    input.value = state.q;

    function select(name, label) {
      var s = el("select", { id: "search-f-" + name, name: name });
      return { sel: s, wrap: el("div", { class: "search-filter" }, [el("label", { for: s.id, text: label }), s]) };
    }
    var fType = select("type", t("search_filter_type", "Type"));
    var fAud = select("audience", t("search_filter_audience", "Målgruppe"));
    var fLang = select("lang", t("search_filter_lang", "Språk"));
    var filters = el("div", { class: "search-filters", role: "group", "aria-label": t("search_filters", "Avgrens søket") },
      [fType.wrap, fAud.wrap, fLang.wrap]);
    var status = el("p", { class: "search-status", role: "status", "aria-live": "polite" });
    var results = el("ol", { class: "search-results", "aria-label": t("search_results_label", "Søkeresultater") });
    form.after(filters, status, results);

    function fill(s, allLabel, values, current, label) {
      s.textContent = "";
      s.appendChild(el("option", { value: "", text: allLabel }));
      var keys = Object.keys(values);
      if (current && keys.indexOf(current) < 0) keys.push(current);
      keys.sort().forEach(function (k) {
        var o = el("option", { value: k, text: label(k) + (values[k] !== undefined ? " (" + values[k] + ")" : "") });
        if (k === current) o.selected = true;
        s.appendChild(o);
      });
    }
    engine.index().then(function (info) {
      var langs = {};
      info.langs.forEach(function (l) { langs[l.lang] = undefined; });
      fill(fLang.sel, t("search_any_lang", "Alle språk"), langs, state.lang, langName);
      fLang.sel.value = state.lang;
    }).catch(function () {});

    var seq = 0;
    // The passage that matched replaces a result's description once the
    // result scrolls into view: each costs a small shard, fetched for the
    // results a reader sees, not for all fifty.
    var pending = new Map();
    function passageFor(li) {
      var p = pending.get(li);
      if (!p) return;
      pending.delete(li);
      if (observer) observer.unobserve(li);
      engine.passage(p.hit).then(function (segs) {
        if (!segs || p.seq !== seq) return;
        p.snip.textContent = "";
        snippetNodes(p.snip, segs);
      }, function () {});
    }
    var observer = typeof IntersectionObserver === "function" ? new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { if (e.isIntersecting) passageFor(e.target); });
    }, { rootMargin: "200px" }) : null;
    function run(push) {
      var mine = ++seq;
      if (push) {
        var p = new URLSearchParams();
        if (state.q) p.set("q", state.q);
        if (state.type) p.set("type", state.type);
        if (state.audience) p.set("audience", state.audience);
        if (state.lang !== lang0) p.set("lang", state.lang);
        var qs = p.toString();
        window.history.replaceState(null, "", window.location.pathname + (qs ? "?" + qs : ""));
      }
      if (!state.q.trim()) {
        results.textContent = "";
        status.textContent = "";
        fill(fType.sel, t("search_any_type", "Alle typer"), {}, state.type, typeName);
        fill(fAud.sel, t("search_any_audience", "Alle målgrupper"), {}, state.audience, audienceName);
        return;
      }
      status.textContent = t("search_loading", "Søker …");
      engine.search({ text: state.q, lang: state.lang, type: state.type, audience: state.audience, limit: 50, facets: true })
        .then(function (res) {
          if (mine !== seq) return;
          fill(fType.sel, t("search_any_type", "Alle typer"), res.facets.type, state.type, typeName);
          fill(fAud.sel, t("search_any_audience", "Alle målgrupper"), res.facets.audience, state.audience, audienceName);
          results.textContent = "";
          if (observer) observer.disconnect();
          pending.clear();
          res.hits.forEach(function (h) {
            var meta = el("p", { class: "search-meta" }, [el("span", { class: "search-type", text: typeName(h.type) })]);
            if (h.lang !== lang0) meta.appendChild(el("span", { class: "search-lang", lang: h.lang, text: langName(h.lang) }));
            var snip = snippetNodes(el("p", { class: "search-snippet" }), h.snippet);
            var li = el("li", { class: "search-result" }, [
              el("a", { href: h.url, class: "search-title", hreflang: h.lang, text: h.title }),
              meta,
              snip
            ]);
            results.appendChild(li);
            pending.set(li, { hit: h, snip: snip, seq: mine });
            if (observer) observer.observe(li); else passageFor(li);
          });
          status.textContent = res.total ? countFor(res.total, state.q) :
            fmt(t("search_no_results_for", "Ingen treff på «{q}»."), { q: state.q.trim() });
        }, function () {
          if (mine === seq) status.textContent = t("search_error", "Søket kunne ikke lastes.");
        });
    }

    form.addEventListener("submit", function (e) { e.preventDefault(); state.q = input.value; run(true); });
    input.addEventListener("input", function () { state.q = input.value; run(true); });
    [[fType.sel, "type"], [fAud.sel, "audience"], [fLang.sel, "lang"]].forEach(function (p) {
      p[0].addEventListener("change", function () { state[p[1]] = p[0].value; run(true); });
    });
    var links = function () { return Array.prototype.slice.call(results.querySelectorAll("a.search-title")); };
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && links().length) { e.preventDefault(); links()[0].focus(); }
      else if (e.key === "Escape" && input.value) { e.preventDefault(); input.value = ""; state.q = ""; run(true); }
    });
    results.addEventListener("keydown", function (e) {
      var ls = links(), i = ls.indexOf(document.activeElement);
      if (i < 0) return;
      if (e.key === "ArrowDown") { e.preventDefault(); (ls[i + 1] || ls[i]).focus(); }
      else if (e.key === "ArrowUp") { e.preventDefault(); if (i === 0) input.focus(); else ls[i - 1].focus(); }
      else if (e.key === "Escape") { e.preventDefault(); input.focus(); }
    });
    warm(engine, state.lang || lang0);
    run(false);
  }

  if (searchPage) enhancePage(searchPage);
  Array.prototype.forEach.call(document.querySelectorAll('form.search[role="search"]'), function (f) {
    if (!searchPage || !searchPage.contains(f)) enhanceBox(f);
  });
})();
