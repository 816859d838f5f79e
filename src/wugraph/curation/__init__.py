"""Curation: extracted articles wait in a staging area until a steward reviews them beside their evidence.

`area` (the staging folder), `candidates` (a document graph cut into reviewable facts), `names` and
`resolve` (one model, one person, the right unit across articles and against the graph), `edits`
(corrections of single candidates), `assemble` (the graph an accepted article contributes),
`state` (decisions, and how a decision reaches the store without tearing), `workspace` (all of
it loaded together), `review` (the operations) and `views` (what the CLI and /review show).
No Flask and no click here: `cli/review.py` and `web/review.py` are thin layers over it.
"""
