"""The questions both front ends take: one table of options, below the command line and the page.

The command line (cli.py) builds its argparse parsers from these tables; the browser glue
(browser.py) reads a URL fragment by them; a household member (members.py) takes `quote`'s
options but the household's own; the build hands the page the same names
(sitebuild/calculator_page.py: form_metadata). So a name is written once, here, and nothing in the
engine needs to import a front end to learn it.

Each option: its name (as on the command line, without "--"), and argparse's keywords for it.
An option whose action is "store_true" is a flag (a link writes it 1/0: FLAG_VALUES); "append"
may be given more than once.
"""

from .vocabulary import SITUATIONS

# How a link (or a member string) writes yes and no.
FLAG_VALUES = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}

_REGION = ("region", {"required": True, "help": "区划代码，如 140521"})
_YEAR = ("year", {"help": "参保年度，如 2025（默认：--on 那天正在征缴的年度）"})
_ON = ("on", {"help": "缴费或登记日期 YYYY-MM-DD（默认今天）"})

QUOTE = (
    _REGION, _YEAR, _ON,
    ("category", {"action": "append", "default": [], "help": "人员类别，可重复"}),
    ("tier", {"choices": None, "help": "缴费档次 high|low（仅有档次的通知）"}),
    ("population", {"help": "本人所属的人群（仅按人群分别确定缴费标准的通知，如北京），如 elderly"}),
    ("situation", {"default": "renewal", "help": "|".join(SITUATIONS)}),
    ("born", {"help": "新生儿出生日期"}),
    ("since", {"help": "职工医保断保日期或进入儿童福利机构日期"}),
    ("parent-insured", {"action": "store_true", "help": "新生儿父或母参加本地基本医保"}),
    ("lapse-years", {"default": "0", "help": "此前连续断保年数"}),
    ("repaid-years", {"default": "0", "help": "已补缴的断保年数"}),
)

HOUSEHOLD = (
    _REGION, _YEAR, _ON,
    ("member", {"action": "append", "required": True,
                "help": "一位家庭成员，每人一个，项同 quote：如 category=tekun 或 situation=newborn,born=2026-11-02"}),
)


def _table(options):
    return {name: {"flag": spec.get("action") == "store_true", "repeatable": spec.get("action") == "append"}
            for name, spec in options}


def quote_options():
    """{name: {"flag", "repeatable"}} for every option of `quote` but --json and --policy-dir (a
    directory is the command line's, never a page's), in the command line's order and spelling
    (a URL fragment uses the same names: calculator.browser)."""
    return _table(QUOTE)


def household_options():
    """The same for `household`: region, year, on and member (repeatable; calculator.members)."""
    return _table(HOUSEHOLD)
