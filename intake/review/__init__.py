"""The review desk (`python -m intake review`, issue 22): a draft and its notice side by side in
a local browser page, each figure confirmed, corrected or filled by pointing at its words.

    reading.py   the one place the desk asks intake's reader: a selection's figures, the draft's
                 marks, the gate's findings (swap here when the sentence reader changes)
    fields.py    every field a resident's questions need, grouped as they ask, and their values
    state.py     what a person has done (confirmed, pointed, typed, "not in the notice", undo),
                 kept beside the draft as work in progress
    tryit.py     the calculator's answers for a few residents, from the current state
    server.py    the local HTTP server: 127.0.0.1, a token in every address, one file written
    page/        the page's HTML, script and style (served as files, under the site's strict CSP)
"""
