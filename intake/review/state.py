"""What a person has done at the desk, kept beside the draft as work in progress
(`.<code>-<year>.review.json`, resumed by the next `intake review` of the same, unchanged draft).

A field counts as checked only when a person confirmed it (or answered "not in the notice");
everything else — proposed by the reader, pointed at, typed — waits for that one key."""

import copy
import datetime as dt
import hashlib
import json
import re
from pathlib import Path

from calculator.errors import PolicyDataError
from validation.validate import validate_notice

from ..errors import IntakeError
from ..figures import NOT_STATED
from ..files import jsonable, load_yaml, write_all
from ..regions import Regions, region_rows
from ..report import describe
from ..yaml_out import dump_notice
from . import fields as F
from .reading import draft_marks, read_for

NOTICE_NAME = re.compile(r"^(\d{6})-(\d{4})\.yaml$")
HISTORY = 200
NOT_IN_NOTICE_GROUP = "通知点到了这类人员，但没有写明资助金额。"


def wip_path(path):
    return path.with_name(f".{path.stem}.review.json")


def _sha(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Desk:
    """One draft under review. Every change goes through `act`, which validates its input
    first (nothing changes on a refusal) and saves the work in progress."""

    def __init__(self, path, policy_dir):
        path, policy_dir = Path(path).resolve(), Path(policy_dir).resolve()
        if not policy_dir.is_dir():
            raise IntakeError(f"政策数据目录“{policy_dir}”不存在。")
        if path.parent != policy_dir:
            raise IntakeError(f"“{path}”不在政策数据目录 {policy_dir} 里；核对页只写这个目录里的通知。")
        if not NOTICE_NAME.match(path.name):
            raise IntakeError(f"“{path.name}”不是通知数据文件（应命名为 区划代码-参保年度.yaml，如 140521-2026.yaml）。")
        notice = jsonable(load_yaml(path))
        self.path, self.policy_dir, self.wip = path, policy_dir, wip_path(path)
        self.regions = Regions(region_rows())
        self.clauses = notice["clauses"]
        self.by_id = {c["id"]: c for c in self.clauses}
        self.base = notice
        self.year = notice["year"]
        self.reading = draft_marks(notice)
        self.sha = _sha(path.read_text(encoding="utf-8"))
        self.resumed = False
        self.state = self._resume() or self._fresh(notice)
        self.validation = None

    # ------------------------------------------------------------------ state
    def _fresh(self, notice):
        figures = copy.deepcopy(notice["figures"])
        cover = figures.get("cover") or {}
        if cover.get("start") is None and "proposed" in cover:
            figures.pop("cover")  # "not found" is the reader's guess; a person answers it
        keys = F.expected_keys(self.reading.named_groups)
        # a notice by population: the standard (and, where each states its own, the fiscal subsidy)
        # is the populations' — no field that could be neither confirmed nor marked absent
        pops = figures.get("populations") or []
        theirs = {"standard"} | ({"fiscal_subsidy"} if pops and all("fiscal_subsidy" in p for p in pops) else set())
        keys = [k for k in keys if not (pops and k in theirs)]
        keys += [k for k in _figure_keys(figures) if k not in keys]
        state = {"sha": self.sha, "meta": {k.split(".", 1)[1]: copy.deepcopy(notice.get(k.split(".", 1)[1]))
                                           for k in F.META},
                 "figures": figures, "fields": {}, "history": []}
        for key in keys:
            value = self._value(state, key)
            proposed = (isinstance(value, dict) and "proposed" in value) or (key in F.META and value is not None)
            marks = [list(m) for m in self.reading.marks.get(key, [])]
            if proposed and not marks:
                marks = self._locate(value) if isinstance(value, dict) else self._find(str(value), None)
            state["fields"][key] = {
                "checked": value is not None and not proposed,
                "how": None if value is None or proposed else "earlier",
                "marks": marks,
                "evidence": value.get("proposed") if proposed and isinstance(value, dict) else None,
            }
        return state

    def _resume(self):
        if not self.wip.is_file():
            return None
        try:
            state = json.loads(self.wip.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            return None
        if state.get("sha") != self.sha:
            return None  # the draft changed since: its own figures win
        self.resumed = True
        return state

    def _locate(self, value):
        """The evidence sentence in its clause, when the reader no longer proposes this figure."""
        return self._find(value.get("proposed") or "", value.get("cite"))

    def _find(self, words, cid):
        """[[clause, start, end]] of `words` in clause `cid` (any clause when None), or []."""
        for clause in ([self.by_id[cid]] if cid in self.by_id else self.clauses):
            at = clause["text"].find(words) if words else -1
            if at >= 0:
                return [[clause["id"], at, at + len(words)]]
        return []

    def _value(self, state, key):
        if key in F.META:
            return state["meta"].get(key.split(".", 1)[1])
        return F.get(state["figures"], key)

    def _save(self):
        write_all({self.wip: json.dumps(self.state, ensure_ascii=False)})

    # ------------------------------------------------------------------ actions
    def act(self, request):
        """One change; returns a message. Raises IntakeError (field named) and changes nothing
        when the request is not one the desk can take."""
        op, key = request.get("op"), request.get("key")
        if op == "undo":
            if not self.state["history"]:
                raise IntakeError("没有可以撤销的操作。")
            self.state.update(self.state["history"].pop())
            self._save()
            return "已撤销上一步。"
        if key not in self.state["fields"]:
            raise IntakeError(f"不认识的项目“{key}”。")
        handler = {"confirm": self._confirm, "edit": self._edit, "cite": self._cite, "point": self._point,
                   "absent": self._absent}.get(op)
        if handler is None:
            raise IntakeError(f"不认识的操作“{op}”。")
        before = {k: copy.deepcopy(self.state[k]) for k in ("meta", "figures", "fields")}
        try:
            message = handler(key, request)
        except IntakeError:
            self.state.update(before)
            raise
        self.state["history"] = (self.state["history"] + [before])[-HISTORY:]
        self._save()
        return message

    def _field(self, key):
        return self.state["fields"][key]

    def _confirm(self, key, request):
        value, field = self._value(self.state, key), self._field(key)
        if value in (None, "") and field["how"] != "absent":
            raise IntakeError(f"{F.title(key)}：还没有值；请选中原文里的字句，或填写，或标为“通知未写”。")
        if key not in F.NO_CLAUSE and isinstance(value, dict) and not value.get("cite"):
            raise IntakeError(f"{F.title(key)}：手填的数字也要选定所依据的条款。")
        if isinstance(value, dict):
            value.pop("proposed", None)
        field["checked"] = True
        field["how"] = field["how"] or "confirmed"
        return f"已确认：{F.title(key)}。"

    def _edit(self, key, request):
        path, text = request.get("path"), request.get("value")
        field = self._field(key)
        if key in F.META and key not in F.BLOCKS:
            if path not in (None, "", "value"):
                raise IntakeError(f"{F.title(key)}：没有“{path}”这一栏。")
            value = F.parse_leaf("text", text) if str(text or "").strip() else None
            if value is None:
                raise IntakeError(f"{F.title(key)}：不能为空。")
            if key == "meta.issuer" and len(re.split(r"[、,，]", value)) > 1:  # several offices: a list
                value = [v.strip() for v in re.split(r"[、,，]", value) if v.strip()]
            self.state["meta"][key.split(".", 1)[1]] = value
        else:
            figure = self._value(self.state, key)
            allowed = dict(F.leaves(figure or F.template(key, self.year, self.reading.named_groups)))
            if key == "cover":
                allowed.setdefault("note", None)  # a cover with no end printed is explained in a note (SCHEMA.md)
            if key in F.BLOCKS and figure is None:
                figure = self.state["meta"][key.split(".", 1)[1]] = F.template(key, self.year)
            if path not in allowed:
                raise IntakeError(f"{F.title(key)}：没有“{path}”这一栏。")
            try:
                parsed = F.parse_leaf(path, text)
            except ValueError as exc:
                raise IntakeError(f"{F.title(key)}（{path}）：{exc}。") from None
            if figure is None:
                figure = F.template(key, self.year, self.reading.named_groups)
                F.put(self.state["figures"], key, figure)
            F.set_leaf(figure, path, parsed)
            figure.pop("unknown", None) if path in ("subsidy", "full") else None
        field["how"] = "typed" if field["how"] in (None, "absent", "typed") else "corrected"
        field["checked"] = False
        return f"已修改：{F.title(key)}，请核对后确认。"

    def _cite(self, key, request):
        clause = request.get("clause")
        if key in F.NO_CLAUSE:
            raise IntakeError(f"{F.title(key)}：这一项不引用条款。")
        if clause not in self.by_id:
            raise IntakeError(f"{F.title(key)}：没有条款“{clause}”。")
        figure = self._value(self.state, key)
        if figure is None:
            figure = F.template(key, self.year, self.reading.named_groups)
            F.put(self.state["figures"], key, figure)
        figure["cite"] = clause
        figure.pop("proposed", None)
        self._field(key)["checked"] = False
        return f"{F.title(key)}：依据改为条款 {self.by_id[clause]['label']}。"

    def _point(self, key, request):
        """A selection in one clause, read by intake's reader for this field."""
        clause = self.by_id.get(request.get("clause"))
        try:
            start, end = int(request.get("start")), int(request.get("end"))
        except (TypeError, ValueError):
            raise IntakeError(f"{F.title(key)}：选中的位置不对。") from None
        if clause is None or not 0 <= start < end <= len(clause["text"]):
            raise IntakeError(f"{F.title(key)}：选中的文字不在一条条款里；请在一条条款之内选。")
        words = clause["text"][start:end]
        field = self._field(key)
        if key in F.BLOCKS:
            raise IntakeError(f"{F.title(key)}：请在这一项的格子里填写，不从原文里选。")
        if key in F.META:
            value = re.sub(r"\s+", "", words)
            self.state["meta"][key.split(".", 1)[1]] = value
            field.update(how="pointed", checked=False, marks=[[clause["id"], start, end]], evidence=words)
            return f"{F.title(key)}：读到“{value}”，请确认。"
        found = read_for(key, words, clause["id"], self.year, self._basis())
        if not found:
            raise IntakeError(f"选中的文字“{words[:30]}”里没有读到{F.title(key)}的数字；请选中写着它的那几个字。")
        reading = found[0]
        if reading.status != "proposed":
            raise IntakeError(f"{F.title(key)}：选中的文字读到了，但{reading.reason}；请改选或手填。")
        value = dict(reading.value, cite=clause["id"], proposed=reading.evidence)
        basis = self._basis()
        if value.get("full") and "subsidy" not in value and "standard" in basis:
            value["subsidy"] = basis["standard"]  # 全额: the whole standard (SCHEMA.md)
        old = self._value(self.state, key)
        if key.startswith("groups."):
            value["wording"] = (old or {}).get("wording") or F.template(key, self.year, self.reading.named_groups)["wording"]
        F.put(self.state["figures"], key, value)
        field.update(how="pointed", checked=False, evidence=reading.evidence,
                     marks=[[clause["id"], start + a, start + b] for a, b in reading.marks])
        self._ordinary_follows(key, value)
        return f"{F.title(key)}：从条款 {clause['label']} 读到 {describe(key, _described(value))}，请确认。"

    def _ordinary_follows(self, key, value):
        """Ordinary residents get no help: proposed (as `intake draft` does) on the standard's clause."""
        if key in ("standard",) and F.get(self.state["figures"], "groups.ordinary") is None:
            F.put(self.state["figures"], "groups.ordinary", {"wording": F.GROUPS["ordinary"], "subsidy": 0,
                                                             "cite": value["cite"], "proposed": value.get("proposed")})
            self._field("groups.ordinary").update(how=None, checked=False, evidence=value.get("proposed"),
                                                  marks=self._field(key)["marks"])

    def _absent(self, key, request):
        if key == "meta.document_number":  # SCHEMA.md: null where the original has no 文号
            self.state["meta"]["document_number"] = None
        elif key in F.META:
            raise IntakeError(f"{F.title(key)}：这是必填项，不能标为“通知未写”。")
        if key in ("standard", "collection", "groups.ordinary"):
            raise IntakeError(f"{F.title(key)}：这是必填项；通知确实没写的，这份通知不能收录。")
        old = self._value(self.state, key) or {}
        if key in F.META:
            pass
        elif key == "cover":
            F.put(self.state["figures"], key, {"start": None, "end": None, "note": NOT_STATED})
        elif key.startswith("groups."):
            cite = old.get("cite") or self._group_clause(key)
            if not cite:
                raise IntakeError(f"{F.title(key)}：请先选中通知提到这类人员的字句。")
            F.put(self.state["figures"], key, {"wording": old.get("wording") or F.template(key, self.year, self.reading.named_groups)["wording"],
                                               "unknown": NOT_IN_NOTICE_GROUP, "cite": cite})
        else:
            F.put(self.state["figures"], key, None)  # the schema's "not stated" is the figure's absence
        field = self._field(key)
        field.update(how="absent", checked=True, marks=[], evidence=None)
        return f"{F.title(key)}：记为通知未写。"

    def _group_clause(self, key):
        return self.reading.named_groups.get(key.split(".")[1], (None, None))[1]

    def _basis(self):
        fig = self.state["figures"]
        if "tiers" in fig:
            return {"tiers": {t["id"]: t["amount"] for t in fig["tiers"]}}
        return {"standard": fig["standard"]["amount"]} if fig.get("standard", {}).get("amount") else {}

    # ------------------------------------------------------------------ the notice it makes
    def notice(self):
        """The notice as it would be saved now: confirmed figures without their mark, the rest
        still proposed (still a draft)."""
        notice = copy.deepcopy(self.base)
        for key in F.META:
            name = key.split(".", 1)[1]
            if name in notice or self.state["meta"][name] is not None:
                notice[name] = copy.deepcopy(self.state["meta"][name])
        figures = copy.deepcopy(self.state["figures"])
        for key, field in self.state["fields"].items():
            value = F.get(figures, key) if key not in F.META else None
            if not isinstance(value, dict):
                continue
            if field["checked"]:
                value.pop("proposed", None)
            elif "proposed" not in value and value.get("cite"):
                value["proposed"] = field["evidence"] or self._first_words(value["cite"])
        if "tiers" in figures and "default_tier" not in figures:
            figures["default_tier"] = min(figures["tiers"], key=lambda t: t["amount"])["id"]
        if "cover" not in figures:
            figures["cover"] = {"start": None, "end": None, "note": NOT_STATED, "proposed": "原文中没有找到待遇享受期"}
        notice["figures"] = _in_order(figures)
        return notice

    def _first_words(self, cid):
        text = self.by_id[cid]["text"] or self.by_id[cid].get("heading", "")
        return text.split("\n")[0][:40] or cid

    def check(self):
        """(field key, plain-Chinese problem) of the first thing the validator refuses, or None."""
        try:
            validate_notice(self.notice(), self.path.name, self.regions.by_code)
        except PolicyDataError as exc:
            return self.key_of(exc.field), exc.problem
        return None

    def key_of(self, where):
        """The desk's field for a validator's field name (figures.groups.dibao.subsidy → groups.dibao)."""
        top = re.split(r"[\[.]", where)[0]
        if "meta." + top in F.META:
            return "meta." + top
        dotted = re.sub(r"\[(\d+)\]", lambda m: "." + str(int(m.group(1)) + 1), where.removeprefix("figures."))
        for name in ("tiers", "populations"):  # a list's item by its id, as the fields name it
            items = self.state["figures"].get(name) or []
            dotted = re.sub(rf"^{name}\.(\d+)", lambda m: f"{name}." + items[int(m.group(1)) - 1]["id"]
                            if int(m.group(1)) <= len(items) else m.group(0), dotted)
        keys = sorted(self.state["fields"], key=len, reverse=True)
        return next((k for k in keys if dotted == k or dotted.startswith(k + ".")), None)

    def yaml_text(self):
        return dump_notice(_dated(self.notice()))


def _figure_keys(figures):
    from calculator.drafts import proposed_keys

    keys = proposed_keys({"figures": figures})
    for name, value in figures.items():
        if name in ("default_tier", "payment"):
            continue
        if name == "groups":
            keys += [f"groups.{g}" for g in value]
        elif name == "tiers" or name == "populations" and any("proposed" in p for p in value):
            # one field a tier; one a population where intake drafted them (each with its own
            # words to check), else one field for all the populations
            keys += [f"{name}.{t['id']}" for t in value]
        elif name == "situations":
            keys += [f"situations.{s}" for s in value]
        elif name == "subsidy_notes":
            keys += [f"subsidy_notes.{i + 1}" for i in range(len(value))]
        else:
            keys.append(name)
    return list(dict.fromkeys(keys))


ORDER = ("standard", "tiers", "default_tier", "populations", "fiscal_subsidy", "best_group_rule", "groups", "subsidy_notes",
         "collection", "cover", "late", "waiting", "situations", "payment")


def _in_order(figures):
    """SCHEMA.md's order, ordinary residents first among the groups (the order answers list them in)."""
    out = {k: figures[k] for k in ORDER if k in figures}
    if "groups" in out:
        groups = out["groups"]
        out["groups"] = {k: groups[k] for k in sorted(groups, key=lambda g: g != "ordinary")}
    return out


def _described(value):
    return {k: v for k, v in value.items() if k not in ("cite", "proposed")}


def _dated(value):
    """ISO text back to dates where the schema holds dates, so the YAML reads as drafts do."""
    if isinstance(value, dict):
        return {k: (dt.date.fromisoformat(v) if k in F.DATES | {"date"} and isinstance(v, str)
                    and F.DATE_TEXT.fullmatch(v) else _dated(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_dated(v) for v in value]
    return value
