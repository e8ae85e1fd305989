"""The browser's entry point (Pyodide): the page's form or URL fragment → the CLI's answer.

It builds the same argv the command line would receive and runs `cli.run`, so the JSON in
`#quote[data-json]` is the command line's JSON, byte for byte.
"""

import json

from .cli import run

_FLAGS = ("region", "year", "on", "tier", "situation", "born", "since", "lapse_years", "repaid_years")


def argv_from_params(params):
    """`params` maps names to a string or a list of strings (as the fragment carries them)."""
    argv = ["quote"]
    for name in _FLAGS:
        value = params.get(name)
        if isinstance(value, list):
            value = value[-1] if value else None
        if value not in (None, ""):
            argv += ["--" + name.replace("_", "-"), str(value)]
    categories = params.get("category") or []
    for one in [categories] if isinstance(categories, str) else categories:
        if one:
            argv += ["--category", str(one)]
    insured = params.get("parent_insured")
    if isinstance(insured, list):
        insured = insured[-1] if insured else None
    if insured in (True, "1", "true", "yes", "on"):
        argv.append("--parent-insured")
    return argv + ["--json"]


def answer(data, params_json):
    """Returns JSON text {"exit_code", "stdout", "stderr"}; never raises on user input."""
    params = json.loads(params_json) if isinstance(params_json, str) else params_json
    code, out, err = run(argv_from_params(params), data=data)
    return json.dumps({"exit_code": code, "stdout": out, "stderr": err}, ensure_ascii=False)
