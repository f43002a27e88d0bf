package corpus

import (
	"strings"

	"github.com/ledongthuc/pdf"
)

// The reader's Page.Content places each glyph but leaves out the word
// spacing (Tw), which the PDF adds to every space character: typesetters
// that justify lines with it (groff's gropdf, many word processors) then
// show words whose later part, placed by its own Td, lands a few points
// right of where the reader put the first part ("w atering", "Intr
// oduction"). pdfGlyphs is the same walk over the page's content stream
// with word spacing applied, on the reader's fonts and interpreter.

// pdfMatrix is a PDF transformation matrix [a b 0; c d 0; e f 1].
type pdfMatrix [3][3]float64

var pdfIdentity = pdfMatrix{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}

func (x pdfMatrix) mul(y pdfMatrix) pdfMatrix {
	var z pdfMatrix
	for i := range 3 {
		for j := range 3 {
			for k := range 3 {
				z[i][j] += x[i][k] * y[k][j]
			}
		}
	}
	return z
}

func pdfTranslate(tx, ty float64) pdfMatrix { return pdfMatrix{{1, 0, 0}, {0, 1, 0}, {tx, ty, 1}} }

// pdfTextState is the part of the graphics state that places text.
type pdfTextState struct {
	Tc, Tw, Th, Tl, Tfs, Trise float64
	font                       *pdf.Font
	Tm, Tlm, CTM               pdfMatrix
}

// pdfGlyphs lists the glyphs a page draws, in drawing order, each placed
// as the PDF places it (character and word spacing, TJ offsets, text
// and current matrices, horizontal scaling, rise). It panics on a
// malformed stream, as the reader's interpreter does; the caller recovers.
// pdfFontMetrics is what the text walk reads of a font for each glyph.
type pdfFontMetrics struct {
	first, last int
	widths      []float64
	base        string // the font's name without its subset tag
}

// width is the width of a code, as pdf.Font.Width gives it.
func (m *pdfFontMetrics) width(code int) float64 {
	if code < m.first || m.last < code {
		return 0
	}
	// a hostile /FirstChar near the least int overflows code-first to a
	// negative index
	if i := code - m.first; i >= 0 && i < len(m.widths) {
		return m.widths[i]
	}
	return 0
}

func pdfGlyphs(p pdf.Page) []pdf.Text {
	strm := p.V.Key("Contents")
	if p.V.IsNull() || strm.IsNull() {
		return nil
	}
	fonts := map[string]*pdf.Font{}
	// A font's widths are read once a page: pdf.Font.Width resolves the
	// /Widths array (often in a compressed object stream) on every call,
	// which was three quarters of the time on real PDFs.
	metrics := map[*pdf.Font]*pdfFontMetrics{}
	metricsOf := func(f *pdf.Font) *pdfFontMetrics {
		m, ok := metrics[f]
		if !ok {
			m = &pdfFontMetrics{first: f.FirstChar(), last: f.LastChar(), widths: f.Widths(), base: f.BaseFont()}
			if i := strings.Index(m.base, "+"); i >= 0 {
				m.base = m.base[i+1:]
			}
			metrics[f] = m
		}
		return m
	}
	g := pdfTextState{Th: 1, CTM: pdfIdentity, Tm: pdfIdentity, Tlm: pdfIdentity}
	var stack []pdfTextState
	var out []pdf.Text
	show := func(s string) {
		if g.font == nil {
			return
		}
		enc := g.font.Encoder()
		if enc == nil {
			return
		}
		m := metricsOf(g.font)
		base := m.base
		decoded := []rune(enc.Decode(s))
		// Word spacing applies to the single-byte code 32; a font whose
		// codes are two bytes wide (decoded to about half as many runes)
		// gets none, as the PDF says.
		singleByte := len(decoded) == len(s)
		for i, ch := range decoded {
			var w0 float64
			if i < len(s) {
				w0 = m.width(int(s[i]))
			}
			trm := pdfMatrix{{g.Tfs * g.Th, 0, 0}, {0, g.Tfs, 0}, {0, g.Trise, 1}}.mul(g.Tm).mul(g.CTM)
			out = append(out, pdf.Text{Font: base, FontSize: trm[0][0], X: trm[2][0], Y: trm[2][1], W: w0 / 1000 * trm[0][0], S: string(ch)})
			tx := w0/1000*g.Tfs + g.Tc
			if singleByte && i < len(s) && s[i] == ' ' {
				tx += g.Tw
			}
			g.Tm = pdfTranslate(tx*g.Th, 0).mul(g.Tm)
		}
	}
	nextLine := func() {
		g.Tlm = pdfTranslate(0, -g.Tl).mul(g.Tlm)
		g.Tm = g.Tlm
	}
	pdf.Interpret(strm, func(stk *pdf.Stack, op string) {
		args := make([]pdf.Value, stk.Len())
		for i := len(args) - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		num := func(i int) float64 {
			if i < len(args) {
				return args[i].Float64()
			}
			return 0
		}
		matrixArgs := func() (pdfMatrix, bool) {
			if len(args) != 6 {
				return pdfMatrix{}, false
			}
			m := pdfMatrix{{num(0), num(1), 0}, {num(2), num(3), 0}, {num(4), num(5), 1}}
			return m, true
		}
		switch op {
		case "cm":
			if m, ok := matrixArgs(); ok {
				g.CTM = m.mul(g.CTM)
			}
		case "q":
			if len(stack) < 1024 {
				stack = append(stack, g)
			}
		case "Q":
			if n := len(stack); n > 0 {
				g, stack = stack[n-1], stack[:n-1]
			}
		case "BT":
			g.Tm, g.Tlm = pdfIdentity, pdfIdentity
		case "T*":
			nextLine()
		case "Tc":
			g.Tc = num(0)
		case "Tw":
			g.Tw = num(0)
		case "Tz":
			g.Th = num(0) / 100
		case "TL":
			g.Tl = num(0)
		case "Ts":
			g.Trise = num(0)
		case "TD", "Td":
			if op == "TD" {
				g.Tl = -num(1)
			}
			g.Tlm = pdfTranslate(num(0), num(1)).mul(g.Tlm)
			g.Tm = g.Tlm
		case "Tm":
			if m, ok := matrixArgs(); ok {
				g.Tm, g.Tlm = m, m
			}
		case "Tf":
			if len(args) == 2 {
				name := args[0].Name()
				f, ok := fonts[name]
				if !ok {
					pf := p.Font(name)
					f = &pf
					fonts[name] = f
				}
				g.font, g.Tfs = f, num(1)
			}
		case "\"":
			if len(args) == 3 {
				g.Tw, g.Tc = num(0), num(1)
				nextLine()
				show(args[2].RawString())
			}
		case "'":
			if len(args) == 1 {
				nextLine()
				show(args[0].RawString())
			}
		case "Tj":
			if len(args) == 1 {
				show(args[0].RawString())
			}
		case "TJ":
			if len(args) != 1 {
				return
			}
			v := args[0]
			for i := 0; i < v.Len(); i++ {
				if x := v.Index(i); x.Kind() == pdf.String {
					show(x.RawString())
				} else {
					g.Tm = pdfTranslate(-x.Float64()/1000*g.Tfs*g.Th, 0).mul(g.Tm)
				}
			}
		}
	})
	return out
}
