"""Intake: from a county's notice file to a reviewed notice in policy_data/ (issue 9).

    python -m intake draft FILE --region CODE --year YEAR [--policy-dir DIR] [--replace]
    python -m intake accept FILE.yaml [--figure KEY ...]
    python -m intake report FILE.yaml
    python -m intake diff OLD.yaml NEW.yaml [--json]

`draft` reads the notice (.txt in UTF-8 or GBK, .docx, .html, .pdf with a text layer), cuts it
into clauses by its own numbering, reads its metadata, and proposes the figures it can find,
each marked `proposed:` with the sentence it came from. Nothing proposed is published until a
person has checked it and run `accept` (build.py refuses drafts). policy_data/ADDING.md is the
clerk's guide.
"""
