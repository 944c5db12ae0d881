package runbook

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/shodo-dev/shodo/internal/testkit"
)

// testNow is the fixed "today" of every test, so review-age lint is stable.
var testNow = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

const testdataDir = "../../testdata/runbooks"

// render writes diagnostics one per line with dir stripped from paths.
func render(diags Diagnostics, dir string) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(strings.ReplaceAll(d.String(), dir+string(filepath.Separator), ""))
		b.WriteByte('\n')
	}
	return b.String()
}

func TestInvalidRunbooks(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join(testdataDir, "invalid", "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 40 {
		t.Fatalf("found %d invalid cases; want at least 40", len(dirs))
	}
	for _, dir := range dirs {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rb, diags := LoadFile(filepath.Join(dir, "runbook.toml"), Options{Now: testNow})
			if len(diags) == 0 {
				t.Fatal("no diagnostics for a broken runbook")
			}
			warnOnly := strings.HasPrefix(name, "warn-")
			if errs, warns := diags.Count(); warnOnly && (errs != 0 || warns == 0 || rb == nil) {
				t.Errorf("want warnings only and a runbook; got %d errors, %d warnings, runbook %v", errs, warns, rb != nil)
			} else if !warnOnly && (errs == 0 || rb != nil) {
				t.Errorf("want errors and no runbook; got %d errors, runbook %v", errs, rb != nil)
			}
			for _, d := range diags {
				if d.Line == 0 && d.Code != "too-large" && d.Code != "io" {
					t.Errorf("diagnostic without a line: %s", d)
				}
			}
			testkit.Golden(t, filepath.Join(dir, "expected.txt"), []byte(render(diags, dir)))
		})
	}
}

func TestValidRunbooks(t *testing.T) {
	for _, file := range []string{"minimal.toml", "bom.toml", "crlf.toml", "comments.toml", "japanese.toml", "chain/runbook.toml", "v2-conditions.toml", "v2-answers.toml"} {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			rb, diags := LoadFile(filepath.Join(testdataDir, "valid", file), Options{Now: testNow})
			if len(diags) != 0 || rb == nil {
				t.Fatalf("want a clean load; got:\n%s", render(diags, ""))
			}
			if rb.Triage.Start == "" || len(rb.Verdicts) == 0 || rb.Node(rb.Triage.Start) == nil {
				t.Errorf("triage not loaded: %+v", rb.Triage)
			}
			if again := Validate(rb, Options{Now: testNow}); len(again) != 0 {
				t.Errorf("re-validation found: %s", render(again, ""))
			}
		})
	}
}

func TestIncludeChainMergesInOrder(t *testing.T) {
	rb, diags := LoadFile(filepath.Join(testdataDir, "valid", "chain", "runbook.toml"), Options{Now: testNow})
	if rb == nil {
		t.Fatal(render(diags, ""))
	}
	if got := rb.Party("acme"); got == nil || got.Means[0].To != "+81-3-0000-0000" {
		t.Errorf("party from the second include level: %+v", got)
	}
	var paths []string
	for _, s := range rb.Sources {
		paths = append(paths, s.Path)
	}
	if want := "runbook.toml shared/contacts.toml shared/parties.toml"; strings.Join(paths, " ") != want {
		t.Errorf("sources = %v; want %s", paths, want)
	}
	// The embedded sources rebuild the same runbook without the disk.
	again, diags := LoadSources(rb.Sources, Options{Now: testNow})
	if again == nil || again.Party("acme") == nil || again.Role("ic") == nil {
		t.Fatalf("LoadSources: %s", render(diags, ""))
	}
}

// Positions must not shift with a BOM or CRLF line ends, and columns count
// characters, not bytes, so Japanese lines point where an editor does.
func TestPositions(t *testing.T) {
	base, err := os.ReadFile(filepath.Join(testdataDir, "valid", "minimal.toml"))
	if err != nil {
		t.Fatal(err)
	}
	broken := bytes.Replace(base, []byte(`next = "change"`), []byte(`next = "nope"`), 1)
	ja := bytes.Replace(broken, []byte(`label = "Service down, slow or erroring",`), []byte(`label = "サービス停止",`), 1)
	cases := []struct {
		name string
		src  []byte
		want string
	}{
		{"lf", broken, "x.toml:57:60:"},
		{"crlf", bytes.ReplaceAll(broken, []byte("\n"), []byte("\r\n")), "x.toml:57:60:"},
		{"bom", append([]byte("\uFEFF"), broken...), "x.toml:57:60:"},
		{"japanese", ja, "x.toml:57:36:"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, diags := LoadSources([]Source{{Path: "x.toml", Text: string(c.src)}}, Options{Now: testNow})
			// The broken link also leaves node "change" unreachable.
			if len(diags) != 2 || !strings.HasPrefix(diags[0].String(), c.want) || diags[0].Code != "dangling-ref" || diags[1].Code != "unreachable" {
				t.Errorf("got %v; want a dangling-ref at %s, then unreachable", diags, c.want)
			}
		})
	}
}

// The rows of the "bad input" table.
func TestHostileInput(t *testing.T) {
	deep := "a = " + strings.Repeat("{b = ", 10000) + "1" + strings.Repeat("}", 10000) + "\n"
	cases := []struct {
		name, src, code, text string
	}{
		{"nested 10,000 deep", deep, "too-deep", "nesting deeper than 32"},
		{"nested arrays", "a = " + strings.Repeat("[", 33) + strings.Repeat("]", 33), "too-deep", "nesting deeper than 32"},
		{"dotted key", strings.Repeat("k.", 40) + "k = 1", "too-many-key-parts", "more than 32 parts"},
		{"dotted header", "[" + strings.Repeat("k.", 40) + "k]", "too-many-key-parts", "more than 32 parts"},
		{"5 MB", strings.Repeat("# padding\n", 500000), "too-large", "at most 1048576 bytes"},
		{"invalid UTF-8", "shodo = 1\ntitle = \"\xff\"\n", "bad-utf8", "invalid UTF-8"},
		{"escape in title", "shodo = 1\ntitle = \"ok\\u001b]52;c;AAAA\\u0007\"\n", "control-char", "escape character"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, diags := LoadSources([]Source{{Path: "x.toml", Text: c.src}}, Options{Now: testNow})
			found := false
			for _, d := range diags {
				if d.Code == c.code && strings.Contains(d.String(), c.text) {
					found = true
				}
			}
			if !found {
				t.Errorf("want %s (%q); got %v", c.code, c.text, diags)
			}
			if c.code != "control-char" && len(diags) != 1 {
				t.Errorf("want exactly one diagnostic, nothing decoded; got %d: %v", len(diags), diags)
			}
		})
	}
}

// Nesting exactly at the limit is accepted by the guard (and then reported
// as the unknown key it is).
func TestNestingAtLimit(t *testing.T) {
	src := "shodo = 1\na = " + strings.Repeat("[", 32) + strings.Repeat("]", 32) + "\n"
	_, diags := LoadSources([]Source{{Path: "x.toml", Text: src}}, Options{})
	for _, d := range diags {
		if d.Code == "too-deep" {
			t.Fatalf("32 levels rejected: %s", d)
		}
	}
}

func TestIncludeSymlinkEscape(t *testing.T) {
	root := t.TempDir()
	outside := filepath.Join(root, "outside.toml")
	if err := os.WriteFile(outside, []byte("shodo = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "set")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "contacts.toml")); err != nil {
		t.Skip("symlinks not supported here:", err)
	}
	base, err := os.ReadFile(filepath.Join(testdataDir, "valid", "minimal.toml"))
	if err != nil {
		t.Fatal(err)
	}
	src := strings.Replace(string(base), "summary =", "include = [\"contacts.toml\"]\nsummary =", 1)
	if err := os.WriteFile(filepath.Join(dir, "runbook.toml"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	rb, diags := LoadFile(filepath.Join(dir, "runbook.toml"), Options{Now: testNow})
	if rb != nil || len(diags) != 1 || diags[0].Code != "include" || !strings.Contains(diags[0].String(), "symlink") || diags[0].Line != 7 {
		t.Errorf("want one include error at line 7 naming the symlink; got %v", diags)
	}
}

func TestLimits(t *testing.T) {
	var nodes, duties strings.Builder
	nodes.WriteString("shodo = 1\nid = \"big\"\ntitle = \"big\"\n[triage]\nstart = \"n0\"\n[verdicts.v]\ntitle = \"v\"\nsecurity = false\n")
	for i := 0; i <= MaxNodes; i++ {
		next := `verdict = "v"`
		if i < MaxNodes {
			next = `next = "n` + itoa(i+1) + `"`
		}
		nodes.WriteString("[triage.nodes.n" + itoa(i) + "]\nask = \"q\"\noptions = [{ id = \"o\", label = \"l\", " + next + " }]\n")
	}
	duties.WriteString("shodo = 1\nid = \"big\"\ntitle = \"big\"\n[roles.ic]\ntitle = \"IC\"\nassignee = \"x\"\n[triage]\nstart = \"n\"\n[triage.nodes.n]\nask = \"q\"\noptions = [{ id = \"o\", label = \"l\", verdict = \"v\" }]\n[verdicts.v]\ntitle = \"v\"\nsecurity = false\n")
	for i := 0; i <= MaxDuties; i++ {
		duties.WriteString("[[duties]]\nid = \"d" + itoa(i) + "\"\non = \"opened\"\nwho = \"ic\"\nwithin = \"1h\"\n")
	}
	for name, src := range map[string]string{"nodes": nodes.String(), "duties": duties.String()} {
		t.Run(name, func(t *testing.T) {
			_, diags := LoadSources([]Source{{Path: "x.toml", Text: src}}, Options{})
			if len(diags) != 1 || diags[0].Code != "limit" || !strings.Contains(diags[0].String(), "at most") {
				t.Errorf("want one limit error; got %v", diags)
			}
		})
	}
}

func itoa(i int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + formatInt(i)) }

func formatInt(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

func TestWithoutCopies(t *testing.T) {
	load := func(path string) *Runbook {
		t.Helper()
		rb, diags := LoadFile(path, Options{})
		if rb == nil {
			t.Fatal(diags)
		}
		return rb
	}
	shipped := []*Runbook{load(filepath.Join(testdataDir, "valid", "minimal.toml"))}
	same := load(filepath.Join(testdataDir, "valid", "minimal.toml"))
	other := load(filepath.Join(testdataDir, "valid", "japanese.toml"))
	edited, diags := LoadSources([]Source{{Path: "minimal.toml", Text: shipped[0].Sources[0].Text + "\n# edited\n"}}, Options{})
	if edited == nil {
		t.Fatal(diags)
	}
	got := WithoutCopies([]*Runbook{same, other, edited}, shipped)
	if len(got) != 2 || got[0] != other || got[1] != edited {
		t.Errorf("WithoutCopies kept %d runbooks; want the other and the edited one", len(got))
	}
}

// countingFS counts how often each file is opened.
type countingFS struct {
	fs.FS
	opens map[string]int
}

func (c countingFS) Open(name string) (fs.File, error) {
	c.opens[name]++
	return c.FS.Open(name)
}

// A walk reads each file once: to classify it and to load it, and a
// contacts file shared by several runbooks.
func TestSetReadsEachFileOnce(t *testing.T) {
	first, err := os.ReadFile(filepath.Join(testdataDir, "valid", "chain", "runbook.toml"))
	if err != nil {
		t.Fatal(err)
	}
	second := strings.Replace(string(first), `id = "mini-chain"`, `id = "mini-chain-2"`, 1)
	fsys := fstest.MapFS{
		"a.toml":               {Data: first},
		"b.toml":               {Data: []byte(second)},
		"shared/contacts.toml": {Data: mustRead(t, filepath.Join(testdataDir, "valid", "chain", "shared", "contacts.toml"))},
		"shared/parties.toml":  {Data: mustRead(t, filepath.Join(testdataDir, "valid", "chain", "shared", "parties.toml"))},
	}
	counting := countingFS{FS: fsys, opens: map[string]int{}}
	set := LoadSetFS(counting, Options{Now: testNow})
	if len(set.Runbooks) != 2 || len(set.Diagnostics) != 0 {
		t.Fatalf("runbooks %d, diagnostics %v", len(set.Runbooks), set.Diagnostics)
	}
	for name, n := range counting.opens {
		if n != 1 && strings.HasSuffix(name, ".toml") {
			t.Errorf("%s read %d times; want once", name, n)
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
