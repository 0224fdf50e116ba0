package checklist

// builtin holds the scales every site has. A scale of the same name in
// config.toml replaces one of these entirely.
//
// The common 0–100 basis: status answers score Ja 100, Delvis 50, Nei 0,
// and "Ikke relevant" is left out; maturity levels 1–4 score 0, 33, 67 and
// 100, so that a mixed checklist can average them.
var builtin = map[string]ScaleConfig{
	ScaleStatus: {
		Kind: KindChoice,
		Levels: []LevelConfig{
			{Value: "ja", Score: intp(100), Label: Text{"nb": "Ja", "nn": "Ja", "en": "Yes"}},
			{Value: "delvis", Score: intp(50), Label: Text{"nb": "Delvis", "nn": "Delvis", "en": "Partly"}},
			{Value: "nei", Score: intp(0), Label: Text{"nb": "Nei", "nn": "Nei", "en": "No"}},
			{Value: "ikke-relevant", Score: intp(Excluded), Label: Text{"nb": "Ikke relevant", "nn": "Ikkje relevant", "en": "Not relevant"}},
		},
	},
	ScaleMaturity: {
		Kind: KindChoice,
		Levels: []LevelConfig{
			{
				Value: "1", Score: intp(0),
				Label: Text{"nb": "1 – Initiell", "nn": "1 – Initiell", "en": "1 – Initial"},
				Description: Text{
					"nb": "Arbeidet skjer tilfeldig og avhenger av enkeltpersoner; lite er planlagt eller dokumentert.",
					"nn": "Arbeidet skjer tilfeldig og er avhengig av enkeltpersonar; lite er planlagt eller dokumentert.",
					"en": "The work is ad hoc and depends on individuals; little is planned or documented.",
				},
			},
			{
				Value: "2", Score: intp(33),
				Label: Text{"nb": "2 – Gjentakbar", "nn": "2 – Gjentakbar", "en": "2 – Repeatable"},
				Description: Text{
					"nb": "Noe er på plass og gjøres jevnlig, men uten felles rutiner og dokumentasjon.",
					"nn": "Noko er på plass og blir gjort jamleg, men utan felles rutinar og dokumentasjon.",
					"en": "Some things are in place and done regularly, but without shared procedures or documentation.",
				},
			},
			{
				Value: "3", Score: intp(67),
				Label: Text{"nb": "3 – Definert", "nn": "3 – Definert", "en": "3 – Defined"},
				Description: Text{
					"nb": "Rutinene er beskrevet, vedtatt og kjent, og de følges i hele organisasjonen.",
					"nn": "Rutinane er skildra, vedtekne og kjende, og dei blir følgde i heile organisasjonen.",
					"en": "Procedures are described, approved and known, and followed across the organisation.",
				},
			},
			{
				Value: "4", Score: intp(100),
				Label: Text{"nb": "4 – Styrt og forbedret", "nn": "4 – Styrt og forbetra", "en": "4 – Managed and improving"},
				Description: Text{
					"nb": "Arbeidet måles, følges opp av ledelsen og forbedres systematisk.",
					"nn": "Arbeidet blir målt, følgt opp av leiinga og forbetra systematisk.",
					"en": "The work is measured, followed up by management and improved systematically.",
				},
			},
		},
	},
	ScaleCheck: {
		Kind: KindCheck,
		Levels: []LevelConfig{
			{Value: "done", Score: intp(100), Label: Text{"nb": "Gjort", "nn": "Gjort", "en": "Done"}},
		},
	},
}

func intp(n int) *int { return &n }
