package runbook

import (
	"strings"
	"testing"
)

// TestFormatSince: a key a newer format version added is refused in an older
// file, with the line to change; the same key in a file of that version, or
// any key in a file whose version is itself wrong, says nothing more.
func TestFormatSince(t *testing.T) {
	for _, tc := range []struct {
		name   string
		format int
		want   string
	}{
		{name: "version 1 file", format: 1, want: "runbook.toml:7:1: error: \"items\" is new in format version 2 and this file is version 1; write `shodo = 2` at its top"},
		{name: "version 2 file", format: 2},
		{name: "unsupported version", format: 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte("shodo = 1\nid = \"x\"\ntitle = \"x\"\n\n[[duties]]\nid = \"d\"\nitems = []\n")
			r := &reporter{}
			f, tree := decodeFile("runbook.toml", "runbook.toml", src, r)
			if f == nil {
				t.Fatal(r.diags)
			}
			f.format = tc.format
			duty := tree["duties"].([]map[string]any)[0]
			o := obj{loc: loc{file: f, path: joinIndex("duties", 0)}, m: duty, r: r}
			o.since(2, "items", "fields")
			got := ""
			if len(r.diags) > 0 {
				got = r.diags[0].String()
			}
			if len(r.diags) > 1 {
				t.Errorf("%d diagnostics, want at most one: %v", len(r.diags), r.diags)
			}
			if tc.want == "" && got != "" || !strings.HasPrefix(got, tc.want) {
				t.Errorf("got %q\nwant prefix %q", got, tc.want)
			}
		})
	}
}
