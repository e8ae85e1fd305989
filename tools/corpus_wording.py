"""How much of a corpus test notice's wording is also in the real page it was modelled on.

A test notice in tests/intake_corpus keeps the real page's structure and facts but is written in
our own words (issue 20). This check measures that mechanically. Given an entry and a text file
holding what could be read of the real page (gathered by a person from the `search` tool's
excerpts and kept OUTSIDE the project — the real text is never committed), it prints numbers only:

- both texts are put in simplified characters (opencc, as intake reads them), NFKC-normalised,
  and stripped of spaces and punctuation;
- the facts are cut out before comparing, since copying them is the point: every figure and date
  (a run starting with a digit through 年/月/日/号/元/%/./-), the entry's title, 文号 and issuer
  (from its yaml `facts:` and `real_title`), the shared vocabulary's group names, and fixed terms
  of the trade (城乡居民基本医疗保险, 医疗保障局, …). A cut splits the text: no n-gram crosses it;
- `share_12gram`: the share of our text's character 12-grams that also occur in the real text;
- `copied_chars`: the share of our characters covered by such a 12-gram;
- `share_6gram`: the same with 6-grams, which catches a copy with a word swapped every few
  characters (12-grams miss it);
- `runs`: the lengths of the longest stretches of our text covered by shared 12-grams (each
  stretch is a run of wording the real page also has), longest first.

Usage: python -m tools.corpus_wording --real-dir DIR [ID ...]   (DIR/<id>.txt is the real text;
no ID = every entry that has one). `--markdown` prints the rows for wording_audit.md.
"""

import argparse
import re
import sys
import unicodedata
from pathlib import Path

import opencc
import yaml

from calculator.vocabulary import GROUPS, SITUATIONS

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "intake_corpus" / "notices"
N = 12
N_SHORT = 6

# Terms every notice of this kind uses, whoever writes it: a shared n-gram made of them is not
# copied wording. Longest first so that a longer term is cut before a part of it.
FIXED_TERMS = sorted({
    "城乡居民基本医疗保险", "城乡居民医疗保险", "城乡居民医保", "居民基本医疗保险", "基本医疗保险",
    "职工基本医疗保险", "职工医保", "居民医保", "大病保险", "医疗救助", "长期护理保险",
    "医疗保障局", "医疗保障", "医保局", "财政局", "税务局", "人民政府", "国家税务总局",
    "个人缴费标准", "个人缴费", "财政补助标准", "财政补助", "人均财政补助", "缴费标准",
    "集中征缴期", "集中缴费期", "待遇享受期", "待遇等待期", "参保缴费", "参保登记",
    "每人每年", "元人年", "特困人员", "孤儿", "事实无人抚养儿童", "低保对象", "低保边缘家庭成员",
    "防止返贫监测对象", "脱贫人口", "重度残疾人", "残疾人", "学生儿童", "老年居民", "大学生",
    "全额资助", "定额资助", "通知如下", "现将有关事项通知如下", "医保发", "财社",
} | set(GROUPS.values()) | set(SITUATIONS.values()), key=len, reverse=True)

FIGURE = re.compile(r"[0-9][0-9年月日号元%.\-/]*")
KEEP = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")
CUT = "|"

_t2s = opencc.OpenCC("t2s")


def simplify(text):
    return _t2s.convert(unicodedata.normalize("NFKC", text))


def fact_strings(meta):
    facts = meta.get("facts") or {}
    found = [meta.get("real_title"), facts.get("title"), facts.get("document_number"), facts.get("issuer")]
    return [simplify(s) for s in found if isinstance(s, str) and s.strip()]


def normalise(text, cuts):
    """The text with facts cut out and punctuation dropped: segments joined by CUT."""
    text = simplify(text)
    for term in sorted(cuts, key=len, reverse=True):
        # a title is compared with its punctuation gone, so cut it both ways
        text = text.replace(term, CUT)
        bare = "".join(KEEP.findall(term))
        if bare and bare != term:
            text = text.replace(bare, CUT)
    text = "".join(ch if KEEP.match(ch) or ch == CUT else "" for ch in text)
    for term in FIXED_TERMS:
        text = text.replace(term, CUT)
    return FIGURE.sub(CUT, text)


def grams(segments, n):
    return {seg[i:i + n] for seg in segments for i in range(len(seg) - n + 1)}


def overlap(our_segs, real_segs, n, show=None):
    """(share of our n-grams in the real text, share of our characters they cover, run lengths).

    `show`, a list, receives the shared runs' text: for the person rewording, on the terminal only."""
    real_grams = grams(real_segs, n)
    total = shared = chars = covered = 0
    runs = []
    for seg in our_segs:
        chars += len(seg)
        hit = [False] * len(seg)
        for i in range(len(seg) - n + 1):
            total += 1
            if seg[i:i + n] in real_grams:
                shared += 1
                hit[i:i + n] = [True] * n
        covered += sum(hit)
        run = 0
        for flag in hit + [False]:
            if flag:
                run += 1
            elif run:
                runs.append(run)
                run = 0
        if show is not None:
            marks = "".join("1" if h else "0" for h in hit)
            show.extend(seg[m.start():m.end()] for m in re.finditer("1+", marks))
    return (shared / total if total else 0.0), (covered / chars if chars else 0.0), sorted(runs, reverse=True)


def compare(ours, real, cuts, show=None):
    our_segs = [s for s in normalise(ours, cuts).split(CUT) if s]
    real_segs = [s for s in normalise(real, cuts).split(CUT) if s]
    share, copied, runs = overlap(our_segs, real_segs, N, show)
    # 12-grams miss a copy with a word swapped every few characters (完善→健全, 根据→依照):
    # the share of 6-grams catches that; an independently worded notice of the same kind
    # shares few of them.
    share6, _, _ = overlap(our_segs, real_segs, N_SHORT)
    return {"our_chars": sum(map(len, our_segs)), "real_chars": sum(map(len, real_segs)),
            "share_12gram": share, "copied_chars": copied, "runs": runs, "share_6gram": share6}


def audit(entry_id, real_dir, show=None):
    meta = yaml.safe_load((CORPUS / f"{entry_id}.yaml").read_text(encoding="utf-8"))
    ours = (CORPUS / f"{entry_id}.txt").read_text(encoding="utf-8")
    real = (Path(real_dir) / f"{entry_id}.txt").read_text(encoding="utf-8")
    return compare(ours, real, fact_strings(meta), show)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="*")
    parser.add_argument("--real-dir", required=True, help="DIR/<id>.txt: the real page's text (never committed)")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--show", action="store_true",
                        help="also print the shared runs (terminal only: never save them in the project)")
    args = parser.parse_args(argv)
    real_dir = Path(args.real_dir)
    if not real_dir.is_dir():
        print(f"错误: 没有目录 {real_dir}", file=sys.stderr)
        return 2
    ids = args.ids or sorted(p.stem for p in real_dir.glob("*.txt") if (CORPUS / p.name).exists())
    for entry_id in ids:
        if not (CORPUS / f"{entry_id}.yaml").exists() or not (real_dir / f"{entry_id}.txt").exists():
            print(f"错误: {entry_id} 没有语料条目或没有真实页面的文字", file=sys.stderr)
            return 2
        shown = [] if args.show else None
        r = audit(entry_id, real_dir, shown)
        runs = ", ".join(str(n) for n in r["runs"][:5]) or "–"
        if args.markdown:
            print(f"| {entry_id} | {r['real_chars']} | {r['our_chars']} | {r['share_12gram']:.1%} "
                  f"| {r['copied_chars']:.1%} | {runs} | {r['share_6gram']:.1%} |")
        else:
            print(f"{entry_id}: ours {r['our_chars']} chars, real {r['real_chars']} chars held; "
                  f"12-grams shared {r['share_12gram']:.1%}, chars covered {r['copied_chars']:.1%}; "
                  f"longest runs {runs}; 6-grams shared {r['share_6gram']:.1%}")
        for text in shown or ():
            print(f"    {len(text):3d} {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
