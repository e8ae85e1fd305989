"""Build the publisher's file formats of the corpus entries that ask for them: a Word .docx with a
table of groups, a saved .html page with a government site's clutter, and a .pdf with a text layer
and an embedded CJK font. Run after editing a notice's .txt or its `variants:` spec, and commit the
output:

    .venv/bin/python tests/intake_corpus/make_variants.py

The spec, in the entry's yaml:

    variants:
      formats: [docx, html, pdf]
      table_replaces: 持证的特困供养人员   # the paragraph(s) starting with this (or with each
                                          # of a list) become the table
      table:                              # first row is the header; every figure is the notice's
        - [对象, 个人缴费（元）, 政府资助（元）]
        - [持证特困供养人员, "0", 全额资助]
      site: 浑源县人民政府                 # the site's name in the page furniture (html only)

Every figure in a table is one the notice's text states: the variant carries the same facts as the
.txt, only laid out as a publisher sends them.

The PDF font: fonts-noto-cjk ships CFF outlines, which reportlab cannot embed, so the characters a
notice uses are cut out of Noto Sans CJK SC with fontTools and given quadratic (TrueType) outlines;
reportlab embeds that subset. Nothing is fetched and the font is the system's.
"""

import html
import io
import sys
import tempfile
import zipfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
NOTICES = HERE / "notices"
NOTO = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
NOTO_SC = "Noto Sans CJK SC"


def blocks(entry, text):
    """The notice as ("p", line) and ("table", rows) blocks: the paragraph named by
    `table_replaces` becomes the table, everything else stays a paragraph (blank lines dropped)."""
    spec = entry["variants"]
    markers = spec.get("table_replaces") or []
    markers = [markers] if isinstance(markers, str) else list(markers)
    out, found = [], []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        hit = next((m for m in markers if m not in found and line.startswith(m)), None)
        if hit is None:
            out.append(("p", line))
            continue
        if not found:  # the first replaced paragraph becomes the table, the others go
            out.append(("table", spec["table"]))
        found.append(hit)
    missing = [m for m in markers if m not in found]
    if missing:
        raise SystemExit(f"{entry['id']}: no paragraph starts with {missing}")
    return out


def split_title(entry, parts):
    """(title, the rest): the notice's title when its text opens with it, else (None, parts) — a
    variant never gives a notice a title it does not have."""
    title = entry["facts"].get("title")
    if title and parts and parts[0] == ("p", title):
        return title, parts[1:]
    return None, parts


def write_docx(parts, path):
    import docx

    document = docx.Document()
    for kind, content in parts:
        if kind == "p":
            document.add_paragraph(content)
        else:
            table = document.add_table(rows=len(content), cols=len(content[0]))
            table.style = "Table Grid"
            for r, row in enumerate(content):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = str(cell)
    buffer = io.BytesIO()
    document.save(buffer)
    # the same bytes each run: zip members re-stamped with a fixed time, in the order Word wrote them
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0)), src.read(info),
                         compress_type=zipfile.ZIP_DEFLATED)


def write_html(entry, parts, path):
    """A county site's article page: header and menu, breadcrumb, 字号 大 中 小, the article, then
    分享到 / 打印本页 / 关闭窗口 and a footer. Only what the notice itself states is given as its date
    or source; the furniture carries no other date."""
    site = entry["variants"].get("site", "人民政府")
    title, parts = split_title(entry, parts)
    menu = "".join(f"<li><a href=\"#\">{m}</a></li>" for m in
                   ("首页", "政务公开", "政策文件", "政策解读", "政务服务", "互动交流", "走进本地"))
    body = []
    for kind, content in parts:
        if kind == "p":
            body.append(f"<p>{html.escape(content)}</p>")
        else:
            head = "".join(f"<th>{html.escape(str(c))}</th>" for c in content[0])
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>"
                           for row in content[1:])
            body.append(f"<table border=\"1\"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    facts = entry["facts"]
    info = []
    if facts.get("date"):
        info.append(f"发布时间：{facts['date']}")
    if facts.get("issuer"):
        info.append(f"来源：{html.escape(facts['issuer'])}")
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title or "正文")}_{html.escape(site)}</title></head>
<body>
<div class="top"><span>{html.escape(site)}</span> <a href="#">无障碍浏览</a> <a href="#">长者模式</a>
<form class="search"><input name="q" placeholder="请输入关键字"><button>搜索</button></form></div>
<ul class="menu">{menu}</ul>
<div class="crumb">当前位置：<a href="#">首页</a> &gt; <a href="#">政务公开</a> &gt; <a href="#">通知公告</a></div>
<div class="article">
{f"<h1>{html.escape(title)}</h1>" if title else ""}
<div class="info">{'　'.join(info)}　浏览次数：<span>1024</span>　字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></div>
<div class="content">
{chr(10).join(body)}
</div>
<div class="tools">分享到：<a href="#">微信</a> <a href="#">微博</a>　<a href="javascript:window.print()">打印本页</a>　<a href="javascript:window.close()">关闭窗口</a></div>
</div>
<div class="related"><h3>相关链接</h3><ul><li><a href="#">政府信息公开指南</a></li><li><a href="#">政府信息公开年报</a></li></ul></div>
<div class="footer"><p>主办：{html.escape(site)}办公室</p><p>技术支持：县融媒体中心</p></div>
</body></html>
"""
    Path(path).write_text(page, encoding="utf-8")


def _embedded_font(text, workdir, tag):
    """A TrueType subset of Noto Sans CJK SC holding the characters of `text`, for reportlab, under
    a PostScript name of its own (reportlab keeps faces by that name: two subsets sharing it in one
    run would lend each other glyphs)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.subset import Options, Subsetter
    from fontTools.ttLib import TTCollection, newTable

    collection = TTCollection(str(NOTO))
    font = next(f for f in collection.fonts if f["name"].getDebugName(1) == NOTO_SC)
    options = Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = Subsetter(options)
    subsetter.populate(unicodes={ord(c) for c in text} | {0x20})
    subsetter.subset(font)

    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"], font["loca"] = glyf, newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font["maxp"].tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(font["maxp"], attr, 0)
    font["maxp"].maxZones = 1
    font["head"].indexToLocFormat = 0
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"
    for record in font["name"].names:
        if record.nameID in (4, 6):
            record.string = f"NotoSansCJKsc-Regular-{tag}"
    font.recalcTimestamp = False  # keep the system font's date: the same input gives the same bytes
    path = Path(workdir) / "noto-sc-subset.ttf"
    font.save(str(path))
    return path


def write_pdf(entry, parts, path):
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    rl_config.invariant = 1  # no creation date or random id: the same input gives the same bytes
    text = "".join(c if k == "p" else "".join(str(x) for row in c for x in row) for k, c in parts)
    with tempfile.TemporaryDirectory() as workdir:
        # one font name per notice: each subset holds only that notice's characters
        name = "NotoSC-" + entry["id"]
        pdfmetrics.registerFont(TTFont(name, str(_embedded_font(text + "-0123456789", workdir, entry["id"]))))
        body = ParagraphStyle("body", fontName=name, fontSize=12, leading=20, wordWrap="CJK", spaceAfter=4)
        head = ParagraphStyle("head", parent=body, fontSize=16, leading=26, alignment=1, spaceAfter=12)
        title, rest = split_title(entry, parts)
        story = [Paragraph(html.escape(title), head)] if title else []
        for kind, content in rest:
            if kind == "p":
                story.append(Paragraph(html.escape(content), body))
            else:
                cell = ParagraphStyle("cell", parent=body, fontSize=10, leading=14, spaceAfter=0)
                rows = [[Paragraph(html.escape(str(c)), cell) for c in row] for row in content]
                story += [Spacer(1, 4), Table(rows, style=[("GRID", (0, 0), (-1, -1), 0.5, "black"),
                                                            ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]), Spacer(1, 8)]

        def page_number(canvas, doc):
            canvas.setFont(name, 10)
            canvas.drawCentredString(A4[0] / 2, 30, f"- {doc.page} -")

        SimpleDocTemplate(str(path), pagesize=A4, title=title or "").build(
            story, onFirstPage=page_number, onLaterPages=page_number)


def build(entry_path, out_dir=NOTICES):
    entry = yaml.safe_load(entry_path.read_text(encoding="utf-8"))
    spec = entry.get("variants")
    if not spec:
        return []
    text = (NOTICES / f"{entry['id']}.txt").read_text(encoding="utf-8")
    parts = blocks(entry, text)
    written = []
    for fmt in spec["formats"]:
        path = Path(out_dir) / f"{entry['id']}.{fmt}"
        if fmt == "docx":
            write_docx(parts, path)
        elif fmt == "html":
            write_html(entry, parts, path)
        elif fmt == "pdf":
            write_pdf(entry, parts, path)
        else:
            raise SystemExit(f"{entry_path.name}: unknown variant format {fmt!r}")
        written.append(path.name)
    missing = [name for name in written if name not in entry["files"]]
    if missing:
        raise SystemExit(f"{entry_path.name}: add {missing} to files:")
    return written


def main(argv):
    paths = [NOTICES / f"{name}.yaml" for name in argv] or sorted(NOTICES.glob("*.yaml"))
    for path in paths:
        for name in build(path):
            print(name)


if __name__ == "__main__":
    main(sys.argv[1:])
