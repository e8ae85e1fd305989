"""A notice's metadata read from its clauses: title, issuer(s), document number, date."""

import re

from .clauses import DOC_NUMBER
from .gate import RESIDENTS_SCHEME
from .clutter import FIELD_NAMES, MENU_ITEM
from .numbers import DATE_LINE, full_date
from .paragraphs import ORG_LINE, offices, signed_line

OFFICE = re.compile(r"(?:局|政府|委员会|委|厅|办公室|联合会|残联|医保|医保中心|医疗保障[\u4e00-\u9fff]{0,6}中心)"
                    r"(?:[/、\s].*)?$")
SOME_OF = re.compile(r"等(?:[0-9０-９一二三四五六七八九十]+个?)?(?:部门|单位)$")
PORTAL = re.compile(r"(?:人民政府|政府)(?:办公室|办)$")
PRESS = re.compile(r"融媒|日报|晚报|报社|电视|广播|新闻|传媒|网$|客户端|公众号|微信")
BRACKETS = str.maketrans({"[": "〔", "［": "〔", "【": "〔", "(": "〔", "（": "〔",
                          "]": "〕", "］": "〕", "】": "〕", ")": "〕", "）": "〕"})


def metadata(clauses, fields=None, year=None, report=False, places=()):
    """`fields`: the labelled fields of the page (intake/clutter.py), read where the clauses
    are silent: a web page prints 标题/发文字号/发文机关/成文日期 in a block, not in the text.
    `report`: the text is a news item (本报讯, 记者…获悉), whose date is the day it was published.
    `places`: the names the notice's region goes by (阿坝州, 阿坝自治州 …)."""
    fields = fields or {}
    by_id = {c["id"]: c for c in clauses}
    title_text = by_id.get("title", {}).get("text", "") or _first_line_title(by_id.get("preamble", {}).get("text", ""))
    title, issuers = _title(title_text, places)
    reported = (None, None)
    if not title and not fields.get("title"):
        # no headline: a report's lead names the notice it reports (近日，某局印发《关于…的通知》)
        reported = reported_notice(clauses, year)
        title = reported[0]
    if fields.get("title") and (not title or len(fields["title"]) > len(title)):
        title, more = _title(fields["title"], places)
        issuers = issuers or more
    listed = _field_offices(fields["issuer"]) if fields.get("issuer") else []
    if len(issuers) == 1 and len(listed) > 1 and "".join(listed) == re.sub(r"\s+", "", issuers[0]):
        # 某省医疗保障局某省财政厅关于…: offices run together before 关于 are the ones the page's
        # 发文机关 field lists apart
        issuers = listed
    if issuers and SOME_OF.search(issuers[-1]):
        # 某省医疗保障局国家税务总局某省税务局等部门关于…: the title names some of the issuers and
        # folds the rest into 等部门; the full list is read where it is printed (signature, 发文部门)
        issuers = []
    signed = _signature(clauses) or _after_formula(clauses)
    conflict = None
    if issuers and signed and _names(issuers) != _names(signed):
        # 某县医疗保障局关于…的通告, signed 某县医疗保障局 and 国家税务总局某县税务局: the title and the
        # signature name different issuers — which the notice means is the person's to read
        conflict, issuers = (issuers, signed), []
    elif not issuers and signed and title and "关于" not in title and _leading_office(title) \
            and _names(_leading_office(title)) != _names(signed):
        conflict = (_leading_office(title), signed)  # 某县医疗保障局2026年度…通告 over another signature
    if not issuers and not conflict:
        header = by_id.get("header", {}).get("text", "")
        # the 版头 (某县医疗保障局文件) names an office; a site's menu (政策文件) names none
        issuers = [line.strip()[:-2].strip() for line in header.split("\n") if line.strip().endswith("文件")
                   and OFFICE.search(line.strip()[:-2].strip())][:1]
    if not issuers and not conflict:
        issuers = _over_title(by_id)
    if not issuers and not conflict:
        # the signature is the notice's own; a page's 来源 line names who put the page up
        issuers = _signature(clauses)
    if not issuers and not conflict and title and "关于" not in title:
        # 某县医疗保障局2026年度…通告: the office the title opens with, where nothing signs it
        issuers = _leading_office(title)
    if not issuers and not conflict:
        issuers = _after_formula(clauses) or _self_named(clauses) or _byline(by_id)
    if not issuers and not conflict and not report:
        issuers = _reminding(clauses)
    for key in ("issuer", "account", "author"):
        if not issuers and not conflict and fields.get(key) and OFFICE.search(fields[key]) and not PRESS.search(fields[key]) \
                and not PORTAL.search(fields[key]):
            # a 来源 line, or the account a WeChat post is from, names the issuer only when it is a
            # government office (not 央视新闻, 某日报, 某县融媒体中心, 某某本地宝) — and not the
            # government's own office that runs the portal (某县人民政府办公室 puts up the 医保局's notices)
            issuers = _field_offices(fields[key])
    if not issuers and not conflict:
        issuers = _reported(clauses)
    date, date_text = _date(clauses)
    if date is None and date_text is None:
        for key in ("date", "published"):
            # a page's date is the notice's when it falls in the autumn before the enrolment year,
            # when such notices are issued; a page dated in the year itself is more often a later
            # report or reprint than the notice (the person reads the date where the text prints it).
            # A news item's date is the day it came out, in the autumn or in the year itself
            years = (str(year - 1), str(year)) if report and year else (str(year - 1),) if year else None
            if fields.get(key + "_iso") and (years is None or str(fields[key + "_iso"])[:4] in years):
                date, date_text = fields[key + "_iso"], fields[key]
                break
    number = _document_number(by_id) or _closing_number(clauses) or _preamble_number(by_id) or reported[1]
    if number is None and fields.get("document_number") and DOC_NUMBER.search(fields["document_number"]):
        number = re.sub(r"\s+", "", DOC_NUMBER.search(fields["document_number"]).group(0)).translate(BRACKETS)
    return {
        "title": title or None,
        "document_number": number,
        "issuer": (issuers[0] if len(issuers) == 1 else issuers) if issuers else None,
        "date": date,
        "date_text": date_text,
        # (the title's issuers, the signature's) where they disagree and none is proposed
        "issuer_conflict": conflict,
    }


def _names(offices):
    return {re.sub(r"\s+", "", x) for x in offices}


OFFICE_NAME = r"[\u4e00-\u9fff]{1,14}?(?:医疗保障局|医保局|医疗保障(?:事务|服务)?中心|医保中心|财政局|税务局|人民政府办公室|人民政府|政府办公室|卫生健康委员会|民政局|残疾人联合会|残联)"
JOINED = r"(?:、|和|与|及|联合|会同)"
REPORTED = re.compile(r"(?:^|[，。：:、\s]|据|从)(?P<who>" + OFFICE_NAME + r"(?:" + JOINED + OFFICE_NAME + r")*)"
                      r"(?:昨天|昨日|近日|日前|今天|今日|正式|已)?(?:联合)?(?:发布|发出|下发|印发|消息|通知|公布|出台)")


def _field_offices(value):
    """A 来源 / 发文部门 field naming one office or several set apart (某省财政厅 某省医疗保障局,
    甲局、乙局): each office as printed; words that name no office (a library's 其他地方机构) are
    left out. A single value the splitting does not read as offices stays whole."""
    value = re.sub(r"^[（(]+|[）)]+$", "", value.strip())  # （供稿：某县医疗保障局）
    parts = [x for x in re.split(r"[\s、，,;；]+", value.strip()) if x]
    named = [x for x in parts if ORG_LINE.match(x) and not PRESS.search(x)]
    return named if len(parts) > 1 and named else [value.strip()]


ADDRESSED = re.compile(r"^(?:各|全|县直|市直|区直|省直|有关|所属)")


def _byline(by_id):
    """An office named alone on the line right under the title, before any sentence (某县医疗保障局
    as the byline of a page or post): the issuer. A newsroom's byline (某县融媒体中心) is not; an
    office alone after the body may be the site's footer and is not read here."""
    lines = [x.strip() for x in by_id.get("preamble", {}).get("text", "").split("\n") if x.strip()]
    if not by_id.get("title") or not lines:
        return []
    found = offices(lines[0])
    if any(PRESS.search(x) or ADDRESSED.match(x) for x in found):
        return []  # a newsroom's byline; the bodies a notice is sent to (各乡镇人民政府) sign nothing
    return found


def _over_title(by_id):
    """Offices printed alone above a title, one line or set apart on one line (某县医疗保障局　国家
    税务总局某县税务局 / 关于…的通告), with nothing else there but a date: the issuers a joint notice
    prints over its title. A newsroom (某县融媒体中心) or a site's menu is not."""
    lines = [x.strip() for x in by_id.get("header", {}).get("text", "").split("\n") if x.strip()]
    if not by_id.get("title") or not lines or not all(offices(x) or DATE_LINE.match(x) for x in lines):
        return []
    found = [part for x in lines for part in offices(x)]
    return [] if any(PRESS.search(x) or ADDRESSED.match(x) for x in found) else found


def _reported(clauses):
    """A news item names the office whose notice it reports (据合肥市医疗保障局消息, 市医保局昨天发布
    消息, 重庆市医保局、市财政局、市税务局联合下发了…, 市医保局联合市财政局印发…), in its headline
    (兰州市医保局发布重要提醒) or its first paragraphs: the issuer, as the item prints it."""
    for clause in [c for c in clauses if c["id"][:1].isdigit() or c["id"] in ("preamble", "title")][:6]:
        m = REPORTED.search(clause["text"])
        if m:
            # 本文是本站根据一则转载合肥市医疗保障局…, 网易号转载的咸宁市医疗保障局: the office is what follows
            # the last of the reporting words
            who = re.split(r"转载的?|根据|一则|所载|本站|网站|的", m.group("who"))[-1]
            who = re.sub(r"^(?:据|从|记者)+", "", who)
            if len(who) < 4:
                continue
            return re.split(r"(?<=[局府会室联])" + JOINED, who)
    return []


# 某县医疗保障局、某县税务局联合印发《关于…的通知》: an office issuing the quoted notice, in a lead
ISSUED_QUOTE = re.compile(r"(?:^|[，,。：:\s])(?:(?:近日|日前|近期|今年|[0-9０-９]{1,2}月[0-9０-９]{1,2}日)[，,]?\s*)?"
                          r"(?P<who>" + OFFICE_NAME + r"(?:" + JOINED + OFFICE_NAME + r")*)"
                          r"(?:近日|日前|近期|正式|已)?(?:联合)?(?:印发|下发|发布|出台|发出|公布)了?"
                          r"《(?P<title>[^《》]{8,80})》")
# the quoting text is a notice of its own (…现将有关事项通告如下, 特此通知): what it quotes is its parent
SELF_DECLARED = re.compile(r"(?:通知|通告|公告|告知)如下|特此(?:通知|通告|公告|告知)")
# the words that make the quoted notice the one a text follows, not the one it reports
FOLLOWS = re.compile(r"(?:根据|依据|按照|依照|落实|贯彻|执行|参照|遵照)[^，,。]{0,30}$")
# the schemes a quoted title may be about instead of the residents' (职工医保缴费基数, 养老保险, 长护险)
ANOTHER_SCHEME = re.compile(r"职工|养老|失业保险|工伤保险|生育保险|长期护理|长护险|大病保险")
QUOTED_NOTICE = re.compile(r"(?:参保|缴费|征缴|筹资)[\u4e00-\u9fff（）()]*(?:通知|通告|公告|方案)$")


def reported_title(clauses, year=None):
    return reported_notice(clauses, year)[0]


def reported_notice(clauses, year=None):
    """(title, 文号) of the notice a report's lead says an office issued (近日，某县医疗保障局、某县税务局
    联合印发《关于做好2026年度…参保缴费工作的通知》，…), for a text with no headline: the report restates
    that notice, and its title is the one the text gives (origin.kind says it is a report). Never a
    notice the text follows (根据《…》要求, 按照…印发的《…》), nor one quoted by a text that is a notice of
    its own (…通告如下, 特此通知): that is its parent's title, not its own. The quoted title must be a
    paying notice's and, where it names a year, name the enrolment year or the autumn before. Its
    文号 is the one printed in brackets right after the quoted title (《…》（某医保发〔2025〕12号）)."""
    text = "\n".join(c["text"] for c in clauses)
    if SELF_DECLARED.search(text):
        return None, None
    lead = [c for c in clauses if c["id"] == "preamble" or c["id"][:1].isdigit()][:1]
    first = lead[0]["text"].split("\n")[0] if lead else ""
    m = ISSUED_QUOTE.search(first)
    if not m or FOLLOWS.search(first[:m.start("who")]):
        return None, None
    title = re.sub(r"\s+", "", m.group("title"))
    years = [int(y) for y in re.findall(r"([0-9]{4})\s*年", title)]
    if not QUOTED_NOTICE.search(title) or (year and any(y not in (year, year - 1) for y in years)):
        return None, None
    if ANOTHER_SCHEME.search(title) and not RESIDENTS_SCHEME.search(title):
        return None, None  # 印发《关于调整职工医保缴费基数的通知》: another scheme's notice, not the one restated
    number = re.match(r"\s*[（(]\s*(" + DOC_NUMBER.pattern + r")\s*[）)]", first[m.end():])
    return title, re.sub(r"\s+", "", number.group(1)).translate(BRACKETS) if number else None


TITLE_END = re.compile(r"(?:通知|通告|公告|要点|指南|问答|解读|告知书|提醒|公开信|一封信)(?:\s*[（(][^（()）]{1,8}[）)])?$")


def _first_line_title(text):
    """A title printed with no blank line before the text under it (a page, a digest) is the first
    line of the preamble: short, with no sentence punctuation, ending as titles end (…通知,
    …要点（本站摘要）)."""
    first = text.strip().split("\n")[0].strip() if text.strip() else ""
    if 8 <= len(first) <= 60 and not re.search(r"[。，,；;：:！？]", first) and TITLE_END.search(first):
        return first
    return ""


def _signature(clauses):
    """The issuing office(s) signed above the date: at the end, or under a covering letter that a
    page prints before the plan it issues (the letter's lines stay in the 导语). Two offices signed
    on one line, set apart by spaces, are two issuers."""
    for clause in _signed(clauses):
        lines = [line.strip() for line in clause["text"].split("\n") if line.strip()]
        for k, line in enumerate(lines):
            if signed_line(line):
                return signed_line(line)[0]
            if DATE_LINE.match(line):
                above = lines[:k]
                if clause["id"] in ("preamble", "header"):
                    # under a covering letter, or a byline over a headline: only the office lines
                    # right above the date
                    start = k
                    while start and offices(lines[start - 1]):
                        start -= 1
                    above = lines[start:k]
                orgs = [part for x in above for part in offices(x)]
                below = [part for x in lines[k + 1:] for part in offices(x)]
                if not orgs and clause["id"] == "closing" and below and all(offices(x) for x in lines[k + 1:]):
                    orgs = below  # the date printed over the office that signs (2025年9月1日 / 某县医疗保障局)
                if orgs:
                    return orgs
    return []


FORMULA = re.compile(r"特此(?:通告|公告|通知|告知|函告)[。！!.]?\s*$")


def _after_formula(clauses):
    """Offices printed right after the closing formula (特此通告。), with nothing but a date after
    them: the signature of a copy that dropped its date or set it elsewhere. An office alone at the
    end with no formula before it may be the site's footer and is not read."""
    lines = [x.strip() for c in clauses for x in c["text"].split("\n") if x.strip()]
    at = max((k for k, x in enumerate(lines) if FORMULA.search(x)), default=None)
    if at is None:
        return []
    tail = lines[at + 1:]
    run = _run(tail)
    if not run or any(not DATE_LINE.match(x) for x in tail[run:]):
        return []
    return [part for x in tail[:run] for part in offices(x)]


def _run(lines):
    """How many lines from the first name offices only."""
    k = 0
    while k < len(lines) and offices(lines[k]):
        k += 1
    return k


SELF_NAMED = re.compile(r"(?:^|[，,。：:\s])(?P<who>" + OFFICE_NAME + r"(?:" + JOINED + OFFICE_NAME + r")*)"
                        r"(?:联合)?(?:现将|现就|特将|决定将)[^。]{0,80}?(?:通告|公告|通知|告知)如下")


def _self_named(clauses):
    """The offices a 通告 names as its own speaker before the body (…，某县医疗保障局、国家税务总局某县
    税务局现将有关事项通告如下): the issuers, as printed."""
    for clause in [c for c in clauses if c["id"] in ("preamble", "addressee") or c["id"][:1].isdigit()][:3]:
        m = SELF_NAMED.search(clause["text"])
        if m:
            return re.split(r"(?<=[局府会室联])" + JOINED, m.group("who"))
    return []


# 某县医疗保障局提醒广大参保群众：…, 某县医疗保障局温馨提示：… — the office speaking in its own text
REMINDS = re.compile(r"^(?P<who>" + OFFICE_NAME + r"(?:" + JOINED + OFFICE_NAME + r")*)(?:特别|温馨)?(?:提醒|提示)")
LEVEL_ONLY = re.compile(r"^(?:省|市|县|区|州|旗|自治区|自治州)(?:医|财|税|人|民|卫|残|政)")


def _reminding(clauses):
    """A text that is not a report and opens its first paragraph with an office reminding its
    readers (某县医疗保障局提醒：2026年度…) is that office's own post or notice: the office is its issuer.
    Only an office named with its place (县医保局提醒 names none), and only at the start of the text's
    first paragraph: an office reminding in the middle of a report (…，某市医保局提醒大家) is its source."""
    lead = [c for c in clauses if c["id"] == "preamble" or c["id"][:1].isdigit()][:1]
    m = REMINDS.match(lead[0]["text"].strip()) if lead else None
    if not m:
        return []
    who = re.split(r"(?<=[局府会室联心])" + JOINED, m.group("who"))
    return [] if any(LEVEL_ONLY.match(x) for x in who) else who


def _signed(clauses):
    """The clauses a signature stands in: the closing, a covering letter's date, and the 导语 (a
    page that prints the covering letter and its signature above the plan)."""
    return [c for c in clauses if c["id"] in ("closing", "letter-date")] + \
        [c for c in clauses if c["id"] in ("preamble", "header")]


def _closing_number(clauses):
    """A document number printed at the end (some pages put it under the signature)."""
    for clause in clauses:
        if clause["id"].startswith("closing"):
            for line in clause["text"].split("\n"):
                line = re.sub(r"^[（(]\s*(.*?)\s*[）)]$", r"\1", line.strip())  # （沁医保发〔2025〕12号）
                if DOC_NUMBER.fullmatch(line):
                    return re.sub(r"\s+", "", line).translate(BRACKETS)
    return None


TITLE_FIELD = re.compile(r"\s+(?:" + "|".join(FIELD_NAMES.values()) + r")\s*[:：].*$")
TITLE_LABEL = re.compile(r"^\s*(?:原?标\s*题|题\s*目)\s*[:：]\s*|^\s*[【\[](?:转|转载|转发|原创|公告|通知|通告|图文|视频|图解|组图)[】\]]\s*")
# a page's <title> adds the site after the headline (…的通告_某县人民政府网, …｜某县医疗保障局门户网站,
# …？-某县社区-同城圈): each trailing part that names a site, or (after _ or |) an office, is dropped
SITE_PART = re.compile(r"(?:\s*[_｜|]\s*|\s+[-—–]+\s+|(?<=[^\d\s])[-—–](?=[^\d\s]))"
                       r"(?P<site>[^_｜|\-—–]{2,24})\s*$")
SITE_NAME = re.compile(r"(?:网|网站|门户|社区|圈|频道|平台|论坛|客户端|官网|首页|之窗|在线)$")
TITLE_DATE = re.compile(r"\s*[（(]?\s*20\d\d\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-./]\d{1,2}[-./]\d{1,2})\s*[)）]?\s*$")
# a remark printed after a headline, in brackets with a mark inside (（来源：某网）, （记者·某某）,
# （图/某某）): the page's, not part of the title
TITLE_REMARK = re.compile(r"\s*[（(【\[][^（()）【】\[\]]*[:：·•・/|｜—+＋][^（()）【】\[\]]*[）)】\]]\s*$")
# （全文）, （附全文）, （图）: what the site says of its copy, after the headline
COPY_REMARK = re.compile(r"\s*[（(【\[](?:附?全文|图|图文|视频|组图|附图解?)[）)】\]]\s*$")
SHORT_PREFIX = re.compile(r"^\s*(?P<name>[\u4e00-\u9fff]{2,6})[ \t\u3000]+(?P<rest>\S.*)$", re.S)
ABOUT_ENROLMENT = re.compile(r"(?:缴费|参保)[\u4e00-\u9fff]{0,4}(?:通知|通告|公告)")
COLUMN = re.compile(r"^\s*[【\[][^】\]]{1,8}[】\]]\s*")
LONGEST_TITLE = 80  # a 通知's title; more is a paragraph the title lines ran into


def _title(text, places=()):
    """Printed over several lines with spaces for layout; the issuers before 关于 stay apart. A
    date line under the title (a page's 2025年9月1日), a label (标题：, 【转】) are not the title; a
    "title" with a full stop or longer than any title is a paragraph, and no title is proposed."""
    # …的通知 发布时间：2025-09-01: a page's labelled field printed after the title on its line
    text = "\n".join(TITLE_FIELD.sub("", line) for line in text.split("\n"))
    lines = [TITLE_LABEL.sub("", line) for line in text.split("\n")
             if not DOC_NUMBER.fullmatch(line.strip()) and not DATE_LINE.match(line) and not TITLE_DATE.fullmatch(line)]
    text = _without_site(COPY_REMARK.sub("", TITLE_REMARK.sub("", TITLE_DATE.sub("", "\n".join(lines)))))
    if not text.strip() or "。" in text or len(re.sub(r"\s+", "", text)) > LONGEST_TITLE:
        return None, []
    if "关于" not in text:
        prefix = SHORT_PREFIX.match(text)
        if prefix and MENU_ITEM.match(prefix.group("name")):
            # 通知公告　2026年度…通告: a portal's column name (intake/clutter.py) set apart before the
            # headline is where the site files it, never a word of the title; any other short word
            # is left to the person (below)
            text, prefix = prefix.group("rest"), SHORT_PREFIX.match(prefix.group("rest"))
        if prefix and prefix.group("name") in places and ABOUT_ENROLMENT.search(prefix.group("rest")) \
                and not any(place in prefix.group("rest") for place in places):
            # 阿坝自治州 2025年城乡居民医保缴费通知…: the notice's own region set apart before a headline
            # about paying that names no place is the headline's place — it says whose collection it
            # is — and is kept, as printed; before a headline that names the region itself it is a
            # label over it
            return prefix.group("name") + " " + re.sub(r"\s+", "", prefix.group("rest")), []
        if prefix:
            # 某某 2025年城乡居民医保…: any other short word set apart before a headline may be part of
            # it or a label over it (pages of one site are read both ways), so none is proposed and
            # the person reads it
            return None, []
        return re.sub(r"\s+", "", text), []
    head, rest = text.split("关于", 1)
    # 【通知公告】关于…: the column a site files the notice under, printed before the title, is
    # neither an issuer nor part of the title
    head = COLUMN.sub("", head)
    issuers = head.split()
    return " ".join(issuers) + "关于" + re.sub(r"\s+", "", rest), issuers


# 某县医疗保障局2026年度城乡居民…通告: an office with its place, then the year or the scheme
LEADING_OFFICE = re.compile(r"^(?P<who>" + OFFICE_NAME + r")(?=[0-9０-９]{4}\s*年|城乡|居民)")


def _leading_office(title):
    """The office a title with no 关于 opens with (某县医疗保障局2026年度…参保缴费通告): the issuer,
    when it is named with its place (市医保局2026年… names none) and the title is a notice's
    (…通知/通告/公告), not a headline about the office."""
    m = LEADING_OFFICE.match(title)
    if not m or LEVEL_ONLY.match(m.group("who")) or not re.search(r"(?:通知|通告|公告|告知书)$", title):
        return []
    return [m.group("who")]


def _without_site(text):
    while True:
        m = SITE_PART.search(text)
        if not m or len(text[:m.start()].strip()) < 8:
            return text
        site = m.group("site").strip()
        by_bar = re.match(r"\s*[_｜|]", m.group(0))
        # …缴费开始｜丹阳日报, … - 某某晚报: a paper or broadcaster set apart by a bar or a spaced dash
        apart = by_bar or re.match(r"\s+[-—–]+\s+", m.group(0))
        if not (SITE_NAME.search(site) or (by_bar and ORG_LINE.match(site)) or (apart and PRESS.search(site))):
            return text
        text = text[:m.start()]


# a 文号 on a line of its own; a page may drop the 号 (洗政发〔2023〕49)
NUMBER_LINE = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[［【(（]\s*[0-9０-９]{4}\s*[〕\]］】)）]\s*[0-9０-９]{1,4}\s*号?")


def _preamble_number(by_id):
    """A 文号 on a line of its own among the lines a page prints between its headline and the
    notice's first sentence (a byline, the 文号, the title again); a number quoted in a sentence
    is another notice's."""
    for line in by_id.get("preamble", {}).get("text", "").split("\n"):
        line = line.strip()
        if "。" in line or line.endswith(("：", ":")):
            break
        if NUMBER_LINE.fullmatch(line):
            return re.sub(r"\s+", "", line).translate(BRACKETS)
    return None


def _document_number(by_id):
    """From the 版头 (else the title lines): numbers quoted in the preamble are other notices'."""
    for cid in ("header", "title"):
        match = DOC_NUMBER.search(by_id.get(cid, {}).get("text", ""))
        if match:
            return re.sub(r"\s+", "", match.group(0)).translate(BRACKETS)
    return None


def _date(clauses):
    """The date under the signature (or under the covering letter); (None, as printed) when the
    day is left blank, as 内乡's 2024年9月  日. In the 导语, only a date signed under an office."""
    for clause in _signed(clauses):
        lines = clause["text"].split("\n")
        for k in reversed(range(len(lines))):
            if clause["id"] not in ("preamble", "header") and signed_line(lines[k]):
                printed = signed_line(lines[k])[1]
                return full_date(printed), printed
            if DATE_LINE.match(lines[k]) and (clause["id"] not in ("preamble", "header")
                                              or k and offices(lines[k - 1].strip())):
                printed = lines[k].strip()
                return full_date(printed), printed
    return None, None
