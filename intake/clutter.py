"""What a web page or a newspaper puts around a notice, found before the notice is read.

`labelled(text)` reads the fields pages print in labelled form — 索引号 / 发文机关 / 发布机构 /
成文日期 / 发布日期 / 刊发日期 / 发文字号 / 文号 / 标题 / 来源 — wherever they stand (above the
title, in a block after the body, on one line with other fields). `declutter(text)` then drops
those field lines and the page's furniture: 字号 大 中 小, 打印本页, 关闭窗口, 分享到, 浏览次数,
breadcrumbs (当前位置：首页 > …), 相关文章 / 相关链接 lists, 上一篇 / 下一篇, 扫一扫, a paper's
masthead line, so the numbering and sentences underneath are read as the notice prints them.
A line that carries a sentence of the notice (。 inside, or a figure with 元) is never dropped.
"""

import re

from .numbers import DATE_LINE, NUMERIC_DATE, full_date
from .paragraphs import offices

FIELD_NAMES = {
    "index": r"索\s*引\s*号",
    # a law library's page labels its block 发文标题 / 发文文号 / 发文部门 / 发文时间
    # (发布部门, 来源单位, 发布者, 供稿: the same, as other sites label it; a person named there is no
    # office, and metadata.py reads only an office)
    "issuer": r"发文机关|发文部门|发文机构|发布机构|发布部门|发文单位|发布单位|来源单位|供稿单位|信息来源|信息提供|发稿单位|发稿部门|来\s*源|发布者|供\s*稿",
    "date": r"成文日期|发文日期|印发日期|发文时间",
    # a bare 日期 / 时间 only as a label of its own: 缴费时间, 截止日期 name a window's days, not the page's
    "published": r"发布日期|发布时间|发\s*布|刊发日期|公开日期|更新时间|更新日期|发稿时间|发表时间|录入时间|上传时间"
                 r"|(?<![\u4e00-\u9fff])(?:日\s*期|时\s*间)",
    "document_number": r"发文字号|发文文号|文\s*号",
    "title": r"发文标题|标\s*题|名\s*称",
    # 作者：某县医疗保障局 — a post's author, an office only where metadata.py finds one (a person's
    # name there is none)
    "author": r"作\s*者",
    "topic": r"主题分类|主\s*题\s*词|公文种类|体裁分类|组配分类",
}
FIELD = re.compile(r"(?P<name>" + "|".join(f"(?P<{k}>{v})" for k, v in FIELD_NAMES.items())
                   + r")\s*[:：]\s*(?P<value>.*?)(?=\s{2,}|\s+[\u4e00-\u9fff]{2,5}\s*[:：]"
                   # a page's byline labels, glued on when a PDF joins the line (来源：某医保编辑：)
                   + r"|(?:责任)?编辑\s*[:：]|作者\s*[:：]|审核\s*[:：]|校对\s*[:：]|\s*(?:"
                   + "|".join(FIELD_NAMES.values()) + r")\s*[:：]|$)")
ISO_DATE = re.compile(r"(?P<y>20\d\d)[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?")
FURNITURE = re.compile(
    r"^\s*(?:[【\[]?\s*(?:字号|字体)\s*[:：]?\s*[【\[]?\s*大\s*[】\]]?\s*[【\[]?\s*中\s*[】\]]?\s*[【\[]?\s*小"
    r"|.*(?:打印本页|关闭窗口|【打印】|\[打印\]|打印文章|收藏本页|分享到|浏览次数|阅读次数|访问次数|点击数|"
    r"语音阅读|扫一扫|手机扫描|责任编辑|上一篇|下一篇|返回顶部|网站地图).*"
    r"|(?:您?当前的?位置|您的位置|您现在的位置|所在位置)\s*[:：].*|首页\s*(?:[>＞»›→]|&gt;).*"
    r"|[A-Z]\d{1,2}\s*[:：]\s*\S+\s*总第\s*\d+\s*期.*"
    r")\s*$")
LIST_HEAD = re.compile(r"^\s*(?:相关(?:文章|链接|新闻|阅读|业务链接|稿件|推荐)|热点推荐|推荐阅读|延伸阅读)\s*[:：]?\s*$")
BARE_DATE = re.compile(r"^(?:[\u4e00-\u9fff]{0,6}\s+)?(20\d\d-\d{1,2}-\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s+\S{0,6})?$")
KEEP = re.compile(r"。|\d+\s*元")
# a site's menu bar (首页 | 政务公开 | 通知公告, 网站首页  机构概况  政务公开): short column names set
# apart by bars, dots or wide spaces, one of them a portal's own column. A line of offices set apart
# (某县医疗保障局　某县财政局, over a joint notice's title) names no column and is never one
MENU_ITEM = re.compile(r"^(?:网站)?首页$|^(?:政务|信息|政府信息|党务)公开$|^通知公告$|^(?:办事|便民|政务|在线)服务$"
                       r"|^互动交流$|^(?:新闻|工作|部门|政务)(?:动态|中心)$|^(?:政策法规|政策文件|机构(?:概况|设置|职能))$"
                       r"|^(?:公众参与|政民互动|专题专栏|走进[\u4e00-\u9fff]{1,6})$")
MENU_APART = re.compile(r"\s*[|｜·•/]\s*|[ \t\u3000]{2,}")
# a page's time stamp under its headline (2024年12月28日 17:40, 2024-12-13 09:03 来源：某日报): the
# clock time marks it as the page's, where a signature's date stands alone
STAMP = re.compile(r"^(20\d\d年\d{1,2}月\d{1,2}日)\s+\d{1,2}:\d{2}(?::\d{2})?$")
# the same stamp amid a byline (某某网 2024-12-13 09:03 作者：某某): a date with a clock time, on a
# short line with no sentence in it
STAMP_IN_LINE = re.compile(r"(20\d\d(?:-\d{1,2}-\d{1,2}|年\d{1,2}月\d{1,2}日))\s*\d{1,2}:\d{2}")


# the words before a date after a bare 发布： (an office or an account, no digits in it)
PUBLISHER = re.compile(r"^(?P<who>[\u4e00-\u9fff（）()]{4,30})(?:[\s\u3000]+(?P<rest>.*))?$")
BULLETS = "•·●▪◆■*-–— \u3000"
# a WeChat post's header line: the account, the time it was posted, the province (原创 作者 may stand first)
ACCOUNT = re.compile(r"^(?:原创\s+)?(?:[\u4e00-\u9fff]{2,4}\s+)?(?P<who>[\u4e00-\u9fff（）()]{4,30})\s+20\d\d(?:年\d{1,2}月\d{1,2}日|-\d{1,2}-\d{1,2})"
                     r"(?:\s+\d{1,2}:\d{2}(?:\s+[\u4e00-\u9fff]{2,8})?|(?:\s+\d{1,2}:\d{2})?\s+发表于\s*[\u4e00-\u9fff]{2,8})$")

# the same line with the time first (2025-09-01 08:30　某县医疗保障局)
POSTED_BY = re.compile(r"^20\d\d(?:年\d{1,2}月\d{1,2}日|-\d{1,2}-\d{1,2})\s+\d{1,2}:\d{2}(?::\d{2})?\s+(?P<who>[\u4e00-\u9fff（）()]{4,30})$")


# the same post copied with the account on a line of its own over the time it was posted
# (某县医保 / 2025年10月10日 09:00 山西): a short name under the headline, then the stamp
ACCOUNT_NAME = re.compile(r"^(?P<who>[\u4e00-\u9fff（）()]{4,16})$")
POSTED_AT = re.compile(r"^20\d\d(?:年\d{1,2}月\d{1,2}日|-\d{1,2}-\d{1,2})(?:\s+\d{1,2}:\d{2}(?:\s+[\u4e00-\u9fff]{2,8})?"
                       r"|(?:\s+\d{1,2}:\d{2})?\s+发表于\s*[\u4e00-\u9fff]{2,8})$")


def labelled(text):
    """{field: value as printed} for the first value of each labelled field; `date` and
    `published` also as ISO dates under `date_iso` / `published_iso`."""
    out = {}
    for line in text.split("\n"):
        if len(line) > 200 or "。" in line:
            continue
        for m in FIELD.finditer(line.strip()):
            kind = next(k for k in FIELD_NAMES if m.group(k))
            value = m.group("value").strip()
            if kind == "issuer" and not re.search(r"[（(]", value):
                value = value.rstrip("）)").strip()  # （供稿：某县医疗保障局）: the bracket is the line's
            who = PUBLISHER.match(value) if kind == "published" and re.fullmatch(r"发\s*布", m.group("name")) else None
            if who:
                # 发布：某县医疗保障局　2025-10-10: the bare label names who put it up, then when
                out.setdefault("issuer", who.group("who"))
                value = (who.group("rest") or "").strip()
            if value and kind not in out:
                out[kind] = value
    top = [x.strip().lstrip(BULLETS).strip() for x in text.split("\n") if x.strip()][:6]
    for k, line in enumerate(top):
        bare = FIELD.sub("", line).strip()
        account = ACCOUNT.match(line) or POSTED_BY.match(line) or (k and k + 1 < len(top) and POSTED_AT.match(top[k + 1])
                                                                   and ACCOUNT_NAME.match(line))
        if account and "account" not in out:
            out["account"] = account.group("who")  # 某县医疗保障局 2025年09月10日 19:00 山西
        stamp = BARE_DATE.match(line) or BARE_DATE.match(bare) or STAMP.match(bare) or DATE_LINE.match(line) \
            or (len(line) <= 60 and not re.search(r"[。，,；]", line) and STAMP_IN_LINE.search(line))
        if "published" not in out and stamp:
            out["published"] = stamp.group(0).strip() if stamp.re is DATE_LINE else stamp.group(1)
    for key in ("date", "published"):
        if key in out:
            out[key + "_iso"] = _date(out[key])
    return out


def _date(value):
    m = ISO_DATE.search(value)
    if m:
        from .numbers import make_date

        return make_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return full_date(value)


def declutter(text):
    """The text without the page's furniture, labelled field lines and link lists."""
    out, in_list = [], False
    for line in text.split("\n"):
        stripped = line.strip()
        if not any(x.strip() for x in out) and MENU_ITEM.match(stripped):
            # 工作动态 / 通知公告 alone on the page's first line (or under furniture dropped here): the
            # column the page is filed under, which would otherwise be read as the first paragraph and
            # run into the headline. Under a site's name (某县人民政府 / 首页 / 政务公开) it stays, so
            # the lines over the headline still read as a masthead and menu, not as its issuers
            continue
        if LIST_HEAD.match(stripped):
            in_list = True
            continue
        if in_list:
            # a link list runs until a blank line after it, or a line that is not a list entry
            if not stripped or re.match(r"^(?:\d+[.、]|[·•])\s*\S", stripped):
                continue
            in_list = False
        signs = NUMERIC_DATE.fullmatch(stripped) and _last_line_is_office(out)
        if stripped and not KEEP.search(stripped) and (FURNITURE.match(stripped) or _only_fields(stripped)
                                                       or menu_bar(stripped)
                                                       or (BARE_DATE.match(stripped) and not signs)
                                                       or stripped.isdigit()):
            continue
        out.append(line)
    return "\n".join(out)


def menu_bar(line):
    """Three or more short items set apart, none of them an office, one a portal's column name
    (首页, 政务公开, 通知公告 …): a site's menu, not a line of the notice."""
    items = [x for x in MENU_APART.split(line.strip()) if x]
    return len(items) >= 3 and all(re.fullmatch(r"[\u4e00-\u9fff]{2,8}", x) and (MENU_ITEM.match(x) or not offices(x))
                                   for x in items) \
        and any(MENU_ITEM.match(x) for x in items)


def _last_line_is_office(lines):
    """The last non-blank line kept names an office only (某县医疗保障局): a bare date under it
    (2025-09-01) is the notice's signature, not the page's time stamp."""
    last = next((x.strip() for x in reversed(lines) if x.strip()), "")
    return bool(offices(last))


def _only_fields(line):
    """A line made of labelled fields only (来源：… 发布：…), with nothing else."""
    rest = FIELD.sub("", line).strip()
    return bool(FIELD.search(line)) and not rest
