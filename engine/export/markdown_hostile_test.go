package export

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/engine/incident"
)

// hostileSummary is a close summary, a verdict summary or a note as a
// tired responder or a crafted journal writes it: headings, rules, lists,
// quotes, fences, HTML, a table and links.
const hostileSummary = "# Root cause\n---\n1. restarted the DB\n2) restored\n- then\n+ also\n* and\n> quoted\n" +
	"===\n~~~\n```\n<div>x</div>\n| a | b |\n|---|---|\n[ref]: https://evil.example\n" +
	"see https://evil.example/x and www.evil.example, mail soc@vendor.example.jp"

// blockKinds lists, line by line, the blocks a CommonMark/GFM reader
// starts in md outside fenced code: the document's structure, which user
// text must not change.
func blockKinds(md string) []string {
	kinds := []struct {
		name string
		re   *regexp.Regexp
	}{
		{"heading", regexp.MustCompile(`^ {0,3}#{1,6}(?:[ \t]|$)`)},
		{"rule or underline", regexp.MustCompile(`^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){2,}|(?:_[ \t]*){3,}|=+[ \t]*)$`)},
		{"list item", regexp.MustCompile(`^ {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)`)},
		{"quote", regexp.MustCompile(`^ {0,3}>`)},
		{"HTML", regexp.MustCompile(`^ {0,3}<`)},
		{"link definition", regexp.MustCompile(`^ {0,3}\[`)},
		{"table row", regexp.MustCompile(`^\|`)},
	}
	var out []string
	fenced := false
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "```") || strings.HasPrefix(line, "~~~") {
			fenced = !fenced
			out = append(out, "fence")
			continue
		}
		if fenced {
			continue
		}
		for _, k := range kinds {
			if k.re.MatchString(line) {
				out = append(out, k.name)
				break
			}
		}
	}
	return out
}

// TestPostmortemKeepsItsShapeWhateverPeopleWrite renders the postmortem
// of an incident whose title, close summary and notes are hostile
// Markdown: the document has exactly the blocks of one with plain text,
// and no URL the responder typed becomes a link.
func TestPostmortemKeepsItsShapeWhateverPeopleWrite(t *testing.T) {
	dir, _ := scriptedIncident(t)
	render := func(text string) string {
		in := readInput(t, dir)
		st := in.State
		st.Closed, st.Summary, st.Name = true, text, strings.ReplaceAll(text, "\n", " ")
		st.Notes = append(st.Notes, incident.Note{Seq: 999, Time: st.Opened, Actor: "sato", Text: text})
		var b bytes.Buffer
		must(t, Markdown(&b, in, Options{Location: jst}))
		return b.String()
	}
	plain, hostile := render("Restarted the database."), render(hostileSummary)
	if got, want := blockKinds(hostile), blockKinds(plain); !slices.Equal(got, want) {
		t.Errorf("a hostile summary changed the document's blocks:\n got %q\nwant %q", got, want)
	}
	for _, url := range []string{"https://evil.example/x", "www.evil.example", "soc@vendor.example.jp"} {
		if strings.Count(hostile, url) != strings.Count(hostile, "`"+url+"`") {
			t.Errorf("%s is not written as code everywhere it appears", url)
		}
	}
}
