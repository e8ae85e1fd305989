"""Whether a text states what a resident pays or when, in any words — the test `draft` applies
before refusing an unnumbered text as "not a notice", or a text with no word of paying.

The readers (figures.py) propose a figure only where its role is unambiguous; a report, a Q&A, a
WeChat post or a repost that starts mid-notice may state the personal standard or the collection
window in words no reader gives a role to yet (个人部分为400元/人). Such a text is a notice's copy,
drafted with what is read and a warning — never refused. A sentence whose subject is another
scheme (长期护理保险、大病保险、职工医保: intake/gate.py's for_other_scheme) states nothing of ours:
a text that states figures only for another scheme is refused, naming the scheme."""

import re

from .gate import for_other_scheme
from .mentions import OTHER_SCHEME, read
from .pay_words import ASKS_PAYING, COLLECTING, PAYING, PAYS
from .sentences import sentences

# the roles of an amount that is what a resident pays (mentions.py): a standard, a person's part,
# a tier — not a subsidy, a sum, last year's figure or another scheme's
PAID = ("standard", "personal", "tier")
# the scheme as a reader would name it in the refusal
SCHEME_NAME = re.compile(r"长期护理保险|长护险|大病保险|惠民保|职工(?:基本)?医(?:疗保险|保)|商业(?:健康)?保险"
                         r"|补充医疗保险|意外险|" + OTHER_SCHEME.pattern)
PER_PERSON = re.compile(r"每人|/\s*人|元\s*/\s*年|每年")
WINDOW_WORDS = re.compile(COLLECTING + r"|" + ASKS_PAYING + r"|参保|截至|截止")
# 个人部分为400元/人: the person's share, named with no verb of paying
SHARE = re.compile(PAYS + r"|个人(?:部分|负担|承担|出资|应缴)")
# 2025年12月31日前完成缴费: the day paying is done by
PAY_BY = re.compile(r"\s*(?:前|之前|以前)[^，,。；;]{0,12}?" + PAYING)
# 成年居民每人每年400元，学生儿童每人每年300元: a population's yearly amount per person, with no
# verb — what residents of that age pay (a benefit's cap says 报销/支付/限额; help says 资助/补助)
POPULATION_RATE = re.compile(r"(?:成年|成人|老年|学生|儿童|未成年|婴幼儿|居民|其他人员|其他参保人员)"
                             r"[^，,。；;：:]{0,8}?(?:每人每年|每人)\s*$")
NOT_PAID = re.compile(r"报销|支付|限额|封顶|起付|最高|补偿|资助|补助|补贴|救助|奖励|财政|享受|待遇|门诊|住院")
# 问：2026年城乡居民医保交多少钱？答：每人每年400元。: the answer to a question about paying
ASKED = re.compile(r"(?:" + ASKS_PAYING + r"|" + PAYING + r"|缴费标准)[^？?]{0,12}[？?]\s*(?:答\s*[:：])?\s*$")


def what_it_states(clauses, year, windows=True):
    """(sentence stating a standard or a window of the residents' scheme, or None;
    the other scheme a sentence states one for, or None). With `windows` false, only amounts."""
    ours = other = None
    for s in sentences(clauses):
        for m in read(s.text, year):
            if not _stated(s.text, m) or not windows and m.kind != "amount":
                continue
            if m.role == "other" or for_other_scheme(s.text[:m.start]):
                names = list(SCHEME_NAME.finditer(re.split(r"[；;。]", s.text[:m.start])[-1]))
                other = other or (names[-1].group(0) if names else "另一种保险")
            else:
                ours = ours or s.text
    return ours, other


def _stated(text, m):
    """An amount a person pays (a standard, a person's part, a tier, or an amount per person in a
    phrase that says paying, after an age group, or answering a question about paying), or a range
    or last day in a sentence about paying or collecting. An amount said of a benefit or of help
    (报销, 限额, 门诊, 资助 …) is none of these."""
    if m.kind == "amount":
        if m.role in PAID or m.role == "other":
            return True
        phrase = text[max(text.rfind(ch, 0, m.start) for ch in "，,；;。：:") + 1:m.end + 4]
        if m.role is not None or NOT_PAID.search(phrase) or not PER_PERSON.search(phrase):
            return False
        before = text[:m.start]
        asked = re.sub(r"(?:每人每年|每人)\s*$", "", before)
        return bool(SHARE.search(phrase) or POPULATION_RATE.search(before) or ASKED.search(asked))
    if m.kind == "range" and m.value.get("end"):
        return bool(WINDOW_WORDS.search(text))
    if m.kind == "date" and m.value:
        return bool(PAY_BY.match(text, m.end))
    return False
