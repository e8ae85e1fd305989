"""`python -m intake review`: the desk in a real browser (Debian chromium through Playwright).

A scripted person checks three notices written for these tests (tests/review/, three styles);
afterwards `python -m calculator quote --policy-dir` must give the answers read off each notice
(tests/review/cases.yaml). Then the bad inputs of issue 22, the token, safety of writes, axe."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from scenario_table import _Loader as ScenarioLoader  # reads `on:` as a key, not as true
from review_person import Person, start_desk, stop_desk
from test_accessibility import AXE

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "review"
CASES = yaml.load((DATA / "cases.yaml").read_text(encoding="utf-8"), Loader=ScenarioLoader)["notices"]
RESULTS = os.environ.get("REVIEW_BENCH_OUT")  # bench/review.py: where to write the measurements


def run(module, *args):
    env = {k: v for k, v in os.environ.items() if k != "POLICY_DATA"}
    return subprocess.run([sys.executable, "-m", module, *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=180)


def drafted(tmp_path, case):
    policy_dir = tmp_path / "policy"
    policy_dir.mkdir()
    done = run("intake", "draft", DATA / case["file"], "--region", case["region"], "--year", case["year"],
               "--policy-dir", policy_dir)
    assert done.returncode == 0, done.stderr
    return policy_dir, policy_dir / f"{case['region']}-{case['year']}.yaml"


def tree(path):
    return {str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(path).rglob("*")) if p.is_file()}


@pytest.fixture
def desk_page(chromium_browser):
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_a_person_checks_a_notice_at_the_desk_and_the_calculator_answers_as_the_notice_reads(desk_page, tmp_path, case):
    policy_dir, path = drafted(tmp_path, case)
    proc, address = start_desk(path, policy_dir)
    try:
        began = time.monotonic()
        desk_page.goto(address)
        person = Person(desk_page)
        person.check(case["steps"])
        person.accept()
        wall = time.monotonic() - began
        assert "全部核对完毕" in desk_page.text_content("#saved-message")
    finally:
        stop_desk(proc)
    assert not desk_page.errors, desk_page.errors
    typed = person.typed
    assert typed <= 5
    if RESULTS:
        with open(RESULTS, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"name": case["name"], "proposed": person.proposed, "confirmed": person.confirmed,
                                 "pointed": person.pointed, "typed": typed, "absent": person.absent,
                                 "keys": person.keys, "clicks": person.clicks, "wall": round(wall, 2),
                                 "fields": desk_page.locator(".field").count(),
                                 "sentences": sum(t.count("。") + t.count("！") + t.count("？") + 1 for t in
                                                  desk_page.locator("p.text").all_text_contents())},
                                ensure_ascii=False) + "\n")
    saved = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert "proposed" not in json.dumps(saved["figures"], ensure_ascii=False, default=str)
    assert not (policy_dir / f".{path.stem}.review.json").exists()
    for key, step in case["steps"].items():  # the particulars as the person gave them
        if key.startswith("meta."):
            saved_value = saved[key.split(".", 1)[1]]
            if step.get("absent"):
                assert saved_value is None
            for leaf, value in step.get("type", {}).items():
                assert (saved_value[leaf] if isinstance(saved_value, dict) else saved_value) == value
    for answer in case["answers"]:
        args = ["quote", "--policy-dir", policy_dir, "--region", answer["region"], "--year", case["year"],
                "--on", answer["on"], "--json"]
        args += ["--category", answer["category"]] if "category" in answer else []
        args += ["--situation", answer["situation"], "--born", answer["born"]] if "situation" in answer else []
        args += ["--population", answer["population"]] if "population" in answer else []
        done = run("calculator", *args)
        assert done.returncode == 0, done.stderr
        got = json.loads(done.stdout)
        for key, want in answer.items():
            if key in ("region", "on", "category", "situation", "born", "population"):
                continue
            assert got[key] == (want.isoformat() if hasattr(want, "isoformat") else want), (answer, key, got[key])


# --------------------------------------------------------------------------- bad inputs, safety
XINZHOU = next(c for c in CASES if "xinzhou" in c["file"])
WECHAT = next(c for c in CASES if "wechat" in c["file"])


@pytest.fixture
def desk(tmp_path):
    """A desk on the 忻州 draft, started as a person starts it; (address, policy dir, yaml path)."""
    policy_dir, path = drafted(tmp_path, XINZHOU)
    proc, address = start_desk(path, policy_dir)
    yield address, policy_dir, path
    stop_desk(proc)


def request(url, body=None, host=None):
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"} if data else {})
    if host:
        req.add_header("Host", host)
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            return res.status, res.read().decode(), dict(res.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), dict(exc.headers)


def test_the_desk_binds_127_0_0_1_and_refuses_a_request_without_its_token(desk):
    address, _, _ = desk
    assert address.startswith("http://127.0.0.1:")
    root = address.rsplit("/", 2)[0] + "/"
    token = address.rstrip("/").rsplit("/", 1)[1]
    assert len(token) >= 24
    for url in (root, root + "api/state", root + "review.js", root + "x" + token + "/api/state",
                address.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B")) + "api/state"):
        status, body, _ = request(url)
        assert status == 403 and "令牌" in body, url
    status, _, _ = request(root + "api/act", {"op": "undo"})
    assert status == 403
    status, _, _ = request(address + "api/state", host="evil.example:80")  # a rebinding name
    assert status == 403
    status, body, headers = request(address)
    assert status == 200
    assert "script-src 'self'" in headers["Content-Security-Policy"] and "unsafe-inline" not in headers["Content-Security-Policy"]
    assert "<script>" not in body and " style=" not in body and " on" not in body.replace(" only", "")


def test_a_post_with_another_path_or_an_invalid_value_is_refused_naming_the_field_and_nothing_is_written(desk):
    address, policy_dir, path = desk
    before = tree(policy_dir)
    cases = [
        ({"op": "edit", "key": "standard", "path": "amount", "value": "四百"}, "个人缴费标准", "不是整数"),
        ({"op": "edit", "key": "collection", "path": "start", "value": "2025-02-30"}, "集中征缴期", "不是存在的日期"),
        ({"op": "edit", "key": "standard", "path": "../../etc/passwd", "value": "1"}, "个人缴费标准", "没有"),
        ({"op": "edit", "key": "../140521-2025", "path": "amount", "value": "1"}, "不认识的项目", ""),
        ({"op": "cite", "key": "standard", "clause": "99"}, "个人缴费标准", "没有条款"),
        ({"op": "confirm", "key": "standard", "file": "../policy_data/140521-2025.yaml"}, "只能写", "140900-2026.yaml"),
        ({"op": "erase", "key": "standard"}, "不认识的操作", ""),
    ]
    for body, named, why in cases:
        status, text, _ = request(address + "api/act", body)
        answer = json.loads(text)
        assert status == 400 and named in answer["error"] and why in answer["error"], (body, answer["error"])
    status, text, _ = request(address + "api/accept", {"file": "140521-2025.yaml"})
    assert status == 400 and "只能写" in json.loads(text)["error"]
    after = tree(policy_dir)
    assert {k: v for k, v in after.items() if not k.startswith(".")} == before
    assert set(after) - set(before) <= {f".{path.stem}.review.json"}


def test_a_selection_holding_no_figure_says_so_and_changes_nothing(desk):
    address, policy_dir, path = desk
    clause = next(c for c in json.loads(request(address + "api/state")[1])["clauses"] if c["id"] == "1")
    end = clause["text"].index("，")
    status, text, _ = request(address + "api/act", {"op": "point", "key": "late", "clause": "1", "start": 0, "end": end})
    answer = json.loads(text)
    assert status == 400 and "没有读到期外缴费" in answer["error"]
    late = next(f for f in answer["state"]["fields"] if f["key"] == "late")
    assert late["status"] == "missing"


def test_a_second_desk_on_the_same_file_is_refused_with_the_first_ones_address(desk):
    address, policy_dir, path = desk
    done = run("intake", "review", path, "--policy-dir", policy_dir, "--no-open")
    assert done.returncode == 2
    assert address in done.stderr and "已经在另一个核对页里打开" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_file_that_is_not_a_notice_or_lies_outside_the_policy_dir_is_refused_in_one_line(tmp_path):
    policy_dir, path = drafted(tmp_path, XINZHOU)
    other = tmp_path / "elsewhere"
    other.mkdir()
    shutil.copy(path, other / path.name)
    (policy_dir / "140521-2026.yaml").write_text("a: 1\n", encoding="utf-8")
    (policy_dir / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    for args, says in (
        ([other / path.name, "--policy-dir", policy_dir], "不在政策数据目录"),
        ([policy_dir / "140521-2026.yaml", "--policy-dir", policy_dir], "不是通知数据文件"),
        ([policy_dir / "notes.yaml", "--policy-dir", policy_dir], "不是通知数据文件"),
        ([policy_dir / "140000-2026.yaml", "--policy-dir", policy_dir], "找不到文件"),
        ([DATA / XINZHOU["file"], "--policy-dir", policy_dir], "--region 和 --year"),
        ([path, "--policy-dir", policy_dir, "--port", "http"], "端口"),
    ):
        done = run("intake", "review", *args, "--no-open")
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert says in done.stderr and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr


def test_review_of_a_notice_file_drafts_it_first(tmp_path):
    policy_dir = tmp_path / "policy"
    policy_dir.mkdir()
    proc, address = start_desk(DATA / XINZHOU["file"], policy_dir, "--region", "140900", "--year", "2026")
    try:
        status, text, _ = request(address + "api/state")
        assert status == 200 and json.loads(text)["file"] == "140900-2026.yaml"
    finally:
        stop_desk(proc)
    assert proc.returncode == 0
    assert (policy_dir / "140900-2026.yaml").is_file()


def test_work_in_progress_survives_a_stopped_desk_and_undo_takes_back_one_step(tmp_path):
    policy_dir, path = drafted(tmp_path, XINZHOU)
    original = path.read_bytes()
    proc, address = start_desk(path, policy_dir)
    try:
        for key in ("meta.title", "meta.document_number"):
            status, _, _ = request(address + "api/act", {"op": "confirm", "key": key})
            assert status == 200
        status, text, _ = request(address + "api/act", {"op": "undo"})
        assert json.loads(text)["progress"]["checked"] == 1
    finally:
        stop_desk(proc)
    assert path.read_bytes() == original  # nothing saved until accepted
    proc, address = start_desk(path, policy_dir)
    try:
        state = json.loads(request(address + "api/state")[1])
        assert state["resumed"] and state["progress"]["checked"] == 1
        assert [f["key"] for f in state["fields"] if f["checked"]] == ["meta.title"]
    finally:
        stop_desk(proc)


def test_the_notice_text_is_shown_as_text_never_as_html(tmp_path, desk_page):
    policy_dir, path = drafted(tmp_path, XINZHOU)
    text = path.read_text(encoding="utf-8").replace("坚持应保尽保", "坚持<img src=x>应保尽保<script>alert(1)</script>")
    path.write_text(text, encoding="utf-8")
    proc, address = start_desk(path, policy_dir)
    try:
        desk_page.goto(address)
        desk_page.wait_for_function("() => +document.body.dataset.version >= 1")
        assert desk_page.locator("#clauses img, #clauses script").count() == 0
        assert "<img src=x>" in desk_page.text_content("#c-1")
    finally:
        stop_desk(proc)


@pytest.mark.parametrize("width,height", [(390, 844), (820, 1180), (1280, 900)])
def test_the_desk_has_no_axe_violations_and_fits_phone_and_tablet_widths(chromium_browser, desk, width, height):
    address, _, _ = desk
    context = chromium_browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN", bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(address)
        page.wait_for_function("() => +document.body.dataset.version >= 1", timeout=30_000)
        wide = page.evaluate("() => document.documentElement.scrollWidth")
        assert wide <= width + 1
        page.add_script_tag(path=str(AXE))
        bad = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .map(v => ({id: v.id, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""")
        assert not bad, json.dumps(bad, ensure_ascii=False, indent=1)
    finally:
        context.close()


def test_keyboard_alone_confirms_moves_and_undoes_with_the_shortcuts_shown(desk, desk_page):
    address, _, _ = desk
    desk_page.goto(address)
    person = Person(desk_page)
    desk_page.wait_for_function("() => +document.body.dataset.version >= 1")
    assert "Enter" in desk_page.text_content("#keys") and "撤销" in desk_page.text_content("#keys")
    first = person.current()
    assert desk_page.evaluate("() => document.activeElement.dataset.key") == first
    person.press("Enter")
    assert person.progress()[0] == 1 and person.current() != first
    assert desk_page.evaluate("() => document.activeElement.dataset.key") == person.current()
    person.press("u")
    assert person.progress()[0] == 0
    before = person.current()
    person.press("j", waits=False)
    assert person.current() != before
    assert desk_page.evaluate("() => document.activeElement.dataset.key") == person.current()
    person.press("k", waits=False)
    assert person.current() == before
    # a field scrolls the text to its words; the highlight of a figure opens its field
    desk_page.click("#f-situations-newborn h4")
    desk_page.click("#f-collection h4")
    assert person.current() == "collection"
    shown = desk_page.evaluate("""() => { const m = document.querySelector("a.hl[data-key='collection']").getBoundingClientRect();
        const p = document.getElementById('text-pane').getBoundingClientRect();
        return m.top >= p.top && m.bottom <= p.bottom && m.bottom <= window.innerHeight; }""")
    assert shown
    desk_page.click("a.hl[data-key='standard']")
    assert person.current() == "standard"
    assert desk_page.evaluate("() => document.activeElement.dataset.key") == "standard"


def shifted_back(policy_dir, case):
    """The same notice a year earlier, at 400 yuan: the region's previous year, for the diff."""
    code, year = case["region"], case["year"]
    source = (policy_dir / "sources" / f"{code}-{year}.txt").read_text(encoding="utf-8")
    draft = (policy_dir / f"{code}-{year}.yaml").read_text(encoding="utf-8")

    def back(text):
        return text.replace("2025", "2024").replace("2026", "2025").replace("410", "400").replace("287", "280")

    (policy_dir / "sources" / f"{code}-{year - 1}.txt").write_text(back(source), encoding="utf-8")
    (policy_dir / f"{code}-{year - 1}.yaml").write_text(back(draft), encoding="utf-8")


def test_accept_validates_shows_problems_by_their_field_then_the_change_from_last_year(tmp_path):
    policy_dir, path = drafted(tmp_path, XINZHOU)
    shifted_back(policy_dir, XINZHOU)
    before = tree(policy_dir)
    proc, address = start_desk(path, policy_dir)
    try:
        status, text, _ = request(address + "api/act", {"op": "edit", "key": "groups.dibao", "path": "percent", "value": "80"})
        assert status == 200
        dibao = next(f for f in json.loads(text)["fields"] if f["key"] == "groups.dibao")
        assert "与资助金额 287 元不符" in dibao["problem"]  # beside its field, in words
        status, text, _ = request(address + "api/accept", {})
        assert status == 400 and json.loads(text)["error"].startswith("低保对象")
        assert tree(policy_dir) == {**before, **{k: v for k, v in tree(policy_dir).items() if k.startswith(".")}}
        request(address + "api/act", {"op": "undo"})
        state = json.loads(request(address + "api/state")[1])
        for field in state["fields"]:
            op = "confirm" if field["status"] == "proposed" else "absent"
            if not field["checked"]:
                status, text, _ = request(address + "api/act", {"op": op, "key": field["key"]})
                assert status == 200, text
        status, text, _ = request(address + "api/accept", {})
        assert status == 200
        saved = json.loads(text)["saved"]
        assert saved["left"] == 0
        assert "个人缴费标准：400元 → 410元" in saved["diff"], saved["diff"]
    finally:
        stop_desk(proc)
    after = tree(policy_dir)
    assert set(after) == set(before)  # the work-in-progress file is gone once all is checked
    assert [k for k in after if after[k] != before[k]] == [path.name]


def test_the_readers_doubts_mark_a_field_inconsistent_with_its_words(tmp_path):
    policy_dir, path = drafted(tmp_path, WECHAT)
    proc, address = start_desk(path, policy_dir)
    try:
        state = json.loads(request(address + "api/state")[1])
        tekun = next(f for f in state["fields"] if f["key"] == "groups.tekun")
        assert tekun["status"] == "inconsistent" and "特困人员" in tekun["findings"][0]
        assert state["progress"]["checked"] == 0  # nothing counts until a person confirms it
    finally:
        stop_desk(proc)


def test_a_value_typed_by_hand_needs_its_clause_and_counts_only_once_confirmed(tmp_path):
    policy_dir, path = drafted(tmp_path, WECHAT)
    proc, address = start_desk(path, policy_dir)
    try:
        act = lambda **body: request(address + "api/act", body)  # noqa: E731
        words = "每人每年380元"
        status, _, _ = act(op="point", key="standard", clause="1", start=0, end=len(words))
        assert status == 200
        status, _, _ = act(op="edit", key="meta.document_number", value="无文号（微信公众号推文）")
        assert status == 200
        # intake does not read 六、's newborn rule: a person types it
        status, text, _ = act(op="edit", key="situations.newborn", path="limit.days", value="90")
        assert status == 200
        newborn = next(f for f in json.loads(text)["fields"] if f["key"] == "situations.newborn")
        assert newborn["how"] == "typed" and not newborn["checked"]
        status, text, _ = act(op="confirm", key="situations.newborn")
        assert status == 400 and "也要选定所依据的条款" in json.loads(text)["error"]
        status, text, _ = act(op="cite", key="situations.newborn", clause="6")
        assert status == 200
        checked = json.loads(text)["progress"]["checked"]
        status, text, _ = act(op="confirm", key="situations.newborn")
        assert status == 200 and json.loads(text)["progress"]["checked"] == checked + 1
        # 五、's waiting period, read by intake (要等3个月), counts once a person confirms it
        waiting = next(f for f in json.loads(text)["fields"] if f["key"] == "waiting")
        assert waiting["how"] != "typed" and not waiting["checked"]
        status, text, _ = act(op="confirm", key="waiting")
        assert status == 200 and json.loads(text)["progress"]["checked"] == checked + 2
        rows = json.loads(text)["tryit"]["rows"]
        late = next(r for r in rows if "结束后30天" in r["who"])
        assert late["benefit_start"] == "2026-04-19"  # window ends 2025-12-20; paid 30 days later; 3 months' wait
    finally:
        stop_desk(proc)
