package textwrap

import (
	"strings"
	"testing"
)

func TestLines(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		in   string
		w    int
		want []string
	}{
		{"latin words break at spaces", "call the vendor hotline now", 10,
			[]string{"call the", "vendor", "hotline", "now"}},
		{"a word longer than the line is cut, and only then", "abcdefghijkl now", 5,
			[]string{"abcde", "fghij", "kl", "now"}},
		{"line breaks stay", "a\nb", 10, []string{"a", "b"}},
		{"empty", "", 5, []string{""}},
		{"no width, no lines", "abc", 0, nil},
		// The examples: a clause number stays with its 第 and
		// its opening bracket, so no line ends with "（第".
		{"an article number is one word", "個人情報保護委員会への速報（第7条：発覚から3〜5日以内）", 20,
			[]string{"個人情報保護委員会へ", "の速報（第7条：発覚", "から3〜5日以内）"}},
		{"no line ends with an opening bracket", "個人情報保護委員会へ（第7条）", 20,
			[]string{"個人情報保護委員会へ", "（第7条）"}},
		{"a middle dot joins terms: the break goes after it, not inside the next word", "不正アクセスの疑いがあるアカウント・通信を遮断する", 26,
			[]string{"不正アクセスの疑いがある", "アカウント・通信を遮断する"}},
		{"no line starts with a middle dot", "アカウント・通信", 10,
			[]string{"アカウン", "ト・通信"}},
		{"no line starts with a long-vowel mark", "保守ベンダーへの第一報", 10,
			[]string{"保守ベン", "ダーへの", "第一報"}},
		{"a long-vowel mark is no place to prefer: the line takes the whole word", "対象機器はネットワークから切り離す", 26,
			[]string{"対象機器はネットワークから", "切り離す"}},
		{"a katakana word is not split when a break outside it keeps half the line", "外部サービス）か、セキュリティインシデント（不正アクセス）", 30,
			[]string{"外部サービス）か、", "セキュリティインシデント（不正", "アクセス）"}},
		{"no line starts with a comma", "あいうえ、かき", 8, []string{"あいう", "え、かき"}},
		{"no line starts with a full stop or a closing bracket", "「連絡済み」。次へ", 10,
			[]string{"「連絡済", "み」。次へ"}},
		{"no line starts with a question mark", "連絡しましたか？はい", 14,
			[]string{"連絡しました", "か？はい"}},
		{"no line starts with small kana", "ここでちょっと待つ", 8, []string{"ここで", "ちょっと", "待つ"}},
		{"hours stay with their number", "発覚から72時間以内に報告", 12,
			[]string{"発覚から", "72時間以内に", "報告"}},
		{"mixed english and japanese", "Call 保守ベンダー within 1 h（24時間365日）", 20,
			[]string{"Call 保守ベンダー", "within 1 h", "（24時間365日）"}},
		{"a URL that fits moves whole to the next line", "See https://example.com/status for news", 30,
			[]string{"See https://example.com/status", "for news"}},
		{"a URL is not broken at its slashes", "Open https://example.com/a/b now", 24,
			[]string{"Open", "https://example.com/a/b", "now"}},
		{"a URL longer than the line is cut at the edge", "https://example.com/abcdefghij", 12,
			[]string{"https://exam", "ple.com/abcd", "efghij"}},
		{"a slash between words is not a break", "below (up/dn scrolls)", 10,
			[]string{"below", "(up/dn", "scrolls)"}},
		{"a list item hangs under its text", "- check the load balancer logs", 16,
			[]string{"- check the load", "  balancer logs"}},
		{"a numbered item hangs under its text", "12. restart the primary database", 16,
			[]string{"12. restart the", "    primary", "    database"}},
		{"a japanese bullet hangs under its text", "・ベンダーの障害受付窓口に電話する", 16,
			[]string{"・ベンダーの障害", "  受付窓口に電話", "  する"}},
		{"an indented paragraph keeps its indent", "  a b c d e f g h", 10,
			[]string{"  a b c d", "  e f g h"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := Lines(tc.in, tc.w)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
				t.Fatalf("Lines(%q, %d) =\n%q\nwant\n%q", tc.in, tc.w, got, tc.want)
			}
			for _, l := range got {
				if Width(l) > tc.w {
					t.Errorf("line %q is %d cells, wider than %d", l, Width(l), tc.w)
				}
			}
		})
	}
}

func TestHanging(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, label, text string
		w                 int
		want              []string
	}{
		{"continuation lines start under the text", "Due: ", "call the vendor's support desk within one hour", 20,
			[]string{"Due: call the", "     vendor's", "     support desk", "     within one hour"}},
		{"a wide label, and a break where a new word starts", "期限：", "ベンダーの障害受付窓口に連絡する", 20,
			[]string{"期限：ベンダーの", "      障害受付窓口に", "      連絡する"}},
		{"a line break in the text keeps the indent", "> ", "first\nsecond", 20,
			[]string{"> first", "  second"}},
		{"a label wider than half the line gives up the indent", "A long label: ", "one two three", 20,
			[]string{"A long label: one", "two three"}},
		{"no break inside the label", "Call now: ", "x", 6,
			[]string{"Call now: x"[:6], "ow: x"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := Hanging(tc.label, tc.text, tc.w)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Fatalf("Hanging(%q, %q, %d) =\n%q\nwant\n%q", tc.label, tc.text, tc.w, got, tc.want)
			}
		})
	}
}

// FuzzLines checks what every wrap must keep: no line wider than the
// width (when every character fits in it), and the text itself, in order,
// with only the spaces it broke at and the indents it added.
func FuzzLines(f *testing.F) {
	for _, seed := range []string{
		"call the vendor hotline now",
		"個人情報保護委員会への速報（第7条：発覚から3〜5日以内）",
		"不正アクセスの疑いがあるアカウント・通信を遮断する",
		"- check the load balancer logs\n・ベンダーに電話する",
		"See https://example.com/a/b?c=d for details",
		"   ", "a  b", "「」（）、。",
	} {
		f.Add(seed, 10)
	}
	f.Fuzz(func(t *testing.T, s string, w int) {
		// Any input is a case: invalid UTF-8 is made valid as a
		// sanitiser would, and the width brought into 2..200 (a width of
		// one cannot hold a wide character, which then stands alone).
		s = strings.ToValidUTF8(s, "\uFFFD")
		w = 2 + (w%199+199)%199
		lines := Lines(s, w)
		paras := strings.Split(s, "\n")
		// Lines of a paragraph are regrouped by matching the input.
		rest := lines
		for _, para := range paras {
			if len(rest) == 0 {
				t.Fatalf("Lines(%q, %d) = %q: lost paragraph %q", s, w, lines, para)
			}
			n := consume(t, para, rest)
			rest = rest[n:]
		}
		if len(rest) != 0 {
			t.Fatalf("Lines(%q, %d) = %q: extra lines %q", s, w, lines, rest)
		}
		for _, l := range lines {
			if Width(l) > w && !oneCluster(strings.TrimLeft(l, " ")) {
				t.Fatalf("Lines(%q, %d): line %q is %d cells", s, w, l, Width(l))
			}
		}
		// Beside a label, the same text in the same order, spaces aside.
		const label = "期限："
		hung := Hanging(label, s, w)
		if Width(label) <= w && !strings.HasPrefix(hung[0], label) {
			t.Fatalf("Hanging(%q, %q, %d) = %q: the label is not first", label, s, w, hung)
		}
		if got, want := noSpace(strings.Join(hung, "")), noSpace(label+s); got != want {
			t.Fatalf("Hanging(%q, %q, %d) = %q: text lost or reordered", label, s, w, hung)
		}
		for _, l := range hung {
			if Width(l) > w && !oneCluster(strings.TrimLeft(l, " ")) {
				t.Fatalf("Hanging(%q, %q, %d): line %q is %d cells", label, s, w, l, Width(l))
			}
		}
	})
}

func noSpace(s string) string {
	return strings.NewReplacer(" ", "", "\n", "").Replace(s)
}

// consume matches para against the first lines: the first line is a
// prefix of para, each next line (its indent dropped) follows after
// nothing but spaces. It returns how many lines para took.
func consume(t *testing.T, para string, lines []string) int {
	t.Helper()
	if !strings.HasPrefix(para, lines[0]) {
		t.Fatalf("line %q does not start paragraph %q", lines[0], para)
	}
	pos := len(lines[0])
	n := 1
	for ; n < len(lines); n++ {
		gap := strings.TrimLeft(para[pos:], " ")
		if gap == "" {
			break
		}
		next := strings.TrimLeft(lines[n], " ")
		if next == "" || !strings.HasPrefix(gap, next) {
			break
		}
		pos = len(para) - len(gap) + len(next)
	}
	if strings.Trim(para[pos:], " ") != "" {
		t.Fatalf("paragraph %q: lost or reordered %q (lines %q)", para, para[pos:], lines[:n])
	}
	return n
}

func oneCluster(s string) bool {
	return len(segment(s)) <= 1
}
