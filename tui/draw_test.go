package tui

import (
	"strings"
	"testing"
)

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		w    int
		want []string
	}{
		{"latin words", "call the vendor hotline now", 10, []string{"call the", "vendor", "hotline", "now"}},
		{"long word is cut", "abcdefghijkl", 5, []string{"abcde", "fghij", "kl"}},
		{"line breaks stay", "a\nb", 10, []string{"a", "b"}},
		{"japanese breaks between words, never before a long-vowel mark", "保守ベンダーへの第一報", 10, []string{"保守ベン", "ダーへの", "第一報"}},
		{"no line starts with a comma", "あいうえ、かき", 8, []string{"あいう", "え、かき"}},
		{"no line ends with an opening bracket", "あいう「かき」", 8, []string{"あいう", "「かき」"}},
		{"mixed", "範囲: 再起動の前に", 8, []string{"範囲: 再", "起動の前", "に"}},
		{"empty", "", 5, []string{""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := wrap(tc.in, tc.w)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Fatalf("wrap(%q, %d) = %q, want %q", tc.in, tc.w, got, tc.want)
			}
			for _, l := range got {
				if width(l) > tc.w {
					t.Fatalf("line %q is %d cells, wider than %d", l, width(l), tc.w)
				}
			}
		})
	}
}

func TestFitAndCut(t *testing.T) {
	for _, tc := range []struct {
		in   string
		w    int
		want string
	}{
		{"abc", 5, "abc  "},
		{"abcdefgh", 6, "abc..."},
		{"日本語テキスト", 7, "日本..."},
		{"日本語テキスト", 4, "日本"}, // no room for the ellipsis
		{"日本語テキスト", 3, "日 "}, // a wide character never straddles the edge
		{"日本語", 6, "日本語"},
		{"abc", 0, ""},
		{"abcdef", 3, "abc"},
	} {
		if got := fit(tc.in, tc.w); got != tc.want {
			t.Errorf("fit(%q, %d) = %q, want %q", tc.in, tc.w, got, tc.want)
		}
		if got := fit(tc.in, tc.w); width(got) != max(0, tc.w) {
			t.Errorf("fit(%q, %d) is %d cells", tc.in, tc.w, width(got))
		}
	}
}

func TestFrame(t *testing.T) {
	b := frame([]string{"a", "日本語のとても長い行", "c", "d"}, 6, 3)
	if len(b) != 3 {
		t.Fatalf("%d lines", len(b))
	}
	for _, l := range b {
		if width(l) != 6 {
			t.Fatalf("line %q is %d cells", l, width(l))
		}
	}
}
