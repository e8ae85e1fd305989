"""A notice file as its publisher gives it → the plain text its clauses are cut from.

Each format has its reader (.txt, .docx, .html, .pdf); all of them return lines of text in
reading order, with table rows as tab-separated cells. `read_notice` then removes what is not
part of the published text (Word bookmarks, invisible characters, trailing spaces).
"""

import io
import re
from pathlib import Path

from .errors import IntakeError
from .paragraphs import MID_SENTENCE, starts_part

ARTEFACTS = re.compile(r"\[bookmark: [^\]]*\]")
EMPHASIS = re.compile(r"\*\*(\S(?:.*?\S)?)\*\*")  # Markdown bold left by a converter
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
CJK = re.compile(r"[\u4e00-\u9fff]")


def read_notice(path):
    """(text, rewrap): `rewrap` is true where line breaks may fall inside a paragraph
    (plain text copied from a PDF or typed with hard breaks); the other readers know where
    paragraphs end."""
    path = Path(path)
    if not path.is_file():
        raise IntakeError(f"找不到文件“{path}”。")
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise IntakeError(f"不支持“{suffix or '无扩展名'}”格式的文件；请提供 .txt、.docx、.html 或 .pdf。")
    data = path.read_bytes()
    if not data.strip():
        raise IntakeError(f"文件“{path.name}”是空的。")
    text = simplified(normalise(READERS[suffix](data)))
    if not CJK.search(text):
        raise IntakeError(f"文件“{path.name}”里没有中文文字，不是参保缴费通知。")
    return text, suffix == ".txt"


def simplified(text):
    """A page in traditional characters (a Hong Kong-style mirror, a 繁體 switch) read in simplified
    ones (OpenCC t2s), so 醫保/繳費 are read as 医保/缴费; simplified text is left as it is."""
    import opencc

    converted = opencc.OpenCC("t2s").convert(text)
    changed = sum(1 for a, b in zip(text, converted) if a != b)
    return converted if changed * 50 > len(CJK.findall(text)) else text


def normalise(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    text = EMPHASIS.sub(r"\1", INVISIBLE.sub("", ARTEFACTS.sub("", text)))
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines) + "\n"


# -- plain text -------------------------------------------------------------------------------
def decode(data):
    """UTF-8 when it is; otherwise what charset-normalizer finds (GBK/GB18030, UTF-16, Big5…),
    accepted only if the result reads as Chinese."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    text = str(best) if best is not None else ""
    letters = [ch for ch in text if not ch.isspace() and not ch.isascii()]
    if not letters or sum(1 for ch in letters if CJK.match(ch)) < 0.5 * len(letters):
        raise IntakeError("无法识别文件的文字编码（既不是 UTF-8，也不像 GBK/GB18030 中文）；请另存为 UTF-8 文本。")
    return text


def read_txt(data):
    return decode(data)


# -- Word -----------------------------------------------------------------------------------------
def read_docx(data):
    """Paragraphs and tables in document order (python-docx). Word's automatic numbering is not
    part of a paragraph's text, so a file that uses it is refused rather than read without its
    numbers."""
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises several kinds for a file that is not a .docx
        raise IntakeError("文件不是有效的 .docx（Word 2007 及以后）文档。") from None
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_rows(block))
            continue
        if block.text.strip() and _auto_numbered(block):
            raise IntakeError("这个 .docx 用了 Word 自动编号，编号不在文字里；请在 Word 中把编号转为文字"
                              "（或另存为 .txt）后再导入。")
        lines.append(block.text)
    return "\n".join(lines)


def _auto_numbered(paragraph):
    """Numbered by Word (numPr on the paragraph or on its style), not by typed text."""
    if paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None:
        return True
    style = paragraph.style
    while style is not None:
        ppr = style.element.pPr
        if ppr is not None and ppr.numPr is not None:
            return True
        style = style.base_style
    return False


def _table_rows(table):
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is listed once per grid column it spans
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        rows.append("\t".join(cells))
    return rows


# -- web page ---------------------------------------------------------------------------------
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)
BLOCKS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "section",
          "article", "blockquote", "pre", "ul", "ol", "center", "dd", "dt"}


def read_html(data):
    """The article body of a saved page (readability-lxml drops navigation, footers and link
    lists); the page's own heading is kept when the body does not repeat it."""
    import lxml.html
    from readability import Document

    declared = CHARSET.search(data[:4096])
    try:
        html = data.decode(declared.group(1).decode()) if declared else decode(data)
    except (LookupError, UnicodeDecodeError):
        html = decode(data)
    try:
        page = lxml.html.fromstring(html)
        chosen = lxml.html.fromstring(Document(html).summary(html_partial=True))
    except Exception:  # lxml/readability raise several kinds for a page that is not HTML
        raise IntakeError("文件不是可读的 HTML 网页。") from None
    text = _html_text(_descend(_original_of(page, chosen)))
    heading = _page_heading(page)
    if heading and _squash(heading) not in _squash(text):
        text = heading + "\n" + text
    return text


def _squash(text):
    return re.sub(r"\s+", "", text)


def _original_of(page, chosen):
    """The element of the page that holds the article readability chose. readability's own copy
    is cleaned for reading and drops small tables (an attachment's contact table), so the text is
    taken from the page itself: the smallest element holding the start and end of its choice."""
    words = _squash(_html_text(chosen))
    head, tail = words[:20], words[-20:]
    best, size = page, None
    for element in page.iter():
        if not isinstance(element.tag, str):
            continue
        inside = _squash(element.text_content())
        if head in inside and tail in inside and (size is None or len(inside) < size):
            best, size = element, len(inside)
    return best


def _weight(element):
    """Chinese characters of an element outside links: what an article has and a menu has not."""
    links = sum(len(CJK.findall(a.text_content())) for a in element.iter("a"))
    return len(CJK.findall(element.text_content())) - links


def _descend(element):
    """From a container, down into the child that holds most of its text, while one does: a
    page's body → its article column → the article, leaving menus, breadcrumbs and footers."""
    while True:
        total = _weight(element)
        child = max((c for c in element if isinstance(c.tag, str)), key=_weight, default=None)
        if child is None or not total or _weight(child) < 0.6 * total:
            return element
        element = child


def _page_heading(page):
    for element in page.iter("h1", "h2", "h3"):
        words = " ".join(element.text_content().split())
        if "关于" in words or words.endswith(("通知", "方案")):
            return words
    for element in page.iter("h1"):  # a news or WeChat page's headline (…缴费标准、缴费渠道!)
        words = " ".join(element.text_content().split())
        if len(words) <= 60 and re.search(r"医保|医疗保险|医疗保障|参保|缴费", words):
            return words
    return None


def _html_text(root):
    parts = []

    def walk(element):
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in ("script", "style", "noscript"):
            return
        if tag in BLOCKS:
            parts.append("\n")
        if tag in ("td", "th") and parts and not parts[-1].endswith("\n"):
            parts.append("\t")
        if element.text and tag not in ("script", "style"):
            parts.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in BLOCKS:
            parts.append("\n")

    walk(root)
    lines = [" ".join(line.split()) if "\t" not in line else "\t".join(c.strip() for c in line.split("\t"))
             for line in "".join(parts).split("\n")]
    return "\n".join(line.strip("\t") if not line.strip() else line for line in lines)


# -- PDF ------------------------------------------------------------------------------------------
PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*)?\d+\s*(页)?[-—–\s]*(/\s*\d+\s*页?)?$")
ENDS_SENTENCE = tuple("。！？；：")
CLOSES = "）)》”’」』，。、；：！？"  # no paragraph starts with these


def read_pdf(data):
    """The text layer (pdfplumber). A line that runs to the right margin and does not end a
    sentence continues on the next line, so paragraphs come back whole; page numbers are dropped.
    A PDF without a text layer is a scan: refused, since guessing its words is not reading them."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception:  # pdfminer raises several kinds for a damaged or encrypted file
        raise IntakeError("文件不是可读的 PDF（损坏或加密）。") from None
    paragraphs, joined = [], False
    with pdf:
        for page in pdf.pages:
            lines = [line for line in page.extract_text_lines() if line["text"].strip()]
            lines = [line for line in lines if not PAGE_NUMBER.match(line["text"])]
            lines = _with_tables(page, lines)
            if not lines:
                continue
            right = max(line["x1"] for line in lines)
            widths = [c["width"] for line in lines for c in line["chars"] if not c["text"].isspace()]
            char = sorted(widths)[len(widths) // 2] if widths else 10
            for line in lines:
                text = line["text"].strip()
                if line.get("table"):
                    paragraphs.append(text)
                    joined = False
                    continue
                if paragraphs and (text[0] in CLOSES or paragraphs[-1].endswith(MID_SENTENCE)
                                   or (joined and not starts_part(text))):
                    paragraphs[-1] += text
                else:
                    paragraphs.append(text)
                joined = line["x1"] >= right - 2.5 * char and not text.endswith(ENDS_SENTENCE)
                joined = joined and not text.startswith("附件")
    if not "".join(paragraphs).strip():
        raise IntakeError("这个 PDF 没有文字层（像是扫描件）；请向发文单位要文字版，或先做文字识别后再导入。")
    return "\n".join(paragraphs)


def _with_tables(page, lines):
    """A ruled table's rows as tab-separated cells (pdfplumber's table finder), in place of the
    lines its cells were printed on: a row's cells are read together, as in a .docx or .html."""
    try:
        tables = page.find_tables()
    except Exception:  # a page the table finder cannot parse keeps its lines
        return lines
    out, placed = [], set()
    for line in lines:
        middle = (line["top"] + line["bottom"]) / 2
        inside = next((k for k, t in enumerate(tables) if t.bbox[1] <= middle <= t.bbox[3]
                       and t.bbox[0] - 2 <= line["x0"] <= t.bbox[2]), None)
        if inside is None:
            out.append(line)
            continue
        if inside not in placed:
            placed.add(inside)
            for row in tables[inside].extract():
                cells = ["".join((cell or "").split()) for cell in row]
                if any(cells):
                    out.append({"text": "\t".join(cells), "table": True, "x1": 0, "chars": []})
    return out


READERS = {".txt": read_txt, ".docx": read_docx, ".html": read_html, ".htm": read_html, ".pdf": read_pdf}
