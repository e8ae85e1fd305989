"""A scripted person at the review desk (tests/test_review_desk.py and bench/review.py): opens the
desk, confirms what is proposed, fills each missing figure by selecting its words and pressing P,
types only what the notice's words cannot give, accepts — counting keys, clicks and time."""

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WHERE = """([cid, words]) => {
  // where the words' first and last characters are on screen, for a mouse drag over them
  const p = document.querySelector(`p.text[data-clause="${CSS.escape(cid)}"]`);
  const at = p.textContent.indexOf(words);
  if (at < 0) throw new Error("words not in clause " + cid);
  const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  let node, seen = 0, start = null, end = null;
  while ((node = walker.nextNode())) {
    const len = node.data.length;
    if (start === null && at < seen + len) start = [node, at - seen];
    if (end === null && at + words.length <= seen + len) { end = [node, at + words.length - seen]; break; }
    seen += len;
  }
  p.scrollIntoView({block: "center"});
  const rect = (node, offset) => { const r = document.createRange(); r.setStart(node, offset); r.setEnd(node, offset + 1);
                                   return r.getBoundingClientRect(); };
  const a = rect(start[0], start[1]), b = rect(end[0], end[1] - 1);
  return {x1: a.left + 1, y1: (a.top + a.bottom) / 2, x2: b.right - 1, y2: (b.top + b.bottom) / 2};
}"""


def _ctrl_c_as_in_a_terminal():
    # A runner started in the background (`cmd &` in a script) passes SIGINT on as ignored, and a
    # Python started so never turns Ctrl-C into KeyboardInterrupt: the desk would not stop.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_desk(path, policy_dir, *extra):
    """The desk as a person starts it; returns (process, address)."""
    env = {k: v for k, v in os.environ.items() if k != "POLICY_DATA"}
    proc = subprocess.Popen([sys.executable, "-m", "intake", "review", str(path), "--policy-dir", str(policy_dir),
                             "--no-open", *extra], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, preexec_fn=_ctrl_c_as_in_a_terminal)
    line = proc.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:\d+/\S+/", line)
    if not match:
        proc.wait(timeout=30)
        raise RuntimeError(f"desk did not start: {line}{proc.stderr.read()}")
    return proc, match.group(0)


def stop_desk(proc):
    """Ctrl-C, as a person stops it; returns what it wrote (stdout, stderr). Both pipes are drained
    while it winds down: a desk blocked writing its request log to a full pipe could never stop."""
    proc.send_signal(signal.SIGINT)
    try:
        return proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.communicate()


class Person:
    def __init__(self, page):
        self.page = page
        self.keys = self.clicks = 0
        self.confirmed = self.pointed = self.typed = self.absent = 0
        self.proposed = 0

    def _version(self):
        return int(self.page.evaluate("() => +document.body.dataset.version || 0"))

    def _after(self, action):
        before = self._version()
        action()
        try:
            self.page.wait_for_function(f"() => (+document.body.dataset.version || 0) > {before}", timeout=30_000)
        except Exception as exc:
            raise AssertionError(f"no answer at {self.current()}: {self.page.text_content('#status')}") from exc

    def press(self, key, waits=True):
        self.keys += 1
        if waits:
            self._after(lambda: self.page.keyboard.press(key))
        else:
            self.page.keyboard.press(key)

    def current(self):
        return self.page.get_attribute(".field.current", "data-key")

    def progress(self):
        text = self.page.text_content("#progress")
        done, total = map(int, re.search(r"(\d+) / (\d+)", text).groups())
        return done, total

    def check(self, steps):
        page = self.page
        page.wait_for_function("() => +document.body.dataset.version >= 1", timeout=30_000)
        self.proposed = page.locator(".field.status-proposed, .field.status-inconsistent").count()
        for _ in range(100):
            done, total = self.progress()
            if done == total:
                return
            key = self.current()
            step = steps.get(key)
            if step is None:
                self.press("Enter")
                self.confirmed += 1
            elif "point" in step:
                self.drag(*step["point"])
                self.press("p")
                self.press("Enter")
                self.pointed += 1
            elif "type" in step:
                for leaf, value in step["type"].items():
                    box = page.locator(f".field.current input[data-path='{leaf}']")
                    self.clicks += 1
                    box.fill(str(value))
                    self.keys += len(str(value))
                    self._after(lambda: box.press("Tab"))
                    self.keys += 1
                    self.typed += 1
                page.focus(".field.current")
                self.press("Enter")
            elif step.get("absent"):
                self.press("n")
                self.absent += 1
        raise AssertionError(f"the desk never reached every field: at {self.current()}, "
                             f"{self.page.text_content('#status')} {self.progress()}")

    def drag(self, cid, words):
        """Selects the words with the mouse, as a person does: press before the first character,
        release after the last. The desk must see exactly those words."""
        at = self.page.evaluate(WHERE, [cid, words])
        mouse = self.page.mouse
        mouse.move(at["x1"], at["y1"])
        mouse.down()
        mouse.move(at["x2"], at["y2"], steps=8)
        mouse.up()
        self.clicks += 1  # one drag
        selected = self.page.evaluate("() => document.getSelection().toString()")
        assert selected == words, (selected, words)

    def accept(self):
        self.clicks += 1
        self._after(lambda: self.page.click("#accept"))
        self.page.wait_for_selector("#saved:not([hidden])", timeout=30_000)
