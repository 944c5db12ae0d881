package runbook

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// Every declared message is in every language's catalogue, using exactly
// its declared placeholders.
func TestMessagesInEveryLanguage(t *testing.T) {
	t.Parallel()
	for _, err := range CheckMessages(Messages(), "") {
		t.Error(err)
	}
}

// Messages() lists every Message this package declares, so the test above
// sees them all: a message declared but left out of the list fails here.
func TestMessagesListIsComplete(t *testing.T) {
	t.Parallel()
	declared := declaredMessages(t, ".", "msg")
	listed := map[string]bool{}
	for _, m := range Messages() {
		listed[m.ID] = true
	}
	for name, m := range declared {
		if !listed[m.ID] {
			t.Errorf("%s (%s) is declared but not in Messages()", name, m.ID)
		}
	}
	if len(declared) < 100 {
		t.Errorf("found only %d declarations; the scan is broken", len(declared))
	}
	// No message of [runbook] in the English catalogue is left undeclared
	// (a dead message would be translated for nothing).
	for _, id := range i18n.New(i18n.English).IDs("runbook.") {
		if !listed[id] && !strings.HasPrefix(id, "runbook.scenario.") && !strings.HasPrefix(id, "runbook.library.") {
			t.Errorf("en.toml has %s, which no package declares", id)
		}
	}
}

// declaredMessages returns, by variable name, the id of every package-level
// variable of the Go files in dir initialised by a call to ctor ("msg").
func declaredMessages(t *testing.T, dir, ctor string) map[string]Message {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]Message{}
	prefix := ""
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok && fn.Name.Name == ctor {
				// func msg(id, …) Message { return Message{ID: "runbook." + id, …} }
				ast.Inspect(fn, func(n ast.Node) bool {
					if b, ok := n.(*ast.BinaryExpr); ok {
						if lit, ok := b.X.(*ast.BasicLit); ok {
							prefix = strings.Trim(lit.Value, `"`)
						}
					}
					return true
				})
			}
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.VAR {
				continue
			}
			for _, spec := range gen.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, v := range vs.Values {
					call, ok := v.(*ast.CallExpr)
					if !ok {
						continue
					}
					if fn, isIdent := call.Fun.(*ast.Ident); !isIdent || fn.Name != ctor {
						continue
					}
					m := Message{ID: strings.Trim(call.Args[0].(*ast.BasicLit).Value, `"`)}
					for _, p := range call.Args[2:] {
						m.Params = append(m.Params, strings.Trim(p.(*ast.BasicLit).Value, `"`))
					}
					out[vs.Names[i].Name] = m
				}
			}
		}
	}
	for name, m := range out {
		m.ID = prefix + m.ID
		out[name] = m
	}
	return out
}

// declaredParams maps every message id to its parameters.
func declaredParams(msgs []Message) map[string][]string {
	out := map[string][]string{}
	for _, m := range msgs {
		out[m.ID] = m.Params
	}
	return out
}

// checkArgs reports diagnostics whose messages (or parts) were given
// arguments other than their declared parameters.
func checkArgs(t *testing.T, diags Diagnostics, params map[string][]string) {
	t.Helper()
	for _, d := range diags {
		if _, ok := params[d.Message.ID]; !ok || d.Code == "" {
			t.Errorf("%s: message %q is undeclared or has no code", d, d.Message.ID)
		}
		for id, calls := range d.Message.Names() {
			want, ok := params[id]
			if !ok {
				t.Errorf("%s: part %q is undeclared", d, id)
				continue
			}
			for _, got := range calls {
				if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
					t.Errorf("%s: %s was given %v; it declares %v", d, id, got, want)
				}
			}
		}
	}
}

// invalidFixtures loads every invalid runbook fixture.
func invalidFixtures(t *testing.T) map[string]Diagnostics {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(testdataDir, "invalid", "*"))
	if err != nil || len(dirs) < 40 {
		t.Fatalf("invalid fixtures: %v, %d", err, len(dirs))
	}
	out := map[string]Diagnostics{}
	for _, dir := range dirs {
		_, diags := LoadFile(filepath.Join(dir, "runbook.toml"), Options{Now: testNow})
		out[dir] = diags
	}
	return out
}

// Every diagnostic the fixtures produce gives its message, and each part,
// exactly the declared arguments.
func TestDiagnosticsUseDeclaredParams(t *testing.T) {
	t.Parallel()
	params := declaredParams(Messages())
	for _, diags := range invalidFixtures(t) {
		checkArgs(t, diags, params)
	}
	// Messages no fixture reaches: the duration and trigger reasons, a
	// missing file, a walk over a file that is not there.
	var extra Diagnostics
	for _, s := range []string{"", "-1h", "1x", "h", "99999999h", "1m1h", "0m", "5000d"} {
		if _, err := ParseDuration(s); err != nil {
			extra = append(extra, Diagnostic{Code: "test", Message: msgBadDuration.With(Part("What", subjectNumbered(&msgKindDuty, 1).msg()), Part("Problem", ProblemOf(err)))})
		}
	}
	for _, s := range []string{"started", "opened:x", "verdict:", "rank:", "done:"} {
		if _, err := ParseTrigger(s); err != nil {
			extra = append(extra, Diagnostic{Code: "test", Message: msgBadTrigger.With(Part("What", subjectNamed(&msgKindDuty, "d").msg()), Part("Problem", ProblemOf(err)))})
		}
	}
	extra = append(extra, LoadPaths([]string{filepath.Join(t.TempDir(), "missing")}, Options{}).Diagnostics...)
	if len(extra) != 14 {
		t.Errorf("%d extra diagnostics, want 14: %v", len(extra), extra)
	}
	checkArgs(t, extra, params)
}

// rendered renders diagnostics in lang, one a line, paths relative to dir.
func rendered(diags Diagnostics, dir, lang string) string {
	c := i18n.New(lang)
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(strings.ReplaceAll(d.Text(c), dir+string(filepath.Separator), ""))
		b.WriteByte('\n')
	}
	return b.String()
}

// In the pseudo-locale, every invalid fixture's diagnostics show no
// English word but the runbook's own text and ids, the file names, and the
// words of the TOML decoder (which shodo cannot translate).
func TestPseudoLocaleDiagnostics(t *testing.T) {
	t.Parallel()
	for dir, diags := range invalidFixtures(t) {
		got := rendered(diags, dir, i18n.Pseudo)
		var allow []string
		for _, d := range diags {
			allow = append(allow, strings.FieldsFunc(filepath.Base(d.File)+" "+strings.Join(d.Message.Values(), " "), notLetter)...)
		}
		if leaks := testkit.EnglishLeaks(got, allow...); len(leaks) > 0 {
			t.Errorf("%s: English outside the catalogue: %v\n%s", filepath.Base(dir), leaks, got)
		}
	}
}

func notLetter(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') }

// A handful of fixtures rendered in Japanese: the words are the
// catalogue's, the values the file's.
func TestJapaneseDiagnostics(t *testing.T) {
	t.Parallel()
	for _, name := range []string{
		"bad-trigger-unknown", "bad-duration-words", "dangling-trigger-verdict", "unknown-key-typo",
		"missing-key-id", "control-char-bidi", "wrong-type-title", "include-cycle", "duplicate-role-party",
		"warn-nda-missing", "warn-review-stale", "option-neither",
		"business-no-calendar", "calendar-unknown", "calendar-closed-not-date", "calendar-days-unknown", "from-dangling",
		"no-clock", "warn-not-after-looser", "bad-duration-mixed", "business-no-hours-party", "evidence-duplicate-id", "evidence-missing-what",
	} {
		dir := filepath.Join(testdataDir, "invalid", name)
		_, diags := LoadFile(filepath.Join(dir, "runbook.toml"), Options{Now: testNow})
		testkit.Golden(t, filepath.Join(dir, "expected.ja.txt"), []byte(rendered(diags, dir, i18n.Japanese)))
	}
}

// argConstructors build an Arg; their first argument is its name.
var argConstructors = []string{"Plain", "Quoted", "External", "Number", "Part", "QuotedList", "PlainList", "OrList", "AndList"}

// implicitArgs are the arguments a helper adds to the message it is given.
var implicitArgs = map[string][]string{
	"dangling": {"Hint"}, "Dangling": {"Hint"}, // the did-you-mean
	"badDuration": {"Duration"}, "badTrigger": {"Trigger"},
}

// kindTakers take a kind (role, duty, …) or a subject's message, whose
// arguments the subject supplies when it is put into words.
var kindTakers = []string{"subjectNamed", "subjectNumbered", "subjectFixed", "claim", "entries", "list", "List", "checkID", "whatNamed", "whatNumbered"}

// Every place in the source of this package, engine/drill and engine/library that
// names a declared message and the arguments it gets — a call such as
// r.fail(l, "", msgX, Quoted("Key", k)), msgX.With(…), a return or an
// assignment of a message with its []Arg — names exactly the declared
// parameters: a call no fixture reaches is checked too.
func TestCallSitesUseDeclaredParams(t *testing.T) {
	t.Parallel()
	checked := 0
	for _, dir := range []string{".", filepath.Join("..", "drill"), filepath.Join("..", "library")} {
		declared := declaredMessages(t, dir, "msg")
		fset := token.NewFileSet()
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				var list []ast.Expr
				callee := ""
				switch n := n.(type) {
				case *ast.CallExpr:
					if n.Ellipsis.IsValid() {
						return true // arguments built elsewhere
					}
					list = n.Args
					switch fn := n.Fun.(type) {
					case *ast.Ident:
						callee = fn.Name
					case *ast.SelectorExpr:
						callee = fn.Sel.Name
						if x, ok := fn.X.(*ast.Ident); ok && fn.Sel.Name == "With" {
							list = append([]ast.Expr{x}, n.Args...)
						}
					}
				case *ast.ReturnStmt:
					list = n.Results
				case *ast.AssignStmt:
					list = n.Rhs
				default:
					return true
				}
				m, names, ok := messageAndArgs(list, declared)
				_, isCall := n.(*ast.CallExpr)
				if !ok || slices.Contains(kindTakers, callee) || !isCall && len(list) == 1 {
					// Not a message with its arguments: a kind handed to a
					// subject, or a message chosen before its arguments.
					return true
				}
				names = append(names, implicitArgs[callee]...)
				checked++
				if !slices.Equal(slices.Sorted(slices.Values(names)), slices.Sorted(slices.Values(m.Params))) {
					t.Errorf("%s: %s gets %v; it declares %v", fset.Position(n.Pos()), m.ID, names, m.Params)
				}
				return true
			})
		}
	}
	if checked < 100 {
		t.Errorf("checked only %d call sites; the scan is broken", checked)
	}
}

// messageAndArgs finds in list a declared message (msgX or &msgX) and the
// names of the Arg constructors after it, inside a []Arg literal too.
func messageAndArgs(list []ast.Expr, declared map[string]Message) (Message, []string, bool) {
	var m Message
	found := false
	var names []string
	var collect func(e ast.Expr)
	collect = func(e ast.Expr) {
		switch e := e.(type) {
		case *ast.CompositeLit:
			for _, el := range e.Elts {
				collect(el)
			}
		case *ast.CallExpr:
			fn := ""
			switch f := e.Fun.(type) {
			case *ast.Ident:
				fn = f.Name
			case *ast.SelectorExpr:
				fn = f.Sel.Name
			}
			if slices.Contains(argConstructors, fn) && len(e.Args) > 0 {
				if lit, ok := e.Args[0].(*ast.BasicLit); ok {
					names = append(names, strings.Trim(lit.Value, `"`))
				}
			}
		}
	}
	for _, e := range list {
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
			e = u.X
		}
		if id, ok := e.(*ast.Ident); ok && !found {
			if d, isMsg := declared[id.Name]; isMsg {
				m, found = d, true
				continue
			}
		}
		if found {
			collect(e)
		}
	}
	return m, names, found
}
