"""A notice's text → its clauses, with ids and labels that follow its own numbering.

The parts of a Chinese official notice come in a fixed order (GB/T 9704): 版头 (issuer,
document number), 标题, 主送, an optional covering letter that issues an embedded 实施方案,
导语, the numbered body, 落款 (attachment list, signature, date), attachments, 版记 (抄送).
Each is found by its shape; the body is cut at every line that starts with a number, with the
kinds of numbering nested in the order the notice opens them (policy_data/SCHEMA.md, id scheme).
"""

import re
from dataclasses import dataclass, field

from .errors import IntakeError
from .numbering import FAMILY, LIST_KINDS, marker
from .numbers import DATE_LINE
from .paragraphs import ORG_LINE, TITLE_END, TITLE_STAMP, offices, paragraphs, signed_line

DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[［【(（]\s*[0-9０-９]{4}\s*[〕\]］】)）]\s*[0-9０-９]*\s*号")
ATTACHMENT_START = re.compile(r"^附件\s*([0-9０-９]*)\s*[:：]?$")
ATTACHMENT_LIST = re.compile(r"^附件\s*[0-9０-９]*\s*[:：]\s*\S")
EFFECTIVE = re.compile(r"^本(通知|方案|实施方案|工作方案|意见|办法|细则|规定)(自|从|有效期|由|中)")
RECORD = re.compile(r"^(抄送|印发|主题词)[:：]")
NO_TEXT = re.compile(r"^[（(]此页无正文[)）]$")
PUBLICITY = re.compile(r"^[（(]此件")
ISSUING_LETTER = re.compile(r"印发给你们|现印发|现将.{0,40}印发|现转发|转发给你们")
INNER_STOP = re.compile(r"[。；！？]")
HEADLINE = re.compile(r"医保|医疗保险|医疗保障|参保|缴费")
# a headline says what the page is (…标准公布, …缴费开始啦, 提醒!…, …政策解读, …缴费标准调整, …即将截止); a
# table's first row does not
HEADLINE_WORDS = re.compile(r"通知|通告|公告|告知|政策|标准|开始|启动|提醒|解读|问答|指南|须知|公布|进行|多少|来了|调整|提高|上涨|截止|倒计时|即将|开启|怎么|如何|哪些|办理|最新|注意|抓紧|速看|了$|啦|[!！?？]")
# 致全县城乡居民朋友的一封信, 致广大参保群众的公开信: a letter to residents names itself so
LETTER = re.compile(r"(?:一封信|公开信|倡议书)$")
# 缴费标准：每人每年400元, 缴费时间：…: a label and its value, a line of a post's list — never a title
FIELD_LINE = re.compile(r"^[\u4e00-\u9fff]{0,8}(?:标准|时间|期限|期间|日期|金额|费用|方式|渠道|地点|电话|对象|范围|档次)\s*[:：]\s*\S")
UNNUMBERED = "没有条款编号：按段落编为第1段、第2段…"


@dataclass
class Item:
    marker: object
    line: str
    follow: list = field(default_factory=list)
    id: str = ""
    label: str = ""
    depth: int = 0


def split(text, rewrap=False):
    """(clauses, problems): clauses as SCHEMA.md dicts in reading order; problems are lines
    for the review report (numbering gaps, repeated numbers)."""
    paras = paragraphs(text, rewrap)
    body_start = _body_start(paras)
    if body_start is None:
        return _unnumbered(paras)
    clauses, problems = _front(paras[:body_start]), []
    end = _closing_start(paras, body_start)
    clauses += _body(paras[body_start:end], problems)
    clauses += _closing(paras[end:])
    return clauses, problems


def is_question(text):
    """A Q&A page's question: a short paragraph that ends with a question mark."""
    text = text.strip()
    return len(text) <= 80 and text.endswith(("？", "?"))


def _unnumbered(paras):
    """A 通告, a Q&A page, a WeChat post or a paper's item with no 一、 numbering: the title, then
    each paragraph a clause (第1段, 第2段 …) up to the signature block."""
    if not paras:
        raise IntakeError("没有找到“一、”或“第一条”这样的条款编号，也没有可读的段落，不像是一份参保缴费通知。")
    t = _title_at(paras)
    clauses = []
    if t is not None:
        if t:
            clauses.append(_clause("header", "版头", paras[:t]))
        clauses.append(_clause("title", "标题", paras[t:t + 1]))
        rest = paras[t + 1:]
    else:
        rest = paras
    if rest and _is_addressee(rest[0].text):
        clauses.append(_clause("addressee", "主送", rest[:1]))
        rest = rest[1:]
    byline = _byline(rest)
    if byline:
        clauses.append(_clause("preamble", "导语", rest[:byline]))
        rest = rest[byline:]
    end = _closing_start(rest, -1) if rest else 0
    blocks = []  # a table's rows stay together in one clause, as they are printed together
    for p in rest[:end]:
        if p.table and blocks and blocks[-1][-1].table:
            blocks[-1].append(p)
        elif blocks and len(blocks[-1]) == 1 and is_question(blocks[-1][0].text) and not is_question(p.text) \
                and not p.table:
            blocks[-1].append(p)  # a question and its answer (问：…？ / 答：…) are one clause
        else:
            blocks.append([p])
    for n, block in enumerate(blocks, 1):
        clauses.append(_clause(str(n), f"第{n}段", block))
    clauses += _closing(rest[end:])
    return clauses, [UNNUMBERED]


def _byline(paras):
    """How many lines at the top are a byline — the office and the day a post or page went up
    (某县医疗保障局 / 2025年9月1日), above the first sentence: they are not the signature, and the
    body under them is not the closing."""
    k = 0
    while k < min(len(paras), 3) and not paras[k].table and "。" not in paras[k].text and (
            offices(paras[k].text) or DATE_LINE.match(paras[k].text) or signed_line(paras[k].text)):
        k += 1
    return k if k and any("。" in p.text for p in paras[k:]) else 0


def _furniture(paras):
    """How many lines at the top come before the first line of ten characters or more that is not
    a byline: a post's account name, 原创, an author, the office and day it went up."""
    k = _byline(paras)
    while k < min(len(paras), 5) and len(paras[k].text.strip()) < 10 and "。" not in paras[k].text \
            and not paras[k].table:
        k += 1
    return k


def _title_at(paras):
    """The title of an unnumbered text: a line that names the notice (关于…通知/通告/公告, or a
    headline: short, no sentence in it) among the lines before the first sentence (a site's name,
    a column's name and a byline may stand above it)."""
    for i, p in enumerate(paras[:6]):
        text = p.text.strip()
        if "。" in text and i:
            return None  # the body has begun: a line under it is a heading, not the title
        # a page that starts below the header (a repost cut at （四）…) opens on a numbered
        # heading: a clause's heading, never the notice's title
        if p.table or marker(text) or re.search(r"[。；;\t]", text) or len(text) > 60 or text.endswith(("：", ":")) \
                or text.count("《") > text.count("》") or PREAMBLE_OPENING.match(text) \
                or re.match(r"^(?:据|>|》|\[|来源|发布|问\s*[:：]|答\s*[:：]|[QqAa]\s*\d*\s*[:：])", text) \
                or FIELD_LINE.match(text) or re.match(r"^(?:——|—|--)", text):
            # a question of a Q&A page (问：…多少钱？) asks, it does not name the page; a subtitle
            # under a headline (——2026年度…缴费指南) is never the title on its own
            continue
        # a column's name in a site's menu (通知公告, 政策文件) ends as titles do but names no subject
        if ((TITLE_END.search(text) or LETTER.search(text)) and (HEADLINE.search(text) or len(text) >= 12)) \
                or "关于" in text or (len(text) >= 12 and HEADLINE.search(text)
                                                       and HEADLINE_WORDS.search(text)):
            return i
        if i == _furniture(paras) and len(text) >= 10 and HEADLINE.search(text) and _lead_follows(paras[i:]):
            # a news item's headline in its own words (某县部署…医保征收工作), the lead under it; a
            # byline (office, day) and short lines (an account's name, 原创) may stand above it
            return i
        if i == _byline(paras) and len(text) >= 6 and HEADLINE.search(text) and i + 1 < len(paras) \
                and REPORT_LEAD.match(paras[i + 1].text.strip()):
            # 医保缴费开始了 / 本报讯 记者从…获悉: a short headline is a paper's when its lead opens
            # as a news item does, right under it
            return i
    return None


# a news item's lead: 本报讯, 记者…, 通讯员…, ■…, 日前/近日 as a paper prints them
REPORT_LEAD = re.compile(r"^(?:本报讯|本台讯|讯[（(]|记者|通讯员|■|【[^】]{0,10}讯】)")


def _lead_follows(paras):
    """Under the first line, the first sentence comes within three lines, with only short lines
    (a byline, a time stamp) between."""
    for p in paras[1:4]:
        if "。" in p.text or FIELD_LINE.match(p.text.strip()):
            return True  # a sentence, or a post's list of labelled facts (缴费时间：…)
        if len(p.text) > 60 or p.table:
            return False
    return False


def _join(paras):
    return "\n".join(p.text for p in paras)


def _clause(cid, label, paras=(), heading=None, text=None):
    out = {"id": cid, "label": label}
    if heading:
        out["heading"] = heading
    out["text"] = _join(paras) if text is None else text
    return out


# -- where the body starts and ends ----------------------------------------------------------
def _body_start(paras):
    first = None
    for i, p in enumerate(paras):
        m = None if p.table else marker(p.text)
        if m and m.value == 1:
            if m.kind in ("cn", "tiao", "zhang"):
                return i
            first = i if first is None else first
    return first


def _closing_start(paras, start):
    for k in range(start + 1, len(paras)):
        text = paras[k].text
        if paras[k].table or marker(text):
            continue
        if (ATTACHMENT_START.match(text) or ATTACHMENT_LIST.match(text) or DATE_LINE.match(text)
                or PUBLICITY.match(text) or RECORD.match(text) or EFFECTIVE.match(text)
                or signed_line(text)
                or (offices(text) and any(DATE_LINE.match(p.text) for p in paras[k + 1:k + 3]))
                or _signing_run(paras, k)):
            # a signature: offices over a date, or offices and date on one line (an office alone at
            # the end may be the site's footer, not a signature)
            return k
    return len(paras)


# a preamble's sentence, cut before its full stop (为做好…工作，依据《…): not a headline
PREAMBLE_OPENING = re.compile(r"^(?:为|根据|依据|按照|经)[^，,]{2,40}[，,]")


def _quoted_about(text):
    """The 关于 is inside a quoted title (…下发了《关于…》, 依据《国家医保局 财政部…关于…》): the
    line is a sentence quoting another notice — an excerpt cut before its full stop included."""
    at = text.find("关于")
    return text[:at].count("《") > text[:at].count("》")


def _signing_run(paras, k):
    """Offices signed one a line over the date (a joint notice of 医保局, 财政局 and 税务局 signs
    three or more lines): the run starts at the first office line."""
    j = k
    while j < len(paras) and offices(paras[j].text) and not paras[j].table:
        j += 1
    return j > k and j < len(paras) and bool(DATE_LINE.match(paras[j].text) or signed_line(paras[j].text))


# -- 版头, 标题, 主送, covering letter, 导语 --------------------------------------------------------
SENTENCE = re.compile(r"。|[：:]\s*$")  # a sentence, or the line that leads into a list: never a title line


def _title_head(text):
    """The first line of a title with no 关于 (2026年度某市城乡居民基本医疗保险): names the scheme or
    the year, and is no sentence, number, date or 版头."""
    return bool(len(text) <= 40 and re.search(r"年度|医疗保险|医保", text) and not re.search(r"[。，,；;：:！？]", text)
                and not DOC_NUMBER.search(text) and not DATE_LINE.match(text) and not text.endswith("文件")
                and not TITLE_END.search(text))


def _front(paras):
    clauses = []
    # a title line names the notice (关于…); a lead paragraph that quotes one (…下发了《关于…》) is a sentence
    t = next((i for i, p in enumerate(paras) if "关于" in p.text and not DOC_NUMBER.search(p.text)
              and "。" not in p.text and not _quoted_about(p.text)), None)
    if t is None:
        t = next((i for i, p in enumerate(paras) if TITLE_END.search(p.text) and not p.text.endswith("文件")), None)
    headline = False
    if t is None:
        t = _title_at(paras)
        headline = t is not None  # a page's headline: one line, not a 关于…通知 title block
    if t is None:
        return [_clause("preamble", "导语", paras)] if paras else []
    start = t
    while start > 0 and (ORG_LINE.match(paras[start - 1].text) or len(offices(paras[start - 1].text)) > 1) \
            and not paras[start - 1].text.endswith("文件"):
        start -= 1
    if start == t and not headline and "关于" not in paras[t].text and t > 0 and _title_head(paras[t - 1].text):
        start -= 1  # 2026年度某市城乡居民基本医疗保险 / 集中参保缴费告知书: a title with no 关于 broken over two lines
    end = t
    while not headline and end + 1 < len(paras) and not TITLE_END.search(TITLE_STAMP.sub("", paras[end].text)) \
            and not _is_addressee(paras[end + 1].text) and not SENTENCE.search(paras[end + 1].text):
        end += 1
    if end + 1 < len(paras) and DOC_NUMBER.fullmatch(paras[end + 1].text.strip()):
        end += 1  # the document number printed under the title (as web pages do)
    if start:
        clauses.append(_clause("header", "版头", paras[:start]))
    clauses.append(_clause("title", "标题", paras[start:end + 1]))
    rest = paras[end + 1:]
    if rest and _is_addressee(rest[0].text):
        clauses.append(_clause("addressee", "主送", rest[:1]))
        rest = rest[1:]
    title = _join(paras[start:end + 1])
    if rest and ("印发" in title or "转发" in title) and ISSUING_LETTER.search(rest[0].text):
        clauses += _covering_letter(rest)
    elif rest:
        clauses.append(_clause("preamble", "导语", rest))
    return clauses


def _is_addressee(text):
    """各乡镇人民政府，县直各单位：— but not a sentence that ends by announcing a list (…具体如下：)."""
    return text.endswith(("：", ":")) and len(text) <= 100 and not re.search(r"如下|。|具体|消息", text)


def _covering_letter(paras):
    """letter, letter-date, plan-title, preamble (内乡, 双清: a 方案 issued by a short letter)."""
    k = 0
    while k < len(paras) and not DATE_LINE.match(paras[k].text) and not _plan_title_at(paras, k):
        k += 1
    clauses = [_clause("letter", "印发通知", paras[:k])]
    if k < len(paras) and DATE_LINE.match(paras[k].text):
        clauses.append(_clause("letter-date", "成文日期", paras[k:k + 1]))
        k += 1
    end = _plan_title_at(paras, k)
    if end:
        clauses.append(_clause("plan-title", "方案标题", paras[k:end]))
        k = end
    if k < len(paras):
        clauses.append(_clause("preamble", "导语", paras[k:]))
    return clauses


def _plan_title_at(paras, k):
    """End index of a plan title starting at k (one or two short lines ending in 方案/办法…), else 0."""
    for end in (k + 1, k + 2):
        lines = paras[k:end]
        if len(lines) == end - k and all(len(p.text) <= 40 and not INNER_STOP.search(p.text) for p in lines) \
                and TITLE_END.search(lines[-1].text) and not lines[-1].text.endswith("文件"):
            return end
    return 0


# -- the numbered body --------------------------------------------------------------------------
def _body(paras, problems):
    items = []
    for p in paras:
        m = None if p.table else marker(p.text)
        if m:
            items.append(Item(m, p.text))
        else:
            items[-1].follow.append(p)
    items = _number(items, problems)
    clauses, p_count, headed = [], {}, set()
    for k, item in enumerate(items):
        nxt = items[k + 1] if k + 1 < len(items) else None
        child_next = nxt is not None and nxt.id.startswith(item.id + ".")
        parent = item.id.rsplit(".", 1)[0] if "." in item.id else ""
        heading = _heading_like(item) and (item.follow or child_next)
        if heading and _back_to_parent(item, nxt) and parent not in headed:
            # the last of a list of short items, then a paragraph: the paragraph is the list's
            # parent's unless the items before it were headings with paragraphs too
            heading = False
        if heading:
            headed.add(parent)
            clauses.append(_clause(item.id, item.label, item.follow, heading=item.line))
        elif _back_to_parent(item, nxt):
            clauses.append(_clause(item.id, item.label, text=item.line))
            parent_label = next(c["label"] for c in clauses if c["id"] == parent)
            n = p_count[parent] = p_count.get(parent, 0) + 1
            clauses.append(_clause(f"{parent}.p{n}", f"{parent_label}末段{n if n > 1 else ''}", item.follow))
        else:
            clauses.append(_clause(item.id, item.label, text="\n".join([item.line] + [p.text for p in item.follow])))
    return clauses


def _number(items, problems):
    """Ids and labels from a stack of the numbering kinds open at each item. An item whose
    number repeats one already used is kept as text of the item before it (and reported)."""
    stack, used, out = [], set(), []
    for item in items:
        m = item.marker
        kinds = [level.kind for level in stack]
        kind = m.kind
        value = m.value
        if kind in kinds:
            i = kinds.index(kind)
            if m.value <= stack[i].value:
                # two 四、: the second keeps its printed label and takes the next place, never
                # merged into the clause before it
                value = stack[i].value + 1
                problems.append(f"编号重复：“{stack[i].label}”之后又是“{m.label}”，按原文保留为单独一条")
            elif m.value != stack[i].value + 1:
                problems.append(f"编号不连续：“{stack[i].label}”之后是“{m.label}”")
            del stack[i:]
        elif m.value != 1:
            # a number printed in the wrong style for its level: （2） where （二） was meant
            i = next((i for i in reversed(range(len(stack)))
                      if FAMILY[stack[i].kind] == FAMILY[kind] and stack[i].value == m.value - 1), None)
            if i is not None:
                kind = stack[i].kind
                problems.append(f"“{m.label}”按同级编号“{stack[i].label}”之后的第{m.value}项处理（原文编号样式不一致）")
                del stack[i:]
            else:
                problems.append(f"编号“{m.label}”不从1开始")
        stack.append(_Level(kind, value, m.label))
        item.id = ".".join(str(level.value) for level in stack)
        item.label = "".join(level.label for level in stack)
        item.depth = len(stack)
        if item.id in used:
            problems.append(f"编号 {item.label} 重复，并入上一条")
            out[-1].follow.append(_AsPara(item.line))
            out[-1].follow += item.follow
            continue
        used.add(item.id)
        out.append(item)
    return out


@dataclass
class _Level:
    kind: str
    value: int
    label: str


@dataclass
class _AsPara:
    text: str
    table: bool = False


def _heading_like(item):
    """A line that is only a heading: short, no sentence inside it, not a list entry that
    runs on (；，、：)."""
    line = item.line
    rest = line[item.marker.end:].strip()
    return bool(rest) and len(line) <= 40 and not INNER_STOP.search(line[:-1]) and not line.endswith(tuple("；，、：:"))


def _back_to_parent(item, nxt):
    """Paragraphs after the last entry of a list of numbered items belong to the list's parent
    (`<parent>.p1`), not to that entry."""
    return (item.follow and item.marker.kind in LIST_KINDS and item.depth > 1
            and (nxt is None or nxt.depth < item.depth)
            and not item.line.endswith(("：", ":")) and not all(p.table for p in item.follow))


# -- 落款, attachments, 版记 -------------------------------------------------------------------------
def _closing(paras):
    blocks = [["closing", None, []]]  # [id, label, paras]
    attachments = 0
    records = 0
    for p in paras:
        start = ATTACHMENT_START.match(p.text)
        if start:
            attachments += 1
            number = start.group(1)
            blocks.append([f"attachment-{int(number) if number else attachments}",
                           f"附件{int(number) if number else ''}", [p]])
        elif RECORD.match(p.text) or NO_TEXT.match(p.text):
            records += 1
            blocks.append([f"closing.p{records}", "附注" if NO_TEXT.match(p.text) else "版记（抄送）", [p]])
        else:
            blocks[-1][2].append(p)
    closing = blocks[0][2]
    if closing:
        signed = any(DATE_LINE.match(p.text) or ATTACHMENT_LIST.match(p.text) or PUBLICITY.match(p.text)
                     or ORG_LINE.match(p.text) for p in closing)
        blocks[0][1] = "落款" if signed else ("结语（有效期）" if "有效期" in closing[0].text else "结语")
    return [_clause(cid, label, block) for cid, label, block in blocks if block]
