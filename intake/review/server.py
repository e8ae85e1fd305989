"""The desk's local server: standard library only, bound to 127.0.0.1, every address carrying a
random token (a request without it is refused), the page and its files served under the site's
strict CSP, and only the one YAML (on accept) and its work-in-progress file ever written."""

import hashlib
import hmac
import http.server
import json
import os
import secrets
import tempfile
import threading
import webbrowser
from pathlib import Path

import yaml

from calculator.errors import PolicyDataError

from ..accept import _validate as validate_in_directory
from ..diff import describe_diff, diff, load_notice
from ..errors import IntakeError
from ..files import write_all
from ..report import describe
from . import fields as F
from .state import Desk, _described
from .tryit import answers

PAGE = Path(__file__).resolve().parent / "page"
SITE_CSS = Path(__file__).resolve().parents[2] / "site_src" / "assets" / "site.css"
FILES = {"review.js": (PAGE / "review.js", "text/javascript; charset=utf-8"),
         "review.css": (PAGE / "review.css", "text/css; charset=utf-8"),
         "site.css": (SITE_CSS, "text/css; charset=utf-8")}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
MAX_BODY = 64 * 1024


def lock_path(path):
    """Outside policy_dir (the desk writes nothing else there): one per draft, by its full path."""
    digest = hashlib.sha256(str(Path(path).resolve()).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"intake-review-{digest}.json"


def _alive(pid):
    try:
        os.kill(pid, 0)
    except (OSError, TypeError):
        return False
    return True


def claim(path, address):
    """Refuses a second desk on one draft, naming the first one's address."""
    lock = lock_path(path)
    if lock.is_file():
        try:
            held = json.loads(lock.read_text(encoding="utf-8"))
        except ValueError:
            held = {}
        if held.get("pid") != os.getpid() and _alive(held.get("pid")):
            raise IntakeError(f"{Path(path).name} 已经在另一个核对页里打开：{held.get('address')}（先在那里关掉，再开新的）。")
    lock.write_text(json.dumps({"pid": os.getpid(), "address": address}), encoding="utf-8")
    return lock


class Review:
    """The desk and what the page is shown of it."""

    def __init__(self, path, policy_dir):
        self.desk = Desk(path, policy_dir)
        self.lock = threading.Lock()
        self.saved = None

    def view(self, message=None, error=None):
        desk = self.desk
        problem = desk.check()
        notice = desk.notice()
        fields = []
        for key, field in sorted(desk.state["fields"].items(), key=lambda kv: F.order(kv[0])):
            value = desk._value(desk.state, key)
            status = _status(field, value, key, desk)
            shown = value if key in F.META and key not in F.BLOCKS else (
                value or F.template(key, desk.year, desk.reading.named_groups))
            if key == "cover" and isinstance(shown, dict) and "note" not in shown:
                shown = {**shown, "note": None}  # where the text gives no end, the note says so
            fields.append({
                "key": key, "title": F.title(key), "heading": F.heading_of(key), "status": status,
                "how": field["how"], "checked": field["checked"], "marks": field["marks"],
                "summary": _summary(key, value, field),
                "leaves": ([["value", F.title(key), _text(value)]] if key in F.META and key not in F.BLOCKS
                           else [[p, F.label_of(p), _text(v)] for p, v in F.leaves(shown)
                                 # a population's own fiscal subsidy is a field of its own
                                 if not (p.startswith("fiscal_subsidy.") and f"{key}.fiscal_subsidy" in desk.state["fields"])]),
                "cite": value.get("cite") if isinstance(value, dict) else None,
                "needs_clause": key not in F.NO_CLAUSE,
                "may_be_absent": key not in F.NO_CLAUSE or key in F.MAY_BE_ABSENT,
                "evidence": field["evidence"], "findings": desk.reading.findings.get(key, []),
                "problem": problem[1] if problem and problem[0] == key else None,
            })
        checked = sum(1 for f in fields if f["checked"])
        return {
            "file": desk.path.name, "title": notice["title"] or desk.path.name, "resumed": desk.resumed,
            "clauses": [{"id": c["id"], "label": c["label"], "heading": c.get("heading") or "", "text": c["text"]}
                        for c in desk.clauses],
            "fields": fields, "progress": {"checked": checked, "total": len(fields)},
            "problem": ({"key": problem[0], "text": problem[1]} if problem else None),
            "remarks": desk.reading.problems,
            "tryit": answers(notice, desk.regions.rows, problem and _where(*problem)),
            "message": message, "error": error, "saved": self.saved,
        }

    def act(self, body):
        with self.lock:
            return self.desk.act(body)

    def accept(self):
        """Full validation with the rest of the directory, then the YAML replaced atomically,
        then what changed from the region's previous year."""
        with self.lock:
            desk = self.desk
            problem = desk.check()
            if problem:
                raise IntakeError(_where(problem[0], problem[1]))
            text = desk.yaml_text()
            try:
                validate_in_directory(desk.path, yaml.safe_load(text))  # with every other notice of the directory
            except PolicyDataError as exc:
                raise IntakeError(_where(desk.key_of(exc.field), exc.problem, exc.field)) from None
            mode = desk.path.stat().st_mode & 0o777
            write_all({desk.path: text})
            os.chmod(desk.path, mode)
            left = sum(1 for f in desk.state["fields"].values() if not f["checked"])
            if desk.wip.is_file() and not left:
                desk.wip.unlink()
            self.saved = {"left": left, "diff": self._diff()}
            return f"已保存 {desk.path.name}。" + (f"还有 {left} 项没有核对，文件仍是草稿。" if left else "全部核对完毕。")

    def _diff(self):
        desk = self.desk
        notice = desk.notice()
        previous = desk.policy_dir / f"{notice['region']}-{notice['year'] - 1}.yaml"
        if not previous.is_file():
            return f"没有 {notice['region']} 的 {notice['year'] - 1} 年度通知，无从比较。"
        try:
            return describe_diff(diff(load_notice(previous), load_notice(desk.path)))
        except IntakeError as exc:
            return f"与上一年度比较未能完成：{exc}"


def _where(key, problem, field=None):
    """A validator's problem, led by the desk's name for the field it concerns."""
    return f"{F.title(key) if key else field or '数据'}：{problem}"


def _text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "、".join(map(str, value))
    return "" if value is None else str(value)


def _status(field, value, key, desk):
    if field["checked"]:
        return "checked"
    if desk.reading.findings.get(key):
        return "inconsistent"
    return "missing" if value in (None, "") else "proposed"


def _summary(key, value, field):
    if field["how"] == "absent":
        return "通知未写"
    if value in (None, ""):
        return "未找到"
    if key == "meta.origin":
        kind = F.ORIGIN_KINDS.get(value.get("kind"), value.get("kind"))
        where = "，".join(x for x in (value.get("outlet"), value.get("url")) if x)
        return f"{kind}{'：' + where if where else ''}；{'全文' if value.get('complete') else '不完整'}，{value.get('read_on')} 读取"
    if key in F.META:
        return _text(value)
    if isinstance(value, list):  # the populations, one field for all
        return "；".join(p.get("name", "") + " " + _summary(f"{key}.{p.get('id')}", p, field) for p in value)
    try:
        return describe(key, _described(value))
    except (KeyError, TypeError):
        return "（待填写完整）"


def handler_for(review, token, port):
    prefix = f"/{token}/"

    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "intake-review"
        sys_version = ""

        def log_message(self, *args):  # the terminal shows the address, not every request
            pass

        def _send(self, status, body, ctype="application/json; charset=utf-8"):
            data = body if isinstance(body, bytes) else (
                json.dumps(body, ensure_ascii=False).encode() if not isinstance(body, str) else body.encode())
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Content-Security-Policy", CSP)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def _allowed(self):
            """The token, on this host: anything else (another page, a rebinding name) is refused."""
            host_ok = self.headers.get("Host") in (f"127.0.0.1:{port}", f"localhost:{port}")
            given = self.path.split("?", 1)[0][:len(prefix)]
            if host_ok and hmac.compare_digest(given.encode(), prefix.encode()):
                return self.path.split("?", 1)[0][len(prefix):]
            self._send(403, "拒绝：地址里缺少或写错了访问令牌。请用 intake review 打印的完整地址。\n",
                       "text/plain; charset=utf-8")
            return None

        def do_GET(self):
            if self.path == "/favicon.ico":  # browsers ask without the token; nothing to give
                return self._send(204, b"", "image/x-icon")
            rest = self._allowed()
            if rest is None:
                return
            if rest == "":
                return self._send(200, (PAGE / "review.html").read_bytes(), "text/html; charset=utf-8")
            if rest in FILES:
                file, ctype = FILES[rest]
                return self._send(200, file.read_bytes(), ctype)
            if rest == "api/state":
                with review.lock:
                    return self._send(200, review.view())
            self._send(404, {"error": "没有这个地址。"})

        def do_POST(self):
            rest = self._allowed()
            if rest is None:
                return
            try:
                length = int(self.headers.get("Content-Length") or 0)
                if not 0 < length <= MAX_BODY or "application/json" not in (self.headers.get("Content-Type") or ""):
                    raise IntakeError("请求格式不对（应为 JSON）。")
                body = json.loads(self.rfile.read(length).decode("utf-8"))
                if not isinstance(body, dict):
                    raise IntakeError("请求格式不对（应为 JSON 对象）。")
                for name in ("file", "path_to", "target"):
                    if name in body and body[name] != review.desk.path.name:
                        raise IntakeError(f"核对页只能写 {review.desk.path.name}，不能写“{body[name]}”。")
                if rest == "api/act":
                    message = review.act(body)
                elif rest == "api/accept":
                    message = review.accept()
                else:
                    return self._send(404, {"error": "没有这个地址。"})
            except (ValueError, UnicodeDecodeError) as exc:
                status, payload = 400, {"error": str(exc) if isinstance(exc, IntakeError) else "请求格式不对（应为 JSON）。",
                                        "key": body.get("key") if isinstance(locals().get("body"), dict) else None}
                with review.lock:
                    payload["state"] = review.view(error=payload["error"])
                return self._send(status, payload)
            with review.lock:
                self._send(200, review.view(message=message))

    return Handler


def serve(path, policy_dir, port=0, open_browser=True, announce=print, ready=None):
    """Runs until Ctrl-C (or `ready`'s server.shutdown()). `ready(server, address)` is called once
    the address is known (tests use it to stop the desk)."""
    review = Review(path, policy_dir)
    token = secrets.token_urlsafe(24)
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", int(port)), None)
    except OSError as exc:
        raise IntakeError(f"无法在 127.0.0.1:{port} 上启动核对页：{exc.strerror}。换一个 --port 再试。") from None
    actual = server.server_address[1]
    server.RequestHandlerClass = handler_for(review, token, actual)
    address = f"http://127.0.0.1:{actual}/{token}/"
    try:
        lock = claim(review.desk.path, address)
    except IntakeError:
        server.server_close()
        raise
    try:
        announce(f"核对页：{address}\n（只在本机可用；按 Ctrl-C 停止。进度随时保存在 {review.desk.wip.name}，下次 review 接着做。）")
        if ready:
            ready(server, address)
        if open_browser:
            webbrowser.open(address)
        server.serve_forever()
    except KeyboardInterrupt:
        announce("核对页已停止。")
    finally:
        server.server_close()
        if lock.is_file() and json.loads(lock.read_text(encoding="utf-8")).get("pid") == os.getpid():
            lock.unlink()
    return address
