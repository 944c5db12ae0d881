package sshsig

import (
	"bufio"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"
)

// AllowedSigner is one line of an allowed_signers file (ssh-keygen(1),
// ALLOWED SIGNERS): who may sign, with which key, for what and when.
type AllowedSigner struct {
	Line       int
	Principals []string // patterns, e.g. "sato@example.jp" or "*@example.jp"
	Namespaces []string // patterns; empty means any namespace
	// ValidAfter and ValidBefore bound when the key may have signed; zero
	// means unbounded.
	ValidAfter, ValidBefore time.Time
	Key                     ssh.PublicKey
}

// AllowedSigners is a parsed allowed_signers file.
type AllowedSigners []AllowedSigner

// ParseError locates a bad line of an allowed_signers file.
type ParseError struct {
	Line int
	Msg  string
}

func (e *ParseError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// ParseAllowedSigners reads an allowed_signers file in the format git and
// OpenSSH use:
//
//	sato@example.jp ssh-ed25519 AAAA… sato@laptop
//	*@example.jp namespaces="shodo-journal",valid-after="20260101" ssh-ed25519 AAAA…
//
// Blank lines and lines starting with # are skipped. cert-authority lines
// (keys that vouch for certificates) are refused: shodo checks plain keys.
// Every bad line is an error naming its line.
func ParseAllowedSigners(r io.Reader) (AllowedSigners, error) {
	var out AllowedSigners
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		s, err := parseAllowedLine(n, line)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

func parseAllowedLine(n int, line string) (AllowedSigner, error) {
	bad := func(format string, args ...any) (AllowedSigner, error) {
		return AllowedSigner{}, &ParseError{Line: n, Msg: fmt.Sprintf(format, args...)}
	}
	principals, rest := nextField(line)
	s := AllowedSigner{Line: n, Principals: strings.Split(principals, ",")}
	field, after := nextField(rest)
	// The options field is present when the next field is not a key type.
	if field != "" && !isKeyType(field) {
		for _, opt := range splitOptions(field) {
			name, value, _ := strings.Cut(opt, "=")
			value = strings.Trim(value, `"`)
			switch strings.ToLower(name) {
			case "namespaces":
				s.Namespaces = strings.Split(value, ",")
			case "valid-after", "valid-before":
				t, err := parseValidity(value)
				if err != nil {
					return bad("%s: %v", name, err)
				}
				if strings.EqualFold(name, "valid-after") {
					s.ValidAfter = t
				} else {
					s.ValidBefore = t
				}
			case "cert-authority":
				return bad("cert-authority keys are not supported; list each signer's own key")
			default:
				return bad("unknown option %q (known: namespaces, valid-after, valid-before)", name)
			}
		}
		rest = after
	}
	key, _, _, _, err := ssh.ParseAuthorizedKey([]byte(rest))
	if err != nil {
		return bad("no public key after the principals: %v", err)
	}
	s.Key = key
	return s, nil
}

// nextField splits off the first whitespace-separated field, keeping quoted
// spans (options may quote commas and spaces) whole.
func nextField(s string) (field, rest string) {
	s = strings.TrimLeft(s, " \t")
	quoted := false
	for i, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
		case (r == ' ' || r == '\t') && !quoted:
			return s[:i], strings.TrimLeft(s[i:], " \t")
		}
	}
	return s, ""
}

// splitOptions splits name=value,name="a,b" at commas outside quotes.
func splitOptions(s string) []string {
	var out []string
	quoted, start := false, 0
	for i, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
		case r == ',' && !quoted:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

func isKeyType(s string) bool {
	return strings.HasPrefix(s, "ssh-") || strings.HasPrefix(s, "ecdsa-") || strings.HasPrefix(s, "sk-")
}

// parseValidity reads YYYYMMDD or YYYYMMDDHHMM[SS], in UTC when it ends in
// Z and in UTC otherwise too (shodo has no notion of the file writer's
// local zone; write Z to be explicit).
func parseValidity(v string) (time.Time, error) {
	v = strings.TrimSuffix(v, "Z")
	for _, layout := range []string{"20060102150405", "200601021504", "20060102"} {
		if len(v) == len(layout) {
			if t, err := time.Parse(layout, v); err == nil {
				return t, nil
			}
		}
	}
	return time.Time{}, fmt.Errorf("%q is not YYYYMMDD[HHMM[SS]][Z]", v)
}

// Allowed reports whether key may sign in namespace at time at, and under
// which principal (the first of the matching line).
func (a AllowedSigners) Allowed(key ssh.PublicKey, namespace string, at time.Time) (principal string, ok bool) {
	want := key.Marshal()
	for _, s := range a {
		if !slices.Equal(s.Key.Marshal(), want) {
			continue
		}
		if len(s.Namespaces) > 0 && !matchAny(s.Namespaces, namespace) {
			continue
		}
		if (!s.ValidAfter.IsZero() && at.Before(s.ValidAfter)) || (!s.ValidBefore.IsZero() && !at.Before(s.ValidBefore)) {
			continue
		}
		return s.Principals[0], true
	}
	return "", false
}

func matchAny(patterns []string, s string) bool {
	for _, p := range patterns {
		if ok, _ := path.Match(p, s); ok {
			return true
		}
	}
	return false
}
