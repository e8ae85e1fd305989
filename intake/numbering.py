"""The numbering a notice prints at the start of a line: 一、 （一） 1. （1） 1） 第一条 第一章.

Which kind is nested in which is not fixed (一、 may be followed directly by 1.), so the
clause splitter keeps a stack of the kinds open at the moment; this module only reads one
marker and says how it is labelled.
"""

import re
from dataclasses import dataclass

from .numbers import to_number

_CN = "一二三四五六七八九十"
PATTERNS = (
    ("zhang", re.compile(rf"第\s*([{_CN}百零〇]+|[0-9０-９]+)\s*章")),
    ("tiao", re.compile(rf"第\s*([{_CN}百零〇]+|[0-9０-９]+)\s*条")),
    ("cn", re.compile(rf"([{_CN}]+)\s*[、．.]")),
    ("cn_paren", re.compile(rf"[（(]\s*([{_CN}]+)\s*[)）]")),
    ("ar", re.compile(r"([0-9０-９]{1,2})\s*[、．.](?![0-9０-９])")),
    ("ar_paren", re.compile(r"[（(]\s*([0-9０-９]{1,2})\s*[)）]")),
    ("ar_half", re.compile(r"([0-9０-９]{1,2})\s*[)）]")),
)
# A misprint stays in its family: （2） printed where （二） was meant.
FAMILY = {"cn": "plain", "ar": "plain", "cn_paren": "paren", "ar_paren": "paren", "ar_half": "half",
          "tiao": "tiao", "zhang": "zhang"}
# Items numbered in Arabic figures are list items: a paragraph after the last of them goes
# back to the level above (`.p1`); a paragraph after a Chinese-numbered part continues it.
LIST_KINDS = ("ar", "ar_paren", "ar_half")


@dataclass(frozen=True)
class Marker:
    kind: str
    value: int
    printed: str  # the number as printed: 二, 2, 十一
    end: int      # where the marker ends in the line

    @property
    def label(self):
        """How a reader cites this level: 二、 （三） 1 （1） 1） 第三条."""
        return {
            "cn": f"{self.printed}、", "cn_paren": f"（{self.printed}）", "ar": self.printed,
            "ar_paren": f"（{self.printed}）", "ar_half": f"{self.printed}）",
            "tiao": f"第{self.printed}条", "zhang": f"第{self.printed}章",
        }[self.kind]


def marker(line):
    """The Marker a line starts with, or None."""
    stripped = line.lstrip()
    offset = len(line) - len(stripped)
    for kind, pattern in PATTERNS:
        match = pattern.match(stripped)
        if match:
            value = to_number(match.group(1))
            if isinstance(value, int) and value > 0:
                printed = match.group(1)
                if printed.isdigit():
                    printed = str(int(printed))  # full-width figures are cited in ASCII
                return Marker(kind, value, printed, offset + match.end())
    return None
