"""How notices name the shared resident groups (domain.md, 'Shared vocabulary').

Each wording maps to one group id; a longer wording wins over a shorter one inside it
(农村易返贫致贫人口 is `monitoring`, not `returned_poverty`). Wordings are the forms real
notices print, not the five notices' own sentences: add a wording here when a new notice
uses one (the review report lists groups a clause mentions but intake could not read).
"""

import re

WORDINGS = {
    "ordinary": ["普通城乡居民", "普通居民", "一般城乡居民", "其他城乡居民", "普通参保居民", "一般居民"],
    "tekun": ["特困救助供养人员", "特困户", "特困人员", "特困供养人员", "特困救助供养对象", "特困供养对象", "农村特困人员", "城镇特困人员",
              "城乡特困人员", "城乡特困", "特困对象", "农村五保户", "五保户", "五保对象", "城市“三无”人员",
              "城市“三无人员”", "“三无”人员", "三无人员"],
    "orphan": ["孤儿"],
    "de_facto_orphan": ["事实无人抚养儿童"],
    "dibao": ["低保家庭成员", "最低生活保障家庭", "低保对象", "城乡低保对象", "最低生活保障对象", "城镇低保救助对象", "农村低保救助对象", "低保救助对象",
              "低保户", "低保人员", "城乡低保", "城市低保对象", "农村低保对象", "最低生活保障家庭成员"],
    "dibao_edge": ["低保边缘人口", "低边对象", "低保边缘家庭", "最低生活保障边缘家庭成员", "低保边缘家庭成员", "低保边缘人员", "低保边缘户", "低边人员"],
    "monitoring": ["防止返贫监测帮扶对象", "防返贫监测帮扶对象", "监测帮扶对象", "农村低收入监测对象", "防止返贫监测对象", "防返贫监测对象", "监测对象", "易返贫致贫人口", "农村易返贫致贫人口",
                   "脱贫不稳定人口", "边缘易致贫人口", "突发严重困难人口", "脱贫不稳定户", "边缘易致贫户",
                   "突发严重困难户"],
    "returned_poverty": ["返贫致贫人员", "返贫致贫户", "返贫致贫人口"],
    "stable_out_of_poverty": ["稳定脱贫人口", "脱贫享受政策人口", "脱贫享受政策户", "脱贫享受政策对象",
                              "过渡期内已脱贫人口", "已脱贫人口", "脱贫人口"],
    "severe_disability": ["一二级残疾人", "一级二级残疾人", "重度残疾人", "重度残疾人员", "重度残疾", "一级、二级残疾人", "一、二级残疾人"],
    "general_disability": ["一般残疾", "一般残疾人", "三级、四级残疾人", "三、四级残疾人"],
    "priority_care": ["重点优抚对象", "优抚对象"],
    "land_expropriated_elderly": ["被征地农转非超龄人员", "被征地超龄人员"],
    "family_planning_special": ["计划生育特别扶助对象", "计生特别扶助对象", "计划生育特扶对象",
                                "计划生育特殊家庭父母", "计划生育特殊家庭成员", "计生特殊家庭"],
    "downsized_retired": ["精减退休老职工", "精减职工", "精减退职老职工"],
    "civil_disabled_worker": ["民政伤残民工", "其他特殊救助对象"],
}

GROUP_OF = {word: gid for gid, words in WORDINGS.items() for word in words}
TERM = re.compile("|".join(re.escape(w) for w in sorted(GROUP_OF, key=len, reverse=True)))


class _Term:
    """A group wording found in a text: the parts of a regex match the readers use."""

    def __init__(self, start, end, word):
        self._span, self._word = (start, end), word

    def start(self):
        return self._span[0]

    def end(self):
        return self._span[1]

    def span(self):
        return self._span

    def group(self, *_):
        return self._word


def terms(text):
    """Group wordings in the text, the longest where two overlap: 城乡低保边缘家庭成员 is
    低保边缘家庭成员 (dibao_edge), not 城乡低保 (dibao) followed by the rest."""
    found = [m for m in (TERM.match(text, i) for i in range(len(text))) if m]
    chosen = []
    for m in sorted(found, key=lambda m: (m.start() - m.end(), m.start())):
        if not any(c.start() < m.end() and m.start() < c.end() for c in chosen):
            chosen.append(m)
    return [_Term(m.start(), m.end(), m.group()) for m in sorted(chosen, key=lambda m: m.start())]


# A group word narrowed to part of its members: the amount that follows is theirs, not the whole
# group's (低保边缘家庭老年人, 低保对象中的未成年人, 60周岁以上的低保边缘人员, 农村低保一二类).
# The words must touch the group word: 低保对象、老年人 are two groups of a list.
PART = (r"老年人|老人|老年|儿童|未成年人?|少年|学生|在校生|大学生|婴幼儿|新生儿|重度|重病|重残|残疾|患者"
        r"|[0-9０-９一二三四五六七八九十]+\s*(?:周岁|岁)|年满|男性|女性|在[^，,、；;。]{1,8}(?:就读|就业|居住)")
NARROWED_AFTER = re.compile(r"\s*(?:(?:中|当中|里|之中)的?|的|[（(](?:其中|仅限|限)?)?\s*(?:" + PART + r")"
                            r"|\s*[（(]\s*[一二三四五六七八九][一二三四五六七八九、]*类"
                            r"|\s*(?:[一二三四五六七八九][一二三四五六七八九、]*类|[一二三四1-4][一二三四1-4、]*级|[全差]额保障(?:对象|户)?|[全差]额(?:对象|户))"
                            r"|\s*(?:中的|中除|当中|之中)")
NARROWED_BEFORE = re.compile(r"(?:[0-9０-９一二三四五六七八九十]+\s*(?:周岁|岁)(?:及|以上|以下|至|[0-9０-９]+|周岁|岁)*"
                             r"|(?:[0-9０-９]{4}\s*年)?[0-9０-９一二三四五六七八九十]{1,3}\s*[日月号](?:[0-9０-９]{1,2}\s*[日号])?(?:底|末)?"
                             r"(?:前|之前|以前|后|之后|以后)[^，,、；;。]{0,10}?"
                             r"|年满[^，,、；;。]{1,10}|老年|未成年|在校|重度|重病|残疾|新增|新认定|新纳入"
                             # 低保对象中的重度残疾人: the disabled among another group, not all of them
                             r"|(?:家庭|对象|人员|人口|户|成员)(?:中|当中|之中|里)"
                             r"|非[^，,、；;。]{1,10})的?\s*$")  # 非低保对象的重度残疾人


def narrowed(text, start, end):
    """The words that narrow the group word at text[start:end] to part of its members, or None."""
    after = NARROWED_AFTER.match(text, end)
    if after:
        close = re.match(r"[^（(）)，,；;。]{0,4}[）)]", text[after.end():]) if "（" in after.group() or "(" in after.group() else None
        return text[start:after.end() + (close.end() if close else 0)]
    before = NARROWED_BEFORE.search(text[max(0, start - 24):start])
    if before:
        # quoted from the phrase's start: 低保家庭中的重度残疾人, not 家庭中的重度残疾人
        head = start - len(before.group())
        cut = max(text.rfind(ch, max(0, head - 12), head) for ch in "，,、；;。：:（(和及与或")
        return text[cut + 1 if cut >= 0 else max(0, head - 12):end]
    return None
