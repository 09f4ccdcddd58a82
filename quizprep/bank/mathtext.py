"""Readable math: the TeX in Markdown answers shown as Unicode text.

Authors write math as TeX (`$...$`, `$$...$$`, `\\(...\\)`, `\\[...\\]`); a terminal shows it
best as text: `⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1`, `σ(Wx + b)`, `∂L/∂W`. pylatexenc parses the
TeX and its latex2text writes the text, with the readings below where its own read poorly;
markdown-it (the parser the app renders with) says which lines are code, which stay as they are.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from typing import Any


def _table(pairs: str) -> dict[str, str]:
    """`"cdot · times ×"` as {"cdot": "·", "times": "×"}."""
    words = pairs.split()
    return dict(zip(words[::2], words[1::2], strict=True))


def _names(words: str) -> frozenset[str]:
    return frozenset(words.split())


SYMBOLS = _table(
    """
    alpha α beta β gamma γ delta δ epsilon ε varepsilon ε zeta ζ eta η theta θ vartheta ϑ
    iota ι kappa κ lambda λ mu μ nu ν xi ξ pi π varpi ϖ rho ρ varrho ϱ sigma σ varsigma ς
    tau τ upsilon υ phi ϕ varphi φ chi χ psi ψ omega ω Gamma Γ Delta Δ Theta Θ Lambda Λ Xi Ξ
    Pi Π Sigma Σ Upsilon Υ Phi Φ Psi Ψ Omega Ω ell ℓ partial ∂ nabla ∇ infty ∞ top ⊤ bot ⊥
    emptyset ∅ varnothing ∅ forall ∀ exists ∃ neg ¬ prime ′ dots … ldots … cdots ⋯ vdots ⋮
    ddots ⋱ sum ∑ prod ∏ coprod ∐ int ∫ oint ∮ bigcup ⋃ bigcap ⋂ hbar ℏ Re ℜ Im ℑ aleph ℵ
    star ⋆ ast ∗ angle ∠ triangle △ Box □ checkmark ✓ { { } } _ _ % % $ $ # # & &
    """
)
"""Letter-like symbols: the spaces after them in the source are dropped (`\\lambda w` is
`λw`) unless an operator follows, as TeX does."""

OPERATORS = _table(
    """
    cdot · times × div ÷ pm ± mp ∓ odot ⊙ otimes ⊗ oplus ⊕ circ ∘ bullet ∙ cap ∩ cup ∪
    setminus ∖ wedge ∧ land ∧ vee ∨ lor ∨ le ≤ leq ≤ ge ≥ geq ≥ ne ≠ neq ≠ approx ≈ sim ∼
    simeq ≃ cong ≅ equiv ≡ propto ∝ ll ≪ gg ≫ lesssim ≲ gtrsim ≳ in ∈ notin ∉ ni ∋ subset ⊂
    subseteq ⊆ supset ⊃ supseteq ⊇ mid | | ‖ Vert ‖ parallel ∥ perp ⊥ to → rightarrow →
    leftarrow ← gets ← leftrightarrow ↔ Rightarrow ⇒ Leftarrow ⇐ Leftrightarrow ⇔ implies ⇒
    iff ⇔ mapsto ↦ longrightarrow ⟶ longleftarrow ⟵ longmapsto ⟼ uparrow ↑ downarrow ↓
    triangleq ≜ coloneqq ≔ colon :
    """
)
"""Operators, relations and arrows: the source's own spacing around them is kept."""

SPACES = {",": " ", ":": " ", ";": " ", ">": " ", " ": " ", "\n": " ", "\t": " ", "\\": " "}
SPACES |= {"!": "", "quad": "\u2003", "qquad": "\u2003\u2003"}  # quads: wide, kept apart

OPENERS = _table("lfloor ⌊ lceil ⌈ lVert ‖ lvert | langle ⟨")
CLOSERS = _table("rfloor ⌋ rceil ⌉ rVert ‖ rvert | rangle ⟩")

WORDS = _names(
    "log ln lg exp sin cos tan sec csc cot sinh cosh tanh arcsin arccos arctan arg max min "
    "sup inf lim liminf limsup det dim ker deg gcd Pr hom"
)
"""Function names, shown as words: a space keeps them apart from what follows."""

TEXT_MACROS = _names("text textrm textit textbf textsf texttt textnormal mbox operatorname mathrm")
"""Macros whose argument is a word; in a script it stays one (`n_\\text{out}` is `n_out`)."""

STYLE_MACROS = _names("mathbf boldsymbol bm mathit mathsf mathtt mathnormal")
"""Font macros whose argument shows as it is: the letters stay, the font goes."""

ACCENTS = _table(
    "hat \u0302 widehat \u0302 tilde \u0303 widetilde \u0303 bar \u0304 overline \u0305 "
    "vec \u20d7 dot \u0307 ddot \u0308 check \u030c breve \u0306 underline \u0332"
)
"""Accents, as combining characters on each letter of their argument (`\\hat y` is `ŷ`)."""

DELIMITER_SIZES = _names(
    "left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr"
)
"""Sizes: only the delimiter after them shows (`\\left.` shows nothing)."""

FRACTIONS = _names("frac tfrac dfrac cfrac")
_SCRIPT_PAIRS = (
    "0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWβγδθφχι⊤′ "
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵝᵞᵟᶿᵠᵡᶥᵀ′",
    "0123456789+-−=()aehijklmnoprstuvxβγρφχ ₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ",
)  # the characters that have a superscript (subscript) form, and those forms
MATRICES = _names("matrix pmatrix bmatrix Bmatrix vmatrix Vmatrix smallmatrix")

SUPERSCRIPTS = dict(zip(*_SCRIPT_PAIRS[0].split(), strict=True))
SUBSCRIPTS = dict(zip(*_SCRIPT_PAIRS[1].split(), strict=True))

_OPERATOR_CHARS = frozenset("+-−=<>≤≥≠≈∼≡∝≪≫≲≳∈∉⊂⊆→←↔⇒⇐⇔↦·×÷±⊙⊗⊕∘∩∪|:/")
_BIG_OPERATORS = frozenset("∑∏∐∫∮⋃⋂")
_COMBINING = re.compile(r"[\u0300-\u036f\u20d0-\u20ff]")
_SCRIPT_CHARS = "".join(sorted({*SUPERSCRIPTS.values(), *SUBSCRIPTS.values(), "″", "‴"}))
_GROUP = r"\((?:[^()]|\([^()]*\))*\)"  # parentheses, one level nested
_ATOM = re.compile(
    rf"(?:[∂∇][{_SCRIPT_CHARS}]* ?)?√?"  # ∂L, ∂²L, √x
    rf"(?:\d+(?:\.\d+)?|[^\W\d_][\u0300-\u036f\u20d0-\u20ff]*(?:{_GROUP})?|{_GROUP}"
    r"|\[[^\[\]]*\]|\|[^|]*\||‖[^‖]*‖|⌊[^⌋]*⌋|⌈[^⌉]*⌉)"
    rf"(?:[{_SCRIPT_CHARS}]|[_^](?:\w+|{_GROUP}))*"
)
_MATH_MARK = re.compile(r"\$\$|\$|\\\(|\\\[|\\\$|\\\\|`+")
_LIST_MARKER = re.compile(r"[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$)")


def readable(markdown: str) -> str:
    """Markdown with every TeX math span ($...$, $$...$$, \\(...\\) and \\[...\\]) turned into
    readable Unicode text; code spans and code blocks untouched; display math on its own line
    (an indented code line); everything else unchanged."""
    if "$" not in markdown and "\\(" not in markdown and "\\[" not in markdown:
        return markdown
    return "\n".join(
        _convert_paragraph(text) if is_prose else text for is_prose, text in _chunks(markdown)
    )


@functools.lru_cache(maxsize=4096)
def tex_to_text(tex: str) -> str:
    """One math span's TeX (without its delimiters) as readable text on one line; a macro with
    no reading here shows as its bare name, never with its backslash."""
    from pylatexenc.latexwalker import LatexWalkerError  # type: ignore[import-untyped]

    try:
        text = str(_writer().nodelist_to_text(_parse(tex)))
    except (LatexWalkerError, RecursionError):  # mangled or absurdly nested: shown as written
        return tex
    text = re.sub(r"[ \t\n]+", " ", text).strip()  # not \s: that takes the quads too
    text = re.sub(r" ?(\u2003+) ?", lambda quads: "  " * len(quads.group(1)), text)
    return unicodedata.normalize("NFC", text)  # ŷ as one character where there is one


def unknown_macros(markdown: str) -> set[str]:
    """The macros in the math of `markdown` that have no reading here (each shows as its bare
    name): for authors, and for the bank's own test."""
    found: set[str] = set()
    spans = [p for prose, text in _chunks(markdown) if prose for p in _scan(text)]
    for node in _walk(n for span in spans if isinstance(span, tuple) for n in _parse(span[0])):
        if _has_no_reading(node):
            found.add(node.macroname)
    return found


# Finding the math in Markdown


def _chunks(markdown: str) -> Iterator[tuple[bool, str]]:
    """The lines in runs, each (is_prose, lines joined): a paragraph, or blank and code lines
    (fenced or indented, as markdown-it reads them: a `$` in code is no math)."""
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    code: set[int] = set()
    for token in _markdown_parser().parse("\n".join(lines)):
        if token.type in ("fence", "code_block", "html_block") and token.map:
            code.update(range(*token.map))

    def is_prose(number: int) -> bool:
        return number not in code and bool(lines[number].strip())

    start = 0
    for number in range(1, len(lines) + 1):
        if number == len(lines) or is_prose(number) != is_prose(start):
            yield is_prose(start), "\n".join(lines[start:number])
            start = number


@functools.cache
def _markdown_parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").disable("inline")  # only the blocks matter here: 5x faster


def _scan(text: str) -> Iterator[str | tuple[str, bool]]:
    """A paragraph's pieces in order: prose and code spans as strings, math as (TeX, display).
    As in MathJax, any `$` opens math; as in Pandoc, none closes it right before a digit, so
    "$5 or $10" stays prose; `\\$` is a dollar."""
    position = 0
    while (match := _MATH_MARK.search(text, position)) is not None:
        mark = match.group()
        end = _closing(text, mark, match.end())
        if end is None:
            yield text[position : match.end()]
        elif mark.startswith("`") or mark in ("\\$", "\\\\"):
            yield text[position:end]
        else:
            yield text[position : match.start()]
            yield text[match.end() : end - (1 if mark == "$" else 2)], mark in ("$$", "\\[")
        position = match.end() if end is None else end
    yield text[position:]


def _closing(text: str, mark: str, after: int) -> int | None:
    """Where the span that `mark` opens ends (past its closer), or None when it opens none."""
    if mark in ("\\$", "\\\\"):
        return after
    if mark.startswith("`"):
        run = re.compile(rf"(?<!`){mark}(?!`)").search(text, after)
        return run.end() if run else None
    if mark == "$":
        dollar = re.compile(r"(?<!\\)\$(?!\d)").search(text, after)
        return dollar.end() if dollar and dollar.start() > after else None
    closer = {"$$": "$$", "\\(": "\\)", "\\[": "\\]"}[mark]
    found = text.find(closer, after)
    return found + len(closer) if found > after else None


def _convert_paragraph(text: str) -> str:
    """A paragraph with its math readable; each display on an indented line of its own."""
    out = ""
    indent: str | None = None  # set while the last piece written was a display
    for piece in _scan(text):
        if isinstance(piece, tuple) and piece[1]:
            out, indent = _display(out, tex_to_text(piece[0]), indent)
        elif isinstance(piece, tuple):
            out += tex_to_text(piece[0])
        elif indent is None:
            out += piece
        else:  # after a display: its punctuation joins it, the rest starts a paragraph
            rest = piece.lstrip(".,;:")
            out += piece[: len(piece) - len(rest)]
            rest = rest.lstrip(" \t")
            if rest.strip():
                out += "\n\n" + (rest[1:] if rest.startswith("\n") else indent + rest)
                indent = None
    return out


def _display(out: str, math: str, indent: str | None) -> tuple[str, str | None]:
    """`out` and then `math` as a code line set off by blank lines, indented to stay in the
    list item it is in (Markdown would run a plain line into the paragraph); and the indent."""
    line = out.rsplit("\n", 1)[-1]
    marker = _LIST_MARKER.match(line)
    if marker and marker.end() == len(line):  # "- $$x$$": the item's line is its own
        return out + math, indent
    if indent is None:
        indent = " " * marker.end() if marker else line[: len(line) - len(line.lstrip())]
    head = out.rstrip(" \t")
    head = head.rstrip("\n") + "\n\n" if head.strip() else ""
    return f"{head}{indent}    {math}", indent


# Writing TeX as text


def _parse(tex: str) -> list[Any]:
    from pylatexenc.latexwalker import LatexWalker

    walker = LatexWalker(tex, latex_context=_contexts()[0], tolerant_parsing=True)
    in_math = walker.make_parsing_state(in_math_mode=True)
    return list(walker.get_latex_nodes(parsing_state=in_math)[0])


def _walk(nodes: Iterable[Any]) -> Iterator[Any]:
    for node in nodes:
        if node is not None:
            yield node
            yield from _walk(getattr(node, "nodelist", None) or [])
            yield from _walk(_arguments(node))


def _arguments(node: Any) -> list[Any]:
    parsed = getattr(node, "nodeargd", None)
    return list(parsed.argnlist) if parsed is not None and parsed.argnlist else []


def _join(writer: Any, nodes: list[Any]) -> str:
    """The nodes' texts joined and spaced as TeX would: `\\lambda w` is `λw`, `\\log p` is
    `log p`, `\\lfloor x \\rfloor` is `⌊x⌋`; a fraction beside a term is bracketed: `(1/N) ∑ᵢ`."""
    texts = [str(writer.node_to_text(node)) for node in nodes]
    for index in range(1, len(nodes) - 1):  # limits are both in Unicode or neither: ∑_(i∈S)^N
        pair = nodes[index : index + 2]
        marks = sorted(str(getattr(node, "specials_chars", None)) for node in pair)
        plain = [texts[index + k].startswith(("_", "^")) for k in (0, 1)]
        big = texts[index - 1].strip()[-1:] in _BIG_OPERATORS
        if big and marks == ["^", "_"] and any(plain) and not all(plain):
            texts[index : index + 2] = [_scripted(writer, node, plain=True) for node in pair]
    for index, node in enumerate(nodes[:-1]):  # \foo{x}, \foo with no reading: foo(x), not foox
        if _has_no_reading(node) and getattr(nodes[index + 1], "delimiters", None) == ("{", "}"):
            texts[index + 1] = f"({texts[index + 1].strip()})"
    kinds = [_kind(node, text.strip()) for node, text in zip(nodes, texts, strict=True)]
    out = ""
    glue = False  # after an opening delimiter: the spaces that follow go
    for index, (node, text, kind) in enumerate(zip(nodes, texts, kinds, strict=True)):
        following = "".join(texts[index + 1 :]).lstrip()
        before, after = kinds[index - 1] if index else "", kinds[index + 1 : index + 2] or [""]
        if kind == "frac" and (
            before == "close"
            or _touches(out.rstrip()[-1:], "([{⌊⌈⟨‖|,;")
            or after[0] == "open"
            or _touches(following, ")]}⌋⌉⟩‖|,;.!?")
        ):
            text = f"({text})"
        if kind == "close":
            out = out.rstrip()
        if text[:1] in _BIG_OPERATORS and _touches(out[-1:], "([{⌊⌈⟨‖| "):
            out += " "
        if glue:
            text = text.lstrip()
            glue = not text
        elif kind == "op" and text.strip() and _space_after(node) and _touches(out[-1:], "([{⌊⌈⟨ "):
            out += " "  # `x\cdot y` is `x · y`, as TeX spaces it, not `x· y`
        out += text
        glue = glue or kind == "open"
        if following and _space_after(node) and _spaced(kind, following[0], after[0]):
            out += " "
    return out


def _has_no_reading(node: Any) -> bool:
    _, text_db, unknown = _contexts()
    name = getattr(node, "macroname", None)
    return name is not None and text_db.get_macro_spec(name) is unknown


def _spaced(kind: str, following: str, after: str) -> bool:
    """Whether the source's space after a macro of this kind stays before what follows."""
    if kind == "op":
        return True
    if kind == "word":
        return following not in ")]},.;:!?′"
    if kind in ("ord", "close"):
        return following in _OPERATOR_CHARS or following in _BIG_OPERATORS or after == "word"
    return False


def _touches(neighbour: str, boundaries: str) -> bool:
    """Whether a term beside this text would run into it."""
    first = neighbour[:1]
    return bool(first) and first not in _OPERATOR_CHARS and first not in boundaries


def _space_after(node: Any) -> str:
    """The spaces the source has after a macro: after its last argument's (`\\hat\\mu x`)."""
    arguments = _arguments(node)
    if arguments:
        return _space_after(arguments[-1]) if arguments[-1] is not None else ""
    return str(getattr(node, "macro_post_space", ""))


def _kind(node: Any, text: str) -> str:
    """How a node spaces against its neighbours: ord, op, word, open, close, frac or ''."""
    if getattr(node, "specials_chars", None) in ("_", "^"):
        return "ord" if all(c in _SCRIPT_CHARS for c in text) else "word"
    name = getattr(node, "macroname", None)
    if name is None:
        return ""
    if name in DELIMITER_SIZES:
        if name in ("left", "bigl", "Bigl", "biggl", "Biggl") or (text and text in "([{⌊⌈⟨"):
            return "open" if text else ""
        return "close" if name.endswith("r") or (text and text in ")]}⌋⌉⟩") else "ord"
    if name in OPENERS or name in CLOSERS:
        return "open" if name in OPENERS else "close"
    if name in FRACTIONS:
        return "frac"
    if name in OPERATORS or name in SPACES:
        return "op"
    if name in SYMBOLS or name in ACCENTS or name in STYLE_MACROS:
        return "ord"
    return "ord" if name in ("mathbb", "mathcal", "mathfrak", "sqrt") else "word"


def _bracketed(text: str) -> str:
    """`text` in brackets unless it is one term (`x`, `2.5`, `∂L`, `Wᵢₕ`, `f(x)`, `(a + b)`)."""
    return text if _ATOM.fullmatch(text) else f"({text})"


def _script(text: str, table: dict[str, str], mark: str, *, wordy: bool, plain: bool) -> str:
    """A sub- or superscript: in Unicode where every character has a form (`xᵢ₊₁`, `e⁻ˣ`),
    else `x_t`, `x_(ij)`, `e^(−|z|)`; a word is always `n_out`, never small letters."""
    compact = text.replace(" ", "")
    if not (wordy or plain) and compact and all(c in table for c in compact):
        return "".join(table[c] for c in compact)
    if len(_COMBINING.sub("", compact)) == 1 or (wordy and compact.isalnum()):
        return mark + compact
    return f"{mark}({text})"


def _scripted(writer: Any, node: Any, *, plain: bool = False) -> str:
    arguments = _arguments(node)
    argument = arguments[0] if arguments else None
    text = str(writer._groupnodecontents_to_text(argument)).strip()
    table = SUBSCRIPTS if node.specials_chars == "_" else SUPERSCRIPTS
    wordy = any(getattr(n, "macroname", None) in TEXT_MACROS | WORDS for n in _walk([argument]))
    return _script(text, table, node.specials_chars, wordy=wordy, plain=plain)


def _argument(writer: Any, node: Any, index: int) -> str:
    return str(writer.node_arg_to_text(node, index)).strip()


def _plain(writer: Any, node: Any) -> str:
    return re.sub(r"\s+", " ", str(writer.node_arg_to_text(node, 0)))


def _style(writer: Any, node: Any) -> str:
    return _argument(writer, node, 0)


def _double_struck(writer: Any, node: Any) -> str:
    from pylatexenc.latex2text import fmt_math_text_style  # type: ignore[import-untyped]

    return str(fmt_math_text_style(_argument(writer, node, 0), "doublestruck")).replace("1", "𝟙")


def _accent(writer: Any, node: Any) -> str:
    mark = ACCENTS[node.macroname]
    return "".join(c if c.isspace() else c + mark for c in _argument(writer, node, 0))


def _delimiter(writer: Any, node: Any) -> str:
    text = _argument(writer, node, 0)
    return "" if text == "." else text


def _fraction(writer: Any, node: Any) -> str:
    return f"{_bracketed(_argument(writer, node, 0))}/{_bracketed(_argument(writer, node, 1))}"


def _root(writer: Any, node: Any) -> str:
    """`√x`, `√(x + 1)`, `∛x`, `⁵√x`."""
    degree = _argument(writer, node, 0)
    sign = {"": "√", "2": "√", "3": "∛", "4": "∜"}.get(degree)
    sign = sign or _script(degree, SUPERSCRIPTS, "^", wordy=False, plain=False) + "√"
    radicand = _argument(writer, node, 1)
    short = not re.search(r"[√_^]", radicand)  # √x, but √(d_model), √(x + 1)
    return sign + (_bracketed(radicand) if short else f"({radicand})")


def _binomial(writer: Any, node: Any) -> str:
    return f"C({_argument(writer, node, 0)}, {_argument(writer, node, 1)})"


def _math_char(writer: Any, node: Any) -> str:
    """Primes, minus signs, `*` and the like: `f'` is `f′`, `-x` is `−x` (in text, `-`)."""
    chars = str(node.specials_chars)
    if not node.parsing_state.in_math_mode:
        return {"--": "–", "---": "—", "~": " ", "&": " "}.get(chars, chars)
    named = {"'": "′", "''": "″", "'''": "‴", "*": "∗", "~": " ", "&": " "}
    return named.get(chars, chars.replace("-", "−"))


def _unknown(writer: Any, node: Any) -> str:
    """A macro with no reading: its arguments if it has any, else its bare name."""
    texts = [str(writer._groupnodecontents_to_text(a)) for a in _arguments(node) if a]
    return " ".join(texts) if texts else str(node.macroname)


def _environment(writer: Any, node: Any) -> str:
    """Rows and columns on one line: `[1, 0; 0, 1]` for a matrix, `1 if x ≥ 0; 0 otherwise`
    for cases, `a = b; c = d` for anything else."""
    rows: list[list[str]] = [[]]
    cell: list[Any] = []
    for child in [*node.nodelist, None]:
        ends_row = child is None or getattr(child, "macroname", None) == "\\"
        if ends_row or getattr(child, "specials_chars", None) == "&":
            rows[-1].append(re.sub(r"\s+", " ", str(writer.nodelist_to_text(cell))).strip())
            rows += [[]] if ends_row else []
            cell = []
        else:
            cell.append(child)
    rows = [row for row in rows if any(row)]
    name = node.environmentname.rstrip("*")
    if name in MATRICES:
        left, right = {"vmatrix": ("|", "|"), "Vmatrix": ("‖", "‖")}.get(name, ("[", "]"))
        return left + "; ".join(", ".join(row) for row in rows) + right
    if name == "cases":
        return "; ".join(_case(*row) for row in rows)
    return "; ".join(" ".join(row) for row in rows)


def _case(value: str, condition: str = "", *more: str) -> str:
    condition = " ".join([condition, *more]).strip()
    if not condition or condition.split()[0] in ("if", "otherwise", "else", "for", "when"):
        return f"{value} {condition}".strip()
    return f"{value} if {condition}"


@functools.cache
def _contexts() -> tuple[Any, Any, Any]:
    """pylatexenc's parser and writer definitions with ours in front; and the writer's spec for
    a macro that has no reading."""
    from pylatexenc import latex2text, latexwalker, macrospec  # type: ignore[import-untyped]
    from pylatexenc.latex2text import EnvironmentTextSpec, MacroTextSpec, SpecialsTextSpec

    class OneTerm(macrospec.MacroStandardArgsParser):  # type: ignore[misc]
        """One argument, with a macro's own arguments in it (`n_\\text{out}`, `\\hat\\theta`)."""

        def __init__(self) -> None:
            super().__init__("{")

        def parse_args(self, w: Any, pos: int, parsing_state: Any = None) -> Any:
            node, start, length = w.get_latex_expression(
                pos, strict_braces=False, parsing_state=parsing_state
            )
            if node.isNodeType(latexwalker.LatexMacroNode):
                nodes, start, length = w.get_latex_nodes(
                    start, read_max_nodes=1, parsing_state=parsing_state
                )
                node = nodes[0] if nodes else node
            parsed = macrospec.ParsedMacroArgs(argspec="{", argnlist=[node])
            return parsed, pos, start + length - pos

    one_term = [*ACCENTS, *STYLE_MACROS, *DELIMITER_SIZES, "mathbb", "mathcal", "mathfrak"]
    text_argument = macrospec.MacroStandardArgsParser("{", args_math_mode=[False])
    math_chars = ("'", "''", "'''", "-", "--", "---", "*", "~", "&")
    walker_db = latexwalker.get_default_latex_context_db()
    walker_db.add_context_category(
        "quizprep",
        prepend=True,
        macros=[macrospec.MacroSpec(name, args_parser=OneTerm()) for name in one_term]
        + [macrospec.MacroSpec(name, args_parser=text_argument) for name in TEXT_MACROS]
        + [macrospec.MacroSpec(name, "{{") for name in (*FRACTIONS, "binom")]
        + [macrospec.MacroSpec("sqrt", "[{")],
        specials=[macrospec.SpecialsSpec(mark, args_parser=OneTerm()) for mark in "_^"]
        + [macrospec.SpecialsSpec(chars) for chars in math_chars],
    )

    def calling(function: Callable[[Any, Any], str]) -> Callable[[Any, Any], str]:
        return lambda node, l2tobj: function(l2tobj, node)

    def each(names: Iterable[str], function: Callable[[Any, Any], str]) -> list[Any]:
        return [MacroTextSpec(name, simplify_repl=calling(function)) for name in names]

    fixed = {**SYMBOLS, **OPERATORS, **SPACES, **OPENERS, **CLOSERS, **{w: w for w in WORDS}}
    environments = (*MATRICES, "cases", "aligned", "align", "gathered", "split", "array")
    text_db = latex2text.get_default_latex_context_db()
    text_db.add_context_category(
        "quizprep",
        prepend=True,
        macros=[MacroTextSpec(name, simplify_repl=text) for name, text in fixed.items()]
        + each(TEXT_MACROS, _plain)
        + each(STYLE_MACROS, _style)
        + each(["mathbb"], _double_struck)
        + each(ACCENTS, _accent)
        + each(DELIMITER_SIZES, _delimiter)
        + each(FRACTIONS, _fraction)
        + each(["sqrt"], _root)
        + each(["binom"], _binomial),
        environments=[
            EnvironmentTextSpec(name, simplify_repl=calling(_environment)) for name in environments
        ],
        specials=[SpecialsTextSpec(mark, simplify_repl=calling(_scripted)) for mark in "_^"]
        + [SpecialsTextSpec(chars, simplify_repl=calling(_math_char)) for chars in math_chars],
    )
    unknown = MacroTextSpec("", simplify_repl=calling(_unknown))
    text_db.set_unknown_macro_spec(unknown)
    text_db.set_unknown_environment_spec(
        EnvironmentTextSpec("", simplify_repl=calling(_environment))
    )
    return walker_db, text_db, unknown


@functools.cache
def _writer() -> Any:
    """pylatexenc's latex2text writer, joining nodes as `_join` does."""
    from pylatexenc.latex2text import LatexNodes2Text

    class Writer(LatexNodes2Text):  # type: ignore[misc]
        def nodelist_to_text(self, nodelist: Iterable[Any]) -> str:
            return _join(self, list(nodelist))

    spaces = {"between-latex-constructs": True}  # keep the source's spaces; `_join` decides
    return Writer(latex_context=_contexts()[1], math_mode="text", strict_latex_spaces=spaces)
