package i18n

import (
	"strconv"
	"strings"
)

// parseMessages reads a message file written in the plain subset of TOML
// the catalogue uses — comments, [section.headers], and bare keys set to
// one-line "basic" or 'literal' strings — into nested tables, as a TOML
// decoder would. It reports false for anything else (a multi-line string,
// an inline table, a quoted key), and the caller then uses the full
// decoder: this is only a fast path. Every command loads a catalogue at
// start, and the full decoder spent most of a short command's time on it;
// a test checks both read every shipped file alike.
func parseMessages(src string) (map[string]any, bool) {
	root := map[string]any{}
	table := root
	for len(src) > 0 {
		line, rest, _ := strings.Cut(src, "\n")
		src = rest
		line = strings.TrimSpace(strings.TrimSuffix(line, "\r"))
		switch {
		case line == "" || line[0] == '#':
			continue
		case line[0] == '[':
			name, ok := strings.CutSuffix(line, "]")
			if !ok || strings.HasPrefix(name, "[[") {
				return nil, false
			}
			table = root
			for _, part := range strings.Split(name[1:], ".") {
				if !bareKey(part) {
					return nil, false
				}
				next, ok := table[part].(map[string]any)
				if !ok {
					if _, taken := table[part]; taken {
						return nil, false
					}
					next = map[string]any{}
					table[part] = next
				}
				table = next
			}
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		key = strings.TrimSpace(key)
		if !ok || !bareKey(key) {
			return nil, false
		}
		if _, taken := table[key]; taken {
			return nil, false
		}
		s, ok := stringValue(strings.TrimSpace(value))
		if !ok {
			return nil, false
		}
		table[key] = s
	}
	return root, true
}

func bareKey(k string) bool {
	if k == "" {
		return false
	}
	for _, r := range k {
		if !(r == '-' || r == '_' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
			return false
		}
	}
	return true
}

// stringValue reads one string and an optional comment after it.
func stringValue(v string) (string, bool) {
	if len(v) < 2 {
		return "", false
	}
	var s, rest string
	switch v[0] {
	case '\'':
		end := strings.IndexByte(v[1:], '\'')
		if end < 0 || strings.HasPrefix(v, "'''") {
			return "", false
		}
		s, rest = v[1:1+end], v[2+end:]
	case '"':
		if strings.HasPrefix(v, `"""`) {
			return "", false
		}
		end := 1
		for ; end < len(v); end++ {
			if v[end] == '\\' {
				end++
				continue
			}
			if v[end] == '"' {
				break
			}
		}
		if end >= len(v) {
			return "", false
		}
		unq, err := strconv.Unquote(v[:end+1])
		if err != nil || strings.Contains(v[:end+1], `\x`) || strings.Contains(v[:end+1], `\'`) {
			// Go's escapes are a superset of TOML's: refuse the ones
			// TOML lacks rather than read them differently.
			return "", false
		}
		s, rest = unq, v[end+1:]
	default:
		return "", false
	}
	rest = strings.TrimSpace(rest)
	if rest != "" && rest[0] != '#' {
		return "", false
	}
	return s, true
}
