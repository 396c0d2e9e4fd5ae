"""CQL (Contextual Query Language, versions 1.2 and 2.0) parsed into a tree.

The grammar is the one Index Data's YAZ parses (``cql.y``, strict mode), which is CQL 1.2 plus
the older forms partners still send::

    top             ::= cqlQuery ['sortBy' sortSpec]
    cqlQuery        ::= '>' term '=' term cqlQuery | '>' term cqlQuery | scopedClause
    scopedClause    ::= scopedClause boolean modifiers searchClause | searchClause
    searchClause    ::= '(' cqlQuery ')' | term quoted* | index relation modifiers searchClause
    relation        ::= name | '=' | '>' | '<' | '>=' | '<=' | '<>' | '=='
    modifiers       ::= ('/' term (relationSymbol term)?)*
    sortSpec        ::= (index modifiers)+
    term, index     ::= word | quoted | and | or | not | prox | sortBy

``index relation searchClause`` nests: ``dc.title = (cat or dog)`` searches both terms in
dc.title, and an index inside the parentheses wins. Quoted terms that follow a term join it
with a space (``"a" "b"`` is ``a b``); a quote left open runs to the end of the query.
Booleans have equal precedence and group to the left; keywords are case-insensitive. Prefix
maps are scoped: an assignment holds for the query it introduces, inner ones override outer.
Escapes (a backslash and the next character) are kept in terms for the masking rules. Where
we differ from YAZ on purpose: a newline or a tab is whitespace here (YAZ stops reading at a
newline, and keeps a tab inside a word), and anything after a complete sort key that is not
another key is an error (YAZ ignores it: ``a sortBy b = c`` searches ``a``).

A syntax error raises :class:`CqlSyntaxError` with the (1-based) character position, which
SRU reports as diagnostic 10.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BOOLEANS = ("and", "or", "not", "prox")
SYMBOLS = ("==", "<>", ">=", "<=", "=", "<", ">")
RELATIONS = SYMBOLS
KEYWORDS = (*BOOLEANS, "sortby")
_SPACE = frozenset(" \t\r\n\f\v")
_BREAK = _SPACE | frozenset("()=<>/")


class CqlSyntaxError(ValueError):
    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} (at character {position})")
        self.message = message
        self.position = position


@dataclass(frozen=True)
class Modifier:
    name: str
    comparison: str = ""
    value: str = ""


@dataclass(frozen=True)
class SearchClause:
    index: str  # "" when only a term is given (cql.serverChoice)
    relation: str  # "=" when only a term is given
    term: str
    modifiers: tuple[Modifier, ...] = ()
    prefixes: tuple[tuple[str, str], ...] = ()  # (prefix, uri) in scope, innermost first
    position: int = 0


@dataclass(frozen=True)
class Boolean:
    operator: str  # and, or, not, prox
    left: Node
    right: Node
    modifiers: tuple[Modifier, ...] = ()


Node = SearchClause | Boolean


@dataclass(frozen=True)
class SortKey:
    index: str
    modifiers: tuple[Modifier, ...] = ()
    prefixes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Query:
    root: Node
    sort: tuple[SortKey, ...] = ()


@dataclass(frozen=True)
class _Token:
    kind: str  # word, quoted, symbol, (, ), /, end
    text: str
    position: int

    @property
    def keyword(self) -> str:
        return self.text.lower() if self.kind == "word" and self.text.lower() in KEYWORDS else ""

    @property
    def is_term(self) -> bool:
        return self.kind in ("word", "quoted")


def _tokens(text: str) -> list[_Token]:
    found: list[_Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char in _SPACE:
            i += 1
        elif char in "()/":
            found.append(_Token(char, char, i + 1))
            i += 1
        elif char in "=<>":
            two = text[i : i + 2]
            symbol = two if two in ("==", "<>", ">=", "<=") else char
            found.append(_Token("symbol", symbol, i + 1))
            i += len(symbol)
        else:
            quoted = char == '"'
            start = i
            i += 1 if quoted else 0
            chars = []
            while i < len(text):
                if quoted and text[i] == '"':
                    i += 1
                    break
                if not quoted and text[i] in _BREAK:
                    break
                step = 2 if text[i] == "\\" else 1  # escapes are kept for the term's masking
                chars.append(text[i : i + step])
                i += step
            found.append(_Token("quoted" if quoted else "word", "".join(chars), start + 1))
    found.append(_Token("end", "", len(text) + 1))
    return found


@dataclass(frozen=True)
class _Context:
    """The index, relation and modifiers a bare term inherits (``dc.title = (a or b)``)."""

    index: str = ""
    relation: str = "="
    modifiers: tuple[Modifier, ...] = ()


# Parentheses, prefix assignments and relations nest by recursion: beyond this depth a query
# is refused as a syntax error (SRU diagnostic 10) long before Python's recursion limit.
MAX_DEPTH = 100
# Booleans chain without recursion here, but every later walk of the tree (compiling,
# printing) recurses through the chain: their number is bounded too.
MAX_BOOLEANS = 200


@dataclass
class _Parser:
    tokens: list[_Token]
    at: int = 0
    prefixes: list[tuple[str, str]] = field(default_factory=list)
    depth: int = 0
    booleans: int = 0

    def deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise CqlSyntaxError(
                f"the query nests deeper than {MAX_DEPTH} levels", self.current.position
            )

    @property
    def current(self) -> _Token:
        return self.tokens[self.at]

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def fail(self, message: str) -> CqlSyntaxError:
        token = self.current
        shown = f"'{token.text}'" if token.kind != "end" else "the end of the query"
        return CqlSyntaxError(f"{message}, found {shown}", token.position)

    def term(self, what: str) -> str:
        if self.current.is_term:
            return self.take().text
        raise self.fail(f"expected {what}")

    # cqlQuery ::= '>' term '=' term cqlQuery | '>' term cqlQuery | scopedClause
    def query(self, context: _Context) -> Node:
        if self.current.kind == "symbol" and self.current.text == ">":
            self.prefix_assignment()
            self.deeper()
            try:
                return self.query(context)
            finally:
                del self.prefixes[0]
                self.depth -= 1
        return self.scoped(context)

    def prefix_assignment(self) -> None:
        self.take()
        first = self.term("a prefix or a context set URI")
        if self.current.kind == "symbol" and self.current.text == "=":
            self.take()
            self.prefixes.insert(0, (first, self.term("a context set URI")))
        else:
            self.prefixes.insert(0, ("", first))

    def scoped(self, context: _Context) -> Node:
        node = self.search_clause(context)
        while self.current.keyword in BOOLEANS:
            self.booleans += 1
            if self.booleans > MAX_BOOLEANS:
                raise self.fail(f"the query joins more than {MAX_BOOLEANS} clauses")
            operator = self.take().keyword
            modifiers = self.modifiers()
            node = Boolean(operator, node, self.search_clause(context), modifiers)
        return node

    def is_relation(self) -> bool:
        token = self.current
        if token.kind == "symbol":
            return True
        return token.kind == "word" and not token.keyword

    def search_clause(self, context: _Context, start: int = 0) -> Node:
        if self.current.kind == "(":
            self.take()
            self.deeper()
            node = self.query(context)
            self.depth -= 1
            if self.current.kind != ")":
                if self.current.keyword == "sortby":
                    raise self.fail("sortBy may only end the whole query")
                raise self.fail("expected ')'")
            self.take()
            return node
        if not self.current.is_term:
            raise self.fail("expected a search term or '('")
        first = self.take()
        if self.is_relation():
            token = self.take()
            relation = token.text if token.kind == "symbol" else token.text.lower()
            inner = _Context(first.text, relation, self.modifiers())
            if not (self.current.is_term or self.current.kind == "("):
                raise self.fail("expected a search term after the relation")
            self.deeper()
            found = self.search_clause(inner, first.position)
            self.depth -= 1
            return found
        term = first.text
        while self.current.kind == "quoted":
            term = f"{term} {self.take().text}"
        return SearchClause(
            context.index, context.relation, term, context.modifiers,
            tuple(self.prefixes), start or first.position,
        )  # fmt: skip

    def modifiers(self) -> tuple[Modifier, ...]:
        found = []
        while self.current.kind == "/":
            self.take()
            name = self.term("a modifier name after '/'")
            if self.current.kind == "symbol":
                comparison = self.take().text
                found.append(Modifier(name.lower(), comparison, self.term("a modifier value")))
            else:
                found.append(Modifier(name.lower()))
        return tuple(found)

    def sort_spec(self) -> tuple[SortKey, ...]:
        self.take()
        keys = []
        while self.current.is_term:
            index = self.take().text
            keys.append(SortKey(index, self.modifiers(), tuple(self.prefixes)))
        if not keys:
            raise self.fail("expected an index to sort by")
        return tuple(keys)


def parse(text: str) -> Query:
    if not text.strip():
        raise CqlSyntaxError("the query is empty", 1)
    parser = _Parser(_tokens(text))
    while parser.current.kind == "symbol" and parser.current.text == ">":
        parser.prefix_assignment()  # leading ones hold for sortBy too, as in CQL 1.2
    node = parser.query(_Context())
    sort: tuple[SortKey, ...] = ()
    if parser.current.keyword == "sortby":
        sort = parser.sort_spec()
        if parser.current.kind != "end":  # YAZ ignores what follows; we say it is wrong
            raise parser.fail("expected a sort index or the end of the query")
    if parser.current.kind != "end":
        raise parser.fail("expected a boolean (and, or, not, prox) or the end of the query")
    return Query(node, sort)
