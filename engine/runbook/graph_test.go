package runbook

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/internal/testkit"
)

// graphFixtures are runbooks built in Go, so that the graph tests need no
// loader: an English one with a loop and stamps, a Japanese one, and one
// whose text tries every character that could break either syntax.
func graphFixtures() map[string]*Runbook {
	english := &Runbook{
		ID:    "service-failure",
		Title: "Service failure → security verdict",
		Triage: Triage{
			Start: "symptom",
			Nodes: []*Node{
				{ID: "symptom", Ask: "What was reported?", Options: []*Option{
					{ID: "down", Label: "Service down, slow or erroring", Next: "change"},
					{ID: "ransom", Label: "Files renamed / ransom note", Verdict: "ransomware", Stamp: []string{"pii-suspected"}},
				}},
				{ID: "change", Ask: "Was anything changed in the last 24 hours?", Options: []*Option{
					{ID: "yes", Label: "Yes, a deploy or config change", Verdict: "ordinary-fault"},
					{ID: "no", Label: "No change we know of", Next: "vendor-check"},
				}},
				{ID: "vendor-check", Ask: "What does the vendor see in the logs?", Options: []*Option{
					{ID: "wait", Label: "No answer yet: ask again", Next: "change"},
					{ID: "intrusion", Label: "Unknown logins", Verdict: "intrusion", Stamp: []string{"pii-suspected", "access-confirmed"}},
					{ID: "hw", Label: "Hardware fault", Verdict: "ordinary-fault"},
				}},
			},
		},
		Verdicts: []*Verdict{
			{ID: "ordinary-fault", Title: "Ordinary fault"},
			{ID: "ransomware", Title: "Security incident: ransomware", Security: true, Rank: "A"},
			{ID: "intrusion", Title: "Security incident: unauthorised access", Security: true},
			{ID: "unreached", Title: "Verdict no option reaches"},
		},
	}
	japanese := &Runbook{
		ID:    "service-failure-ja",
		Title: "サービス障害 → セキュリティ判定",
		Triage: Triage{
			Start: "symptom",
			Nodes: []*Node{
				{ID: "symptom", Ask: "何が報告されましたか？", Options: []*Option{
					{ID: "down", Label: "サービス停止・遅延・エラー", Verdict: "fault"},
					{ID: "ransom", Label: "ファイル名の変更／脅迫文", Verdict: "ransomware"},
				}},
			},
		},
		Verdicts: []*Verdict{
			{ID: "fault", Title: "通常の障害"},
			{ID: "ransomware", Title: "セキュリティインシデント：ランサムウェア", Security: true, Rank: "A"},
		},
	}
	hostile := &Runbook{
		ID:    "escapes",
		Title: `Title with "quotes" and \backslash`,
		Triage: Triage{
			// "end" is a reserved word in Mermaid flowcharts.
			Start: "end",
			Nodes: []*Node{
				{ID: "end", Ask: "Quote \" bracket [x] (y) {z} hash #1 pipe | amp & lt < gt > tick ` back \\ semi ; pct %%\nsecond line", Options: []*Option{
					{ID: "a", Label: "A | B \"C\" #quot; <b>bold</b>", Next: "ctrl"},
					{ID: "b", Label: "end --> x\r\nline2 \\n literal", Verdict: "same-id"},
				}},
				{ID: "ctrl", Ask: "bell\a esc\x1b[31mred\x1b[0m tab\there c1\u0085 bidi\u202eevil\u202c del\x7f", Options: []*Option{
					{ID: "c", Label: "日本語「かぎ括弧」と［全角］＃", Verdict: "same-id"},
				}},
				{ID: "same-id", Ask: "A node that shares its id with a verdict", Options: []*Option{
					{ID: "d", Label: "to the verdict", Verdict: "same-id"},
					{ID: "e", Label: "to a node whose name collides", Next: "same_id"},
				}},
				{ID: "same_id", Ask: "Underscore, not dash: named apart", Options: []*Option{
					{ID: "f", Label: "to the verdict", Verdict: "same-id"},
				}},
			},
		},
		Verdicts: []*Verdict{
			{ID: "same-id", Title: "Security: \"bad\" | worse #1", Security: true, Rank: "A\"B"},
		},
	}
	// Format version 2: duties whose condition names answers and
	// verdicts are drawn beside the triage.
	conditions, _ := LoadFile(filepath.Join(testdataDir, "valid", "v2-conditions.toml"), Options{})
	// Multi and number nodes with their own way on, options that set
	// dimensions, duties on a threshold and on a dimension.
	answers, _ := LoadFile(filepath.Join(testdataDir, "valid", "v2-answers.toml"), Options{})
	// A duty owed to the police and the insurer, and one to each entry of
	// a list field.
	recipients, _ := LoadFile(filepath.Join("..", "..", "testdata", "incident", "recipients.toml"), Options{})
	return map[string]*Runbook{"english": english, "japanese": japanese, "escapes": hostile, "conditions": conditions, "answers": answers, "recipients": recipients}
}

func TestGraphGolden(t *testing.T) {
	t.Parallel()
	for name, rb := range graphFixtures() {
		for _, f := range []struct {
			ext  string
			draw func(*Runbook) string
		}{{"mmd", Mermaid}, {"dot", DOT}} {
			t.Run(name+"."+f.ext, func(t *testing.T) {
				t.Parallel()
				got := f.draw(rb)
				if again := f.draw(rb); again != got {
					t.Fatalf("output is not deterministic")
				}
				testkit.Golden(t, filepath.Join("..", "..", "testdata", "graph", name+"."+f.ext), []byte(got))
			})
		}
	}
}

// mermaidLine is every line shape Mermaid writes; quoted text must not hold
// a raw '"', so a label can never end early and inject syntax.
var mermaidLine = regexp.MustCompile(`^(flowchart TD` +
	`|    %% shodo runbook [^\n]*` +
	`|    entry\(\("start"\)\)` +
	`|    [A-Za-z0-9_]+(\["[^"]*"\]|\(\["[^"]*"\]\)|\{\{"[^"]*"\}\})` +
	`|    [A-Za-z0-9_]+ --> [A-Za-z0-9_]+` +
	`|    [A-Za-z0-9_]+ -->\|"[^"|]*"\| [A-Za-z0-9_]+` +
	`|    [A-Za-z0-9_]+ -\.->\|"[^"|]*"\| [A-Za-z0-9_]+` +
	`|    [A-Za-z0-9_]+>"[^"]*"\]` +
	`|    classDef [a-z]+ [a-z0-9:#,-]+` +
	`|    class [a-z0-9_,]+ [a-z]+)$`)

// dotLine checks DOT lines: ids and values are quoted strings in which
// every '"' and '\' is escaped.
var dotLine = regexp.MustCompile(`^(digraph "(?:[^"\\]|\\.)*" \{` +
	`|    (graph|node|edge) \[.*\];` +
	`|    "[A-Za-z0-9_]+" \[(?:[a-z]+=(?:"(?:[^"\\]|\\.)*"|[a-z0-9]+)(?:, )?)+\];` +
	`|    "[A-Za-z0-9_]+" -> "[A-Za-z0-9_]+"(?: \[label="(?:[^"\\]|\\.)*"(?:, [a-z]+=[a-z]+)*\])?;` +
	`|\})$`)

func TestGraphSyntax(t *testing.T) {
	t.Parallel()
	for name, rb := range graphFixtures() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for _, tc := range []struct {
				lang string
				out  string
				line *regexp.Regexp
			}{{"mermaid", Mermaid(rb), mermaidLine}, {"dot", DOT(rb), dotLine}} {
				for i, line := range strings.Split(strings.TrimSuffix(tc.out, "\n"), "\n") {
					if !tc.line.MatchString(line) {
						t.Errorf("%s line %d has an unexpected shape: %q", tc.lang, i+1, line)
					}
				}
				for _, r := range tc.out {
					if (r < 0x20 && r != '\n') || (r >= 0x7f && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) {
						t.Errorf("%s output holds control character %U", tc.lang, r)
					}
				}
			}
		})
	}
}

func TestGraphContent(t *testing.T) {
	t.Parallel()
	rb := graphFixtures()["english"]
	tests := []struct {
		name, lang, out string
		want            []string
	}{
		{"start marked", "mermaid", Mermaid(rb), []string{"entry --> n_symptom", "class n_symptom start"}},
		{"security verdict shape, class and word", "mermaid", Mermaid(rb), []string{
			`v_ransomware{{"security verdict · rank A<br>Security incident: ransomware"}}`,
			"class v_ransomware,v_intrusion security",
		}},
		{"ordinary verdict", "mermaid", Mermaid(rb), []string{`v_ordinary_fault(["verdict<br>Ordinary fault"])`, "class v_ordinary_fault,v_unreached verdict"}},
		{"edge labels and stamps", "mermaid", Mermaid(rb), []string{
			`n_symptom -->|"Files renamed / ransom note<br>stamps pii-suspected"| v_ransomware`,
			`n_vendor_check -->|"No answer yet: ask again"| n_change`,
		}},
		{"start marked", "dot", DOT(rb), []string{`"entry" -> "n_symptom";`, `"n_symptom" [label="What was reported?", penwidth=3, class="start"];`}},
		{"security verdict shape, class and word", "dot", DOT(rb), []string{
			`"v_ransomware" [label="security verdict · rank A\nSecurity incident: ransomware", shape=hexagon`,
			`class="security"`,
		}},
		{"edge labels and stamps", "dot", DOT(rb), []string{
			`"n_vendor_check" -> "v_intrusion" [label="Unknown logins\nstamps pii-suspected, access-confirmed"];`,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.lang+"/"+tc.name, func(t *testing.T) {
			t.Parallel()
			for _, w := range tc.want {
				if !strings.Contains(tc.out, w) {
					t.Errorf("output lacks %q:\n%s", w, tc.out)
				}
			}
		})
	}
}

func TestGraphEscapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, mermaid, dot string
	}{
		{"quote", `say "hi"`, `say #quot;hi#quot;`, `"say \"hi\""`},
		{"hash stays literal", "#quot; #1", "#35;quot; #35;1", `"#quot; #1"`},
		{"pipe and brackets", "a | [b] {c}", "a #124; [b] {c}", `"a | [b] {c}"`},
		{"html", "<b>&</b>", "#lt;b#gt;#amp;#lt;/b#gt;", `"<b>&</b>"`},
		{"newline", "one\ntwo\r\nthree", "one<br>two<br>three", `"one\ntwo\nthree"`},
		{"backslash", `a\nb \\`, `a\nb \\`, `"a\\nb \\\\"`},
		{"percent", "100%% sure", "100#37;#37; sure", `"100%% sure"`},
		{"japanese", "判定：ランサムウェア「暗号化」", "判定：ランサムウェア「暗号化」", `"判定：ランサムウェア「暗号化」"`},
		{"controls dropped", "a\x1b[31mb\ac\u202ed\u0085e\tf", "a[31mbcde f", `"a[31mbcde f"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := mermaidText(tc.in); got != tc.mermaid {
				t.Errorf("mermaidText(%q) = %q, want %q", tc.in, got, tc.mermaid)
			}
			if got := dotQuote(tc.in); got != tc.dot {
				t.Errorf("dotQuote(%q) = %q, want %q", tc.in, got, tc.dot)
			}
		})
	}
}

func TestGraphNames(t *testing.T) {
	t.Parallel()
	g := newGraphNames()
	steps := []struct{ kind, id, want string }{
		{"node", "symptom", "n_symptom"},
		{"node", "vendor-check", "n_vendor_check"},
		{"node", "vendor_check", "n_vendor_check_2"},
		{"node", "vendor-check", "n_vendor_check"}, // stable on a second ask
		{"verdict", "symptom", "v_symptom"},
		{"verdict", "end", "v_end"},
		{"node", "Rank_A", "n_Rank_A"},
		{"node", `a"b c`, "n_a_b_c"},
		{"node", "a_b_c", "n_a_b_c_2"},
		{"node", "判定", "n___"},
	}
	for _, st := range steps {
		got := g.node(st.id)
		if st.kind == "verdict" {
			got = g.verdict(st.id)
		}
		if got != st.want {
			t.Errorf("%s %q named %q, want %q", st.kind, st.id, got, st.want)
		}
	}
}
