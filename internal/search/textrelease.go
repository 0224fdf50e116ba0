package search

import (
	"runtime"
	"strings"
)

// Letting go of the pages' bodies as the bleve index is built.
//
// Document.Body is the largest part of a Corpus (about 55 MB of the
// 10,000-page corpus's live heap), and after the analysis two stages read
// it: the bleve segments (each page's stored snippet text, s_body) and the
// static index's passages (passages.go), which in a cold varde build comes
// after the segments. With ReleaseBodies, each segment's worker chooses
// its pages' passages as well, keeps their text, and clears the pages'
// bodies once the segment is written, so that the static index is made
// from the passages so taken and no body is live after the segments
// (docs/performance.md, "Session 19: peak memory").

// ReleaseBodies makes the next BuildIndex, when it writes the bleve index
// anew, choose every page's passages beside its segment and then set the
// page's Document.Body to "": for a caller that reads the documents' bodies
// no more. ExportStatic after it takes the passages so chosen. When
// BuildIndex keeps or updates the index instead, nothing is released and
// ExportStatic chooses the passages from the bodies as before.
func (c *Corpus) ReleaseBodies() {
	for _, lc := range c.langs {
		if lc.feat.noPassages {
			continue
		}
		lc.pending = &takenPassages{spans: make([][][2]int, len(lc.docs)), texts: make([][]string, len(lc.docs))}
	}
	c.releaseBodies = true
}

// takenPassages are a language's passages chosen beside its segments:
// their spans and text by doc number.
type takenPassages struct {
	spans   [][][2]int
	texts   [][]string
	weights *passageWeights // the language's, from docFreqs
}

// prepareRelease readies the choice of passages beside the segments: each
// stem's document frequency, counted from the analysis (the statistics'
// cdf, which the static index computes after the segments).
func (c *Corpus) prepareRelease() {
	if !c.releaseBodies {
		return
	}
	parallel(len(c.langs), func(i int) {
		lc := c.langs[i]
		if lc.pending != nil {
			lc.pending.weights = lc.newPassageWeights(len(lc.docs), lc.docFreqs())
		}
	})
}

// releaseSegment chooses the passages of the pages lc.docs[from:to], whose
// segment is written, and clears their bodies, when ReleaseBodies asked
// for it.
func (c *Corpus) releaseSegment(lc *langCorpus, from, to int) {
	if !c.releaseBodies {
		return
	}
	if tp := lc.pending; tp != nil {
		for i := from; i < to; i++ {
			tp.spans[i] = tp.weights.spans(i)
			tp.texts[i] = lc.passageTexts(i, tp.spans[i])
			for k, t := range tp.texts[i] {
				tp.texts[i][k] = strings.Clone(t) // not a slice of the body
			}
		}
	}
	for _, dt := range lc.docs[from:to] {
		dt.doc.Body = ""
	}
}

// segmentsReleased makes the passages chosen beside the segments the
// static index's, once every segment is written.
func (c *Corpus) segmentsReleased() {
	if !c.releaseBodies {
		return
	}
	for _, lc := range c.langs {
		if lc.pending != nil {
			lc.pending.weights = nil
			lc.taken, lc.pending = lc.pending, nil
		}
	}
}

// docFreqs returns, by stem id, the number of pages holding the stem in
// any field or compound part: what the statistics count as cdf
// (computeStats), without their postings.
func (lc *langCorpus) docFreqs() []uint32 {
	nStems := len(lc.lex.stems)
	workers := runtime.GOMAXPROCS(0)
	counts := make([][]uint32, workers)
	last := make([][]int32, workers) // by stem: 1 + the last doc counted
	parallelWorkers(len(lc.docs), func(w, num int) {
		if counts[w] == nil {
			counts[w], last[w] = make([]uint32, nStems), make([]int32, nStems)
		}
		cnt, seen, mark := counts[w], last[w], int32(num+1)
		dt := lc.docs[num]
		for _, ids := range dt.fields {
			for _, id := range ids {
				if s := lc.lex.stemOf[id]; seen[s] != mark {
					seen[s] = mark
					cnt[s]++
				}
			}
		}
		for _, ids := range dt.parts {
			for _, s := range ids {
				if seen[s] != mark {
					seen[s] = mark
					cnt[s]++
				}
			}
		}
	})
	var out []uint32
	for _, cnt := range counts {
		if cnt == nil {
			continue
		}
		if out == nil {
			out = cnt
			continue
		}
		for s, k := range cnt {
			out[s] += k
		}
	}
	if out == nil {
		out = make([]uint32, nStems)
	}
	return out
}
