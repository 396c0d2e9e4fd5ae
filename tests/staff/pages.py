"""Reading staff pages as a browser would: the values a form sends back, the visible text."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser


class _FormReader(HTMLParser):
    """Collects the fields of the form with the given class (or the first form)."""

    def __init__(self, form_class: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.form_class = form_class
        self.inside = False
        self.done = False
        self.values: dict[str, str] = {}
        self._select: str | None = None
        self._select_first: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self.done:
            classes = a.get("class", "").split()
            self.inside = self.form_class is None or self.form_class in classes
            return
        if not self.inside:
            return
        name = a.get("name", "")
        if tag == "input" and name and a.get("type", "text") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.values[name] = a.get("value", "")
        elif tag == "select":
            self._select, self._select_first = name, None
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
                self.values.setdefault(self._select, value)
            if "selected" in a:
                self.values[self._select] = value
        elif tag == "textarea":
            self._textarea, self._text = name, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.inside:
            self.inside, self.done = False, True
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            # As in browsers: a newline right after <textarea> is not part of the value.
            self.values[self._textarea] = text.removeprefix("\n")
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)


def form_values(page: str, form_class: str | None = None) -> dict[str, str]:
    """What a browser would submit from the form (without pressing a named button)."""
    reader = _FormReader(form_class)
    reader.feed(page)
    reader.close()
    return reader.values


def text(page: str) -> str:
    """The page's text with tags removed and spaces collapsed, for assertions on wording."""
    without_tags = re.sub(r"<[^>]+>", " ", page)
    return re.sub(r"\s+", " ", unescape(without_tags)).strip()


class _Structure(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.label_for: set[str] = set()
        self.controls: list[str] = []
        self.headings: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "label" and "for" in a:
            self.label_for.add(a["for"])
        if tag in ("select", "textarea") or (
            tag == "input" and a.get("type", "text") not in ("hidden", "submit", "button")
        ):
            self.controls.append(a.get("id", f"<{tag} name={a.get('name')} without id>"))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))


def accessibility_problems(page: str) -> list[str]:
    """Inputs without a label, repeated ids, headings that skip a level or a missing h1."""
    found = _Structure()
    found.feed(page)
    problems = [f"no label for {c}" for c in found.controls if c not in found.label_for]
    problems += [
        f"id {i} repeated" for i in sorted({i for i in found.ids if found.ids.count(i) > 1})
    ]
    if found.headings[:1] != [1]:
        problems.append(f"the first heading is not h1: {found.headings[:3]}")
    for before, after in zip(found.headings, found.headings[1:], strict=False):
        if after > before + 1:
            problems.append(f"heading h{before} is followed by h{after}")
    return problems
