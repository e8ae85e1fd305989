"""Lines of text → paragraphs, the units clauses are made of.

Plain-text copies of notices break lines inside paragraphs wherever a page ended. Such a break
is recognised by its shape, not by the notice: the line before it is long and stops in the middle
of a sentence (on a character, or on ，、（《“), and the next line does not start a numbered
item, a date, an attachment or a signature. Short lines (headings, title lines) are never
joined. Table rows (tab-separated cells) stay as they are.
"""

import re
from dataclasses import dataclass

from .numbering import marker
from .numbers import DATE_LINE

WRAP_MIN = 24  # shorter lines are headings or title lines, whatever they end with
MID_SENTENCE = tuple("，、（《“‘(")
TITLE_END = re.compile(r"(通知|方案|意见|办法|决定|细则|规定|函|通告|公告|文件|告知书|须知)$")
# a page's date or time printed after the title on its line (…的通知 2025-09-01, …的通知（2025年9月1日）)
TITLE_STAMP = re.compile(r"\s*[（(]?\s*20\d\d\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-./]\d{1,2}[-./]\d{1,2})"
                         r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*[)）]?\s*$")
CLOSING_START = re.compile(r"^(附件\s*[0-9０-９]*\s*[:：]?|抄送[:：]|印发[:：]|[（(]此[件页])")
ORG_LINE = re.compile(r"^[\u4e00-\u9fff（）() ]{2,40}(办公室|人民政府|政府|局|委员会|委|厅|院|部|中心|公司|办|处|联合会|残联)$")
SIGNED_APART = re.compile(r"[ \t\u3000]{2,}|\u3000")


def signed_line(line):
    """(offices, date as printed) of a signature printed on one line with its date (某县医疗保障局
    2025年8月30日), else None."""
    line = re.sub(r"^[（(]\s*(.*?)\s*[）)]$", r"\1", line.strip())  # （某县医疗保障局　2025年8月30日）
    m = re.match(r"^(?P<org>.+?)[ \t\u3000]+(?P<date>\S+)$", line)
    if m and DATE_LINE.match(m.group("date")) and offices(m.group("org")):
        return offices(m.group("org")), m.group("date")
    # 某县医疗保障局2025年8月30日: the office and its date run together, with no space between
    m = re.match(r"^(?P<org>[^\s0-9０-９〇○]+?(?:局|府|室|会|委|厅|中心|残联))(?P<date>(?:[0-9０-９]{4}|[〇○零一二三四五六七八九]{4})\s*年.*)$", line)
    if m and DATE_LINE.match(m.group("date")) and offices(m.group("org")):
        return offices(m.group("org")), m.group("date")
    return None


# where the seal goes, printed after the office that signs (某县医疗保障局（盖章）)
SEAL = re.compile(r"\s*[（(]\s*(?:盖章|公章|印章|签章|章|印)\s*[)）]")


def offices(line):
    """The offices a signature line names: the whole line, or each part when several offices are
    signed on one line set apart by spaces (某县医疗保障局　　国家税务总局某县税务局); a seal's
    place printed after an office (（盖章）) is not part of its name."""
    line = SEAL.sub("", line).strip()
    if ORG_LINE.match(line) and not SIGNED_APART.search(line):
        spaced = _one_space_apart(line)
        return spaced or [line]
    parts = [x for x in SIGNED_APART.split(line) if x]
    return parts if len(parts) > 1 and all(ORG_LINE.match(x) for x in parts) else []


def _one_space_apart(line):
    """Offices a page set apart by one space each (its layout's wide spaces collapsed: 某县医疗保障局
    国家税务总局某县税务局 某县财政局): each part an office of its own, with its place or 国家税务总局
    before it; 国家税务总局 某县税务局 (a space inside one name) stays one office."""
    parts = []
    for x in line.split():
        if parts and parts[-1] == "国家税务总局":
            parts[-1] += x
        else:
            parts.append(x)
    if len(parts) < 2 or not all(ORG_LINE.match(x) and len(x) >= 5 for x in parts):
        return []
    return parts


@dataclass
class Para:
    text: str
    table: bool = False


def paragraphs(text, rewrap):
    out = []
    lines = _cells_to_rows(text.split("\n"))
    # a text typed with a blank line after every paragraph (web pages, WeChat posts copied out):
    # there a blank line ends the paragraph, whatever the line before it ends with
    filled = [i for i, line in enumerate(lines) if line.strip()]
    spaced = len(filled) > 2 and sum(1 for i in filled[:-1] if i + 1 < len(lines) and not lines[i + 1].strip()) \
        >= 0.6 * (len(filled) - 1)
    wrapped = _hard_wrapped(lines)
    after_blank = False
    for line in lines:
        if not line.strip():
            after_blank = True
            continue
        # a blank line above the body's first sentence ends the line before it, wrapped or not: a
        # page breaks inside the body, never between a headline, a byline and the lead
        # (某县2026年城乡居民医保缴费开始啦 / blank / the lead)
        hard = after_blank and ((out and not any("。" in p.text for p in out)) or (spaced and not wrapped))
        after_blank = False
        if "\t" in line:
            out.append(Para(line.strip(), table=True))
            continue
        line = line.strip()
        if rewrap and out and not hard and (_continues(out[-1], line) if wrapped else _split_figure(out[-1], line)):
            out[-1].text += line
        else:
            out.append(Para(line))
    return out


def _hard_wrapped(lines):
    """Text broken at a fixed width (copied from a PDF, typed with hard breaks): a good share of its
    long lines stop in the middle of a sentence. A text whose lines are whole paragraphs (a web
    page copied out) is not; there only a figure or date cut by a break is joined (_split_figure)."""
    # the first line is left out: a headline ends with no stop whether the text is wrapped or not
    # (医保缴费正当时——…截至12月31日 over a short lead is not a line cut mid-sentence)
    filled = [x for x in lines if x.strip()]
    long = [x.strip() for x in filled[1:] if len(x.strip()) >= WRAP_MIN and "\t" not in x]
    cut = sum(1 for x in long if x[-1].isalnum() or "\u4e00" <= x[-1] <= "\u9fff")
    width = sorted(len(x) for x in long)[len(long) // 2] if long else 0
    return cut >= 5 or (cut >= 1 and width <= 45)


SPLIT_END = re.compile(r"(?:[0-9０-９]|[0-9０-９][年月]|每人每年|为|至|到|，|、|（)$")
SPLIT_START = re.compile(r"^(?:[0-9０-９]|元|年|月|日|号|%|％)")


def _split_figure(prev, line):
    """400 / 元, 2025年9 / 月1日: a break inside a figure or date; or a line cut mid-sentence."""
    if prev.table or starts_part(line):
        return False
    return bool(SPLIT_END.search(prev.text) and SPLIT_START.match(line)) or prev.text[-1] in MID_SENTENCE


def _continues(prev, line):
    if prev.table:
        return False
    last = prev.text[-1]
    broken = last in MID_SENTENCE or (len(prev.text) >= WRAP_MIN and (last.isalnum() or "\u4e00" <= last <= "\u9fff"))
    if not broken or TITLE_END.search(TITLE_STAMP.sub("", prev.text)) or CLOSING_START.match(prev.text):
        return False
    return not starts_part(line)


def starts_part(line):
    """A line that begins a part of the notice (a numbered item, a date, an attachment, 抄送, a
    signature), so it never continues the line before it."""
    return bool(marker(line) or DATE_LINE.match(line) or CLOSING_START.match(line) or ORG_LINE.match(line))


def _cells_to_rows(lines):
    """Some converters write a Word table one cell per line, each line starting with a tab, rows
    separated by blank lines: put each row back on one line (rows of empty cells are dropped)."""
    out, row = [], []
    for line in lines + [""]:
        cell = line.startswith("\t") and "\t" not in line[1:]
        if cell:
            row.append(line.strip())
            continue
        if row:
            if any(row):
                out.append("\t".join(row))
            row = []
        out.append(line)
    return out
