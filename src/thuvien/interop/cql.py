"""CQL (Contextual Query Language, versions 1.2 and 2.0) parsed into a tree.

    cqlQuery        ::= prefixAssignment cqlQuery | scopedClause [sortSpec]
    prefixAssignment::= '>' prefix '=' uri | '>' uri
    scopedClause    ::= scopedClause booleanGroup searchClause | searchClause
    booleanGroup    ::= ('and' | 'or' | 'not' | 'prox') modifierList?
    searchClause    ::= '(' cqlQuery ')' | index relation searchTerm | searchTerm
    relation        ::= ('=' | '>' | '<' | '>=' | '<=' | '<>' | '==' | name) modifierList?
    modifierList    ::= ('/' name (comparitorSymbol value)?)+
    sortSpec        ::= 'sortBy' (index modifierList?)+

Booleans have equal precedence and group to the left; keywords are case-insensitive. Prefix
maps are scoped: an assignment holds for the clause it introduces, inner ones override outer.
A syntax error raises :class:`CqlSyntaxError` with the (1-based) character position, which
SRU reports as diagnostic 10.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BOOLEANS = ("and", "or", "not", "prox")
SYMBOLS = ("==", "<>", ">=", "<=", "=", "<", ">")
_BREAK = frozenset(' \t\r\n()=<>"/')


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


def _tokens(text: str) -> list[_Token]:
    found: list[_Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char in " \t\r\n":
            i += 1
        elif char in "()/":
            found.append(_Token(char, char, i + 1))
            i += 1
        elif char in "=<>":
            two = text[i : i + 2]
            symbol = two if two in ("==", "<>", ">=", "<=") else char
            found.append(_Token("symbol", symbol, i + 1))
            i += len(symbol)
        elif char == '"':
            start, i, chars = i, i + 1, []
            while i < len(text) and text[i] != '"':
                if text[i] == "\\" and i + 1 < len(text):
                    chars.append(text[i : i + 2])  # escapes are kept for the term's masking
                    i += 2
                    continue
                chars.append(text[i])
                i += 1
            if i >= len(text):
                raise CqlSyntaxError("a quoted term is not closed", start + 1)
            found.append(_Token("quoted", "".join(chars), start + 1))
            i += 1
        else:
            start = i
            while i < len(text) and text[i] not in _BREAK:
                i += 1
            found.append(_Token("word", text[start:i], start + 1))
    found.append(_Token("end", "", len(text) + 1))
    return found


@dataclass
class _Parser:
    tokens: list[_Token]
    at: int = 0
    prefixes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def current(self) -> _Token:
        return self.tokens[self.at]

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def keyword(self, *words: str) -> bool:
        token = self.current
        return token.kind == "word" and token.text.lower() in words

    def fail(self, message: str) -> CqlSyntaxError:
        token = self.current
        shown = f"'{token.text}'" if token.kind != "end" else "the end of the query"
        return CqlSyntaxError(f"{message}, found {shown}", token.position)

    def term(self, what: str) -> str:
        token = self.current
        if token.kind in ("word", "quoted"):
            self.at += 1
            return token.text
        raise self.fail(f"expected {what}")

    # cqlQuery ::= prefixAssignment cqlQuery | scopedClause [sortSpec]
    def query(self, *, top: bool) -> tuple[Node, tuple[SortKey, ...]]:
        saved = len(self.prefixes)
        while self.current.kind == "symbol" and self.current.text == ">":
            self.take()
            first = self.term("a prefix or a context set URI")
            if self.current.kind == "symbol" and self.current.text == "=":
                self.take()
                self.prefixes.insert(0, (first, self.term("a context set URI")))
            else:
                self.prefixes.insert(0, ("", first))
        node = self.scoped()
        sort: tuple[SortKey, ...] = ()
        if self.keyword("sortby"):
            if not top:
                raise self.fail("sortBy may only end the whole query")
            sort = self.sort_spec()
        del self.prefixes[: len(self.prefixes) - saved]
        return node, sort

    def scoped(self) -> Node:
        node = self.search_clause()
        while self.keyword(*BOOLEANS):
            operator = self.take().text.lower()
            modifiers = self.modifiers()
            node = Boolean(operator, node, self.search_clause(), modifiers)
        return node

    def search_clause(self) -> Node:
        token = self.current
        if token.kind == "(":
            self.take()
            node, _ = self.query(top=False)
            if self.current.kind != ")":
                raise self.fail("expected ')'")
            self.take()
            return node
        if token.kind not in ("word", "quoted"):
            raise self.fail("expected a search term or '('")
        first = self.take()
        after = self.current
        relation = ""
        if after.kind == "symbol":
            relation = self.take().text
        elif after.kind == "word" and after.text.lower() not in (*BOOLEANS, "sortby"):
            relation = self.take().text.lower()
        if not relation:
            return SearchClause("", "=", first.text, (), tuple(self.prefixes), first.position)
        if first.kind == "quoted":
            raise CqlSyntaxError("an index name cannot be quoted", first.position)
        modifiers = self.modifiers()
        term = self.term("a search term after the relation")
        return SearchClause(
            first.text, relation, term, modifiers, tuple(self.prefixes), first.position
        )

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
        while self.current.kind in ("word", "quoted"):
            index = self.take().text
            keys.append(SortKey(index, self.modifiers(), tuple(self.prefixes)))
        if not keys:
            raise self.fail("expected an index to sort by")
        return tuple(keys)


def parse(text: str) -> Query:
    if not text.strip():
        raise CqlSyntaxError("the query is empty", 1)
    parser = _Parser(_tokens(text))
    node, sort = parser.query(top=True)
    if parser.current.kind != "end":
        raise parser.fail("expected a boolean (and, or, not, prox) or the end of the query")
    return Query(node, sort)
