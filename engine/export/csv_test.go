package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestCSVAsExcelReadsIt checks the bytes of a Japanese incident's CSV as
// Excel on a Japanese Windows sees them: without the UTF-8 byte order mark
// it decodes the file as CP932 and every Japanese cell is mojibake; rows
// end with LF (as docs/incidents.md says); one event is one line.
func TestCSVAsExcelReadsIt(t *testing.T) {
	in := japaneseIncident(t)
	for _, c := range []struct {
		name    string
		opt     Options
		wantBOM bool
	}{
		{"by default", Options{Lang: "ja", Location: jst}, true},
		{"--no-bom", Options{Lang: "ja", Location: jst, NoBOM: true}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			must(t, CSV(&b, in, c.opt))
			raw := b.Bytes()
			if got := bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}); got != c.wantBOM {
				t.Fatalf("starts with the UTF-8 BOM: %v; want %v (first bytes % X)", got, c.wantBOM, raw[:min(8, len(raw))])
			}
			body := bytes.TrimPrefix(raw, []byte{0xEF, 0xBB, 0xBF})
			if bytes.HasPrefix(body, []byte{0xEF, 0xBB, 0xBF}) {
				t.Fatal("the BOM is written twice")
			}
			if !utf8.Valid(body) {
				t.Fatal("the CSV is not UTF-8")
			}
			if !bytes.HasPrefix(body, []byte("seq,time_local,time_utc,scenario_time,actor,type,event\n")) {
				t.Errorf("header row: %.80q", body)
			}
			if bytes.Contains(body, []byte("\r")) {
				t.Error("a row ends with CRLF; the documented ending is LF")
			}
			if !bytes.HasSuffix(body, []byte("\n")) {
				t.Error("the last row has no line ending")
			}
			rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
			must(t, err)
			if len(rows) != len(in.State.Events)+1 {
				t.Fatalf("rows = %d; want a header and %d events", len(rows), len(in.State.Events))
			}
			// One event is one line, even the two-line note, so that a
			// filter or a sort in the spreadsheet keeps it whole; its
			// Japanese reads as written.
			if lines := bytes.Count(body, []byte("\n")); lines != len(rows) {
				t.Errorf("%d lines for %d rows: a cell holds a line break", lines, len(rows))
			}
			var note string
			for _, row := range rows[1:] {
				if strings.Contains(row[6], "ファイルサーバーに脅迫文") {
					note = row[6]
				}
			}
			if !strings.Contains(note, "ファイルサーバーに脅迫文 / 拡張子は .lock") {
				t.Errorf("the two-line note: %q", note)
			}
		})
	}
}

// TestCSVQuotesAsExcelExpects: a cell holding a comma or a quote is
// quoted, its quotes doubled (RFC 4180), and a cell that would start a
// formula gets the apostrophe docs/incidents.md describes.
func TestCSVQuotesAsExcelExpects(t *testing.T) {
	dir, _ := scriptedIncident(t)
	in := readInput(t, dir)
	in.State.Events[0].Actor = `=cmd|' /C calc'!A0, "quoted"`
	var b bytes.Buffer
	must(t, CSV(&b, in, Options{NoBOM: true}))
	want := `,"'=cmd|' /C calc'!A0, ""quoted""",`
	if !strings.Contains(b.String(), want) {
		t.Errorf("the actor's cell is not %s in:\n%.400s", want, b.String())
	}
}
