// Package corpus generates synthetic Varde sites for benchmarks: N pages of
// about 600 Norwegian-looking words with headings, lists, some tables and
// code blocks, 3–6 internal links each, across 8 sections, with taxonomy
// terms. The same tree builds with Hugo, so the two can be timed side by side.
//
// By default the words come from a list of a hundred, which is enough to
// time Markdown and templates. With Options.Search the site has search
// turned on and its text is realistic Norwegian (see Text), which search
// benchmarks need: a dictionary that grows with the site and queries that
// match some pages, not all.
package corpus

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
)

// Sections are the corpus's top-level folders.
var Sections = []string{"veiledere", "rutiner", "maler", "nyheter", "kurs", "normer", "sjekklister", "ressurser"}

var words = strings.Fields(`kommune personvern informasjonssikkerhet behandling personopplysninger risiko
vurdering tiltak ansatt leder system tilgang logg avvik melding datatilsynet rutine opplæring leverandør
avtale databehandler innbygger skole barnehage helse omsorg sak arkiv dokument samtykke formål grunnlag
sletting lagring kryptering passord pålogging nettverk sky tjeneste kontroll ansvar oversikt protokoll
oppfølging revisjon krav lov forskrift artikkel plikt rettighet innsyn retting begrensning varsling frist
styring ledelse kultur bevissthet trussel sårbarhet konsekvens sannsynlighet beredskap hendelse øvelse
rapport budsjett plan mål prioritet dialog samarbeid enhet avdeling virksomhet fagsystem journal elev
foresatt bruker tilsyn veileder sjekkliste norm kurs dette skal alle må bør kan ikke og i på for med som
til av er det en et den de har ved etter fra om når hvis slik også godt trygt`)

var tags = []string{"personvern", "sikkerhet", "internkontroll", "risiko", "avvik", "tilgang", "opplaering", "leverandorer", "rettigheter", "logging", "beredskap", "skole", "helse"}
var audiences = []string{"ansatt", "leder", "kommunedirektor", "it", "personvernombud"}

// Options for Generate.
type Options struct {
	Pages  int
	Seed   int64
	Hugo   bool // also write the Hugo sites of the comparison (see writeHugo)
	Search bool // turn search on and write realistic Norwegian text (Text)
}

// Generate writes a corpus site into dir (which must not exist or be empty).
func Generate(dir string, o Options) error {
	r := rand.New(rand.NewSource(o.Seed))
	if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
		return err
	}
	cfg := "title = \"Korpus\"\nbaseURL = \"https://korpus.example/\"\n[languages.nb]\nname = \"Bokmål\"\n"
	say := func(n int) string { return sentence(r, n) }
	topic := func() {}
	if o.Search {
		// Guidance sections are one-pagers, so that search has types to
		// filter on.
		cfg += "[sections.veiledere]\ntype = \"onepager\"\n[sections.rutiner]\ntype = \"onepager\"\n"
		text := NewText(o.Seed)
		say, topic = text.Words, text.Topic
	} else {
		cfg += "[search]\nenabled = false\n"
	}
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(cfg), 0o644); err != nil {
		return err
	}
	write := func(rel, body string) error {
		return writeFile(filepath.Join(dir, "content", filepath.FromSlash(rel)), []byte(body))
	}
	if err := write("_index.md", "---\ntitle: Korpus\ndescription: Syntetisk innhold for ytelsestester.\n---\nForside.\n"); err != nil {
		return err
	}
	for _, s := range Sections {
		if err := write(s+"/_index.md", fmt.Sprintf("---\ntitle: %s\ndescription: Seksjonen %s.\n---\nOversikt.\n", capitalise(s), s)); err != nil {
			return err
		}
	}
	name := func(i int) string { return fmt.Sprintf("%s/side-%05d.md", Sections[i%len(Sections)], i) }
	for i := 0; i < o.Pages; i++ {
		topic()
		var b strings.Builder
		title := say(3 + r.Intn(4))
		fmt.Fprintf(&b, "---\ntitle: %q\ndescription: %q\ntopics: [%s, %s]\naudience: [%s]\nweight: %d\n---\n\n", title, say(12), tags[r.Intn(len(tags))], tags[r.Intn(len(tags))], audiences[r.Intn(len(audiences))], r.Intn(50))
		links := 3 + r.Intn(4)
		words := 0
		for h := 0; words < 600; h++ {
			fmt.Fprintf(&b, "## %s\n\n", say(2+r.Intn(4)))
			for p := 0; p < 2; p++ {
				n := 40 + r.Intn(40)
				para := say(n)
				if links > 0 {
					j := r.Intn(o.Pages)
					para += fmt.Sprintf(" Se [%s](../%s).", say(2), name(j))
					links--
				}
				b.WriteString(para + "\n\n")
				words += n
			}
			switch h % 4 {
			case 0:
				for k := 0; k < 4; k++ {
					fmt.Fprintf(&b, "- %s\n", say(6))
				}
				b.WriteString("\n")
				words += 24
			case 1:
				if i%3 == 0 {
					b.WriteString("| Tiltak | Ansvar | Frist |\n|---|---|---|\n")
					for k := 0; k < 3; k++ {
						fmt.Fprintf(&b, "| %s | %s | %d. mars |\n", say(3), say(1), 1+r.Intn(28))
					}
					b.WriteString("\n")
				}
			case 2:
				if i%4 == 0 {
					b.WriteString("```yaml\ntiltak:\n  navn: logging\n  frist: 2025-03-01\n  ansvarlig: it\n```\n\n")
				}
			}
		}
		for links > 0 {
			fmt.Fprintf(&b, "Les også [%s](../%s).\n\n", say(2), name(r.Intn(o.Pages)))
			links--
		}
		if err := write(name(i), b.String()); err != nil {
			return err
		}
	}
	if o.Hugo {
		return writeHugo(dir)
	}
	return nil
}

func sentence(r *rand.Rand, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = words[r.Intn(len(words))]
	}
	s := strings.Join(ws, " ")
	return capitalise(s)
}
