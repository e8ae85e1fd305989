"""The browser's entry point (Pyodide): the page's form or URL fragment → the CLI's answer.

It builds the same argv the command line would receive and runs `cli.run`, so the JSON in
`#quote[data-json]` is the command line's JSON, byte for byte.
"""

import json

from .cli import run

# The command line's option order, so the page and `python -m calculator` build the same argv.
_ORDER = ("region", "year", "on", "category", "tier", "situation", "born", "since",
          "parent_insured", "lapse_years", "repaid_years")


def _last(value):
    if isinstance(value, list):
        return value[-1] if value else None
    return value


def argv_from_params(params):
    """`params` maps names to a string or a list of strings (as the fragment carries them)."""
    argv = ["quote"]
    for name in _ORDER:
        flag = "--" + name.replace("_", "-")
        if name == "category":
            values = params.get(name) or []
            for one in [values] if isinstance(values, str) else values:
                if one:
                    argv += [flag, str(one)]
        elif name == "parent_insured":
            if _last(params.get(name)) in (True, "1", "true", "yes", "on"):
                argv.append(flag)
        else:
            value = _last(params.get(name))
            if value not in (None, ""):
                argv += [flag, str(value)]
    return argv + ["--json"]


def answer(data, params_json):
    """Returns JSON text {"exit_code", "stdout", "stderr"}; never raises on user input."""
    params = json.loads(params_json) if isinstance(params_json, str) else params_json
    code, out, err = run(argv_from_params(params), data=data)
    return json.dumps({"exit_code": code, "stdout": out, "stderr": err}, ensure_ascii=False)
