"""One notice, written as the other file formats publishers use: GBK text, Word, a web page,
a PDF with a text layer, and a PDF without one (a scan). Used by intake's tests and its
benchmark (bench/intake.py) to show that `python -m intake draft` reads them all alike.

`paragraphs` is a list of (text, is_table_row); table rows are tab-separated cells.
"""

import html
from pathlib import Path


def _blocks(paragraphs):
    """Consecutive table rows grouped: [("p", text) | ("table", [[cell, …], …])]."""
    out = []
    for text, table in paragraphs:
        if table:
            if not out or out[-1][0] != "table":
                out.append(("table", []))
            out[-1][1].append(text.split("\t"))
        else:
            out.append(("p", text))
    return out


def write_gbk(paragraphs, path):
    Path(path).write_bytes("\n".join(text for text, _ in paragraphs).encode("gbk"))


def write_docx(paragraphs, path, go_back_after=3):
    """Word as a clerk saves it: paragraphs, tables, and the `_GoBack` bookmark Word leaves at
    the last edit (after paragraph `go_back_after`)."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    for n, (kind, content) in enumerate(_blocks(paragraphs)):
        if kind == "p":
            paragraph = document.add_paragraph(content)
            if n == go_back_after:
                for tag in ("w:bookmarkStart", "w:bookmarkEnd"):
                    mark = OxmlElement(tag)
                    mark.set(qn("w:id"), "0")
                    if tag == "w:bookmarkStart":
                        mark.set(qn("w:name"), "_GoBack")
                    paragraph._p.append(mark)
        else:
            width = max(len(row) for row in content)
            table = document.add_table(rows=len(content), cols=width)
            for r, row in enumerate(content):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    document.save(str(path))


def write_html(paragraphs, path, title="通知"):
    """A government site's article page: navigation, breadcrumb, side links and footer around
    the article body."""
    nav = "".join(f'<li><a href="/{i}">{name}</a></li>' for i, name in enumerate(
        ["首页", "政务公开", "政策文件", "政策解读", "办事服务", "互动交流", "走进本地"]))
    side = "".join(f'<li><a href="/n{i}">相关文件{i}：关于做好本地政务服务工作的通知</a></li>' for i in range(8))
    body = []
    for kind, content in _blocks(paragraphs):
        if kind == "p":
            body.append(f"<p>{html.escape(content)}</p>")
        else:
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in content)
            body.append(f"<table>{rows}</table>")
    page = f"""<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>{html.escape(title)}_政府网</title></head>
<body><div class="header"><div class="logo">人民政府门户网站</div><ul class="nav">{nav}</ul>
<form class="search"><input name="q"><button>搜索</button></form></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 政策文件</div>
<div class="main"><div class="sidebar"><h3>相关文件</h3><ul>{side}</ul></div>
<div class="article"><h1>{html.escape(title)}</h1><div class="info">发布时间：2024-11-08 来源：政府办公室 字号：大 中 小</div>
<div class="content">{''.join(body)}</div>
<div class="share">分享到：微信 微博 <a href="javascript:print()">打印本页</a> <a href="javascript:close()">关闭窗口</a></div></div></div>
<div class="footer"><p>主办：人民政府办公室 承办：大数据中心</p><p>网站标识码 1405210001 备案号：晋ICP备00000000号</p>
<ul>{nav}</ul></div></body></html>"""
    Path(path).write_text(page, encoding="utf-8")


def write_pdf(paragraphs, path):
    """A text-layer PDF in the CID font every PDF reader has for Chinese (STSong-Light), A4,
    page numbers in the footer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=20, wordWrap="CJK",
                           spaceAfter=4)
    story = []
    for kind, content in _blocks(paragraphs):
        if kind == "p":
            story.append(Paragraph(html.escape(content), style))
        else:
            width = max(len(row) for row in content)
            rows = [row + [""] * (width - len(row)) for row in content]
            story.append(Table(rows, style=[("FONT", (0, 0), (-1, -1), "STSong-Light", 9)]))

    def page_number(canvas, doc):
        canvas.setFont("STSong-Light", 10)
        canvas.drawCentredString(A4[0] / 2, 30, f"- {doc.page} -")

    SimpleDocTemplate(str(path), pagesize=A4).build(story, onFirstPage=page_number, onLaterPages=page_number)


def write_scan_pdf(path):
    """A PDF whose pages are only pictures, as a scanner makes them: no text layer at all."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    for y in range(700, 100, -24):  # grey bars where lines of text would be
        pdf.setFillGray(0.3)
        pdf.rect(72, y, 450, 10, stroke=0, fill=1)
    pdf.showPage()
    pdf.save()
