"""Clauses → sentences, the units figures are read from, and the evidence a proposal keeps.

A sentence ends at 。！？ outside brackets (a bracketed remark stays with its sentence);
`units` also cut at ；, where one sentence gives two groups two different amounts.
"""

from dataclasses import dataclass, field

OPEN, CLOSE = "（(《“", "）)》”"


@dataclass(frozen=True)
class Sentence:
    clause: str  # clause id
    text: str    # as printed
    line: int    # line of the clause text it is on (0-based), -1 for the heading
    start: int   # offset in that line


def _cut(line, stops):
    out, depth, begin = [], 0, 0
    for i, ch in enumerate(line):
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth = max(0, depth - 1)
        elif ch in stops and depth == 0:
            out.append((begin, line[begin:i + 1]))
            begin = i + 1
    if line[begin:].strip():
        out.append((begin, line[begin:]))
    return [(start + len(text) - len(text.lstrip()), text.strip()) for start, text in out if text.strip()]


def sentences(clauses, stops="。！？"):
    """Each sentence of each clause (its heading first). A question that ends its line is read
    with the first sentence of the next line, its answer (问：个人缴费标准是多少？ / 答：每人每年400元。):
    the answer's figures take their meaning from the question."""
    out = []
    for clause in clauses:
        lines = [(-1, clause["heading"])] if clause.get("heading") else []
        lines += list(enumerate(clause["text"].split("\n")))
        asked = None
        for n, line in lines:
            cut = _cut(line, stops)
            for k, (start, text) in enumerate(cut):
                if k == 0 and asked is not None and not _asks(text):
                    out[-1] = Sentence(clause["id"], asked.text + "\n" + text, asked.line, asked.start)
                else:
                    out.append(Sentence(clause["id"], text, n, start))
            # the line's last sentence is a question, not yet joined to an answer
            asked = out[-1] if cut and _asks(cut[-1][1]) and out[-1].text == cut[-1][1] else None
    return out


def _asks(text):
    return text.endswith(("？", "?"))


def units(clauses):
    return sentences(clauses, stops="。！？；")


def phrases(text):
    """(start, phrase) pieces of a sentence between commas outside brackets (a colon stays
    inside its phrase: 集中筹资期：2024年9月1日至…)."""
    return _cut(text, "，,；;。")


@dataclass
class Found:
    """A proposed figure: its value, and where in which sentence(s) of one clause it was read."""
    key: str
    value: dict
    sentence: Sentence
    spans: list = field(default_factory=list)  # (start, end) in sentence.text: the parts to mark
    extra: list = field(default_factory=list)  # [(Sentence, spans)]: more sentences of the clause it needs

    @property
    def clause(self):
        return self.sentence.clause

    def _stretch(self, clauses_by_id):
        """The clause text from the first to the last sentence used, on one line, and the marks in it."""
        parts = [(self.sentence, self.spans)] + [(s, sp) for s, sp in self.extra if s.clause == self.clause]
        if len(parts) == 1:
            return self.sentence.text, list(self.spans)
        clause = clauses_by_id[self.clause]
        lines = ([clause["heading"]] if clause.get("heading") else []) + clause["text"].split("\n")
        first = 1 if clause.get("heading") else 0

        def at(s):
            return sum(len(x) + 1 for x in lines[:s.line + first]) + s.start

        low = min(at(s) for s, _ in parts)
        high = max(at(s) + len(s.text) for s, _ in parts)
        spans = [(at(s) - low + a, at(s) - low + b) for s, sp in parts for a, b in sp]
        return "\n".join(lines)[low:high].replace("\n", " "), spans

    def evidence(self, clauses_by_id):
        """The text kept in `proposed:` (SCHEMA.md): it is in the cited clause, word for word."""
        return self._stretch(clauses_by_id)[0]

    def marked(self, clauses_by_id):
        """The evidence with the figure's parts in 【】, for the review report."""
        text, spans = self._stretch(clauses_by_id)
        out, last = [], 0
        for start, end in sorted(set(spans)):
            if start < last:
                continue
            out += [text[last:start], "【", text[start:end], "】"]
            last = end
        return "".join(out + [text[last:]])
