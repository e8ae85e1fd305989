"""The browser's entry point (Pyodide): the page's form or URL fragment → the CLI's answer.

It builds the same argv the command line would receive and runs `cli.run`, so the JSON in
`#quote[data-json]` is the command line's JSON, byte for byte.

A fragment names each option as the command line does (`lapse-years`) or with `_` for `-`
(`lapse_years`). A name it does not know, a one-value option given twice, or a yes/no value it
cannot read is refused with one plain line naming it: dropping part of a question would answer a
different question, and that answer would look right (domain.md, 'Names in links').
"""

import json

from .cli import run
from .errors import InputError
from .options import FLAG_VALUES, household_options, quote_options

# The fragment's names: `quote`'s options (calculator.options, the one table the command line is
# built from); the page gets the same table from the build (sitebuild/calculator_page.py).
OPTIONS = quote_options()
# A household's fragment: region, year, on, and `member` once per person (calculator.members).
HOUSEHOLD_OPTIONS = household_options()


def canonical(name, options=OPTIONS):
    """The command line's spelling of a fragment name, or None when there is no such option."""
    name = str(name).replace("_", "-")
    return name if name in options else None


def _values(value):
    return list(value) if isinstance(value, (list, tuple)) else [value]


def argv_from_params(params, command="quote", options=OPTIONS):
    """`params` maps names (either spelling) to a string or a list of strings, as a fragment
    carries them. Raises InputError for a name or value the command line would not take."""
    unknown = [name for name in params if canonical(name, options) is None]
    if unknown:
        known = "、".join(options)
        raise InputError(f"链接里有不认识的项“{'”“'.join(map(str, unknown))}”。可用的项: {known}。")
    merged = {}
    for name, value in params.items():
        values = [str(v) for v in _values(value) if v is not None]
        if any(v.strip() == "" for v in values):
            raise InputError(f"链接里的“{name}”没有填写值，请填写或去掉这一项。")
        merged.setdefault(canonical(name, options), []).extend(values)
    argv = [command]
    for name, spec in options.items():
        values = merged.get(name, [])
        if not values:
            continue
        if not spec["repeatable"] and len(set(values)) > 1:
            raise InputError(f"链接里的“{name}”出现了多次且值不同（{'、'.join(values)}），请只保留一个。")
        if spec["flag"]:
            flag = FLAG_VALUES.get(values[-1].strip().lower())
            if flag is None:
                raise InputError(f"链接里“{name}”的值“{values[-1]}”无法识别，请用 1（是）或 0（否）。")
            if flag:
                argv.append("--" + name)
        elif spec["repeatable"]:
            for one in values:
                argv += ["--" + name, one]
        else:
            argv += ["--" + name, values[-1]]
    return argv + ["--json"]


def answer(data, params_json):
    """Returns JSON text {"exit_code", "stdout", "stderr"}; never raises on user input."""
    return _answer(data, params_json, argv_from_params)


def household_argv_from_params(params):
    """The household's argv from its fragment: `region`, `year`, `on` as for `quote`, and
    `member` (a string or a list of strings, one per person, in the order shown) passed to the
    command line as they are, so the command line's grammar (calculator.members) is the only one
    and its messages name the member (第N位) and the field — an empty one included."""
    members = []
    rest = {}
    for name, value in params.items():
        if canonical(name, HOUSEHOLD_OPTIONS) == "member":
            members += ["" if v is None else str(v) for v in _values(value)]
        else:
            rest[name] = value
    # `--member=…`: a member that starts with "-" is still a member (and gets the member's message)
    return argv_from_params(rest, "household", HOUSEHOLD_OPTIONS)[:-1] + [f"--member={m}" for m in members] + ["--json"]


def household_answer(data, params_json):
    """The household's {"exit_code", "stdout", "stderr"} JSON text, from the page's params
    ({"region": "411325", "on": "2025-01-10", "member": ["category:tekun", "situation:newborn;born:2025-01-05"]}):
    what `python -m calculator household … --member … --json` prints, byte for byte."""
    return _answer(data, params_json, household_argv_from_params)


def _answer(data, params_json, to_argv):
    params = json.loads(params_json) if isinstance(params_json, str) else params_json
    try:
        argv = to_argv(params)
    except InputError as exc:
        return json.dumps({"exit_code": 2, "stdout": "", "stderr": f"错误: {exc}\n"}, ensure_ascii=False)
    code, out, err = run(argv, data=data)
    return json.dumps({"exit_code": code, "stdout": out, "stderr": err}, ensure_ascii=False)
