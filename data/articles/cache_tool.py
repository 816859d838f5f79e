"""Fill and verify the git-ignored cache of third-party article texts that the labels refer to.

The labels and index.csv are committed; the page texts are not. A text is found again with the
stored query (the retrieval key) and checked against the sha256 in index.csv.

    python data/articles/cache_tool.py from-search RESPONSE.json...   # search-tool answers (JSON) -> cache
    python data/articles/cache_tool.py add RECORDS.jsonl...           # {id, url, query, text} -> cache
    python data/articles/cache_tool.py verify                         # hashes, reserved URLs, label checks
    python data/articles/cache_tool.py legacy OUTDIR                  # labels + cached texts in the issue-7 gold shape
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
import unicodedata
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / "cache"
INDEX = HERE / "index.csv"
LABELS = HERE / "labels"
ROOT = HERE.parent.parent
RESERVED = ROOT.parent.parent / "shared" / "design" / "reserved-articles.txt"
UNITS = {"pre": ROOT / "data" / "units" / "units-0.6.0.csv", "post": ROOT / "data" / "units" / "units-2026.9.0.csv"}
REFORM = "2025-07-01"
SPLITS = ("dev", "holdout", "dev2", "holdout2", "dev3", "holdout3")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def sha256(text: str) -> str:
    return hashlib.sha256(nfc(text).encode("utf-8")).hexdigest()


def url_key(url: str) -> str:
    """A URL folded for comparison: percent-decoding, case, scheme, www./m., trailing slash."""
    u = nfc(urllib.parse.unquote(url.strip())).lower()
    for prefix in ("https://", "http://", "www.", "m."):
        if u.startswith(prefix):
            u = u[len(prefix):]
    return u.rstrip("/")


def reserved_keys() -> set[str]:
    path = Path(sys.argv[0]).resolve().parent / "reserved-articles.txt"
    for candidate in (RESERVED, path, Path("/work/shared/design/reserved-articles.txt")):
        if candidate.exists():
            return {url_key(l) for l in candidate.read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith("#")}
    return set()


def read_index() -> list[dict[str, str]]:
    with INDEX.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write_text(article_id: str, text: str) -> str:
    CACHE.mkdir(exist_ok=True)
    (CACHE / f"{article_id}.txt").write_text(nfc(text), encoding="utf-8")
    return sha256(text)


def add(paths: list[str]) -> None:
    """Write records {id, url, query, text} to the cache and print id, sha256 and length."""
    reserved = reserved_keys()
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            if url_key(rec["url"]) in reserved:
                sys.exit(f"reserved URL, not cached: {rec['url']}")
            digest = write_text(rec["id"], rec["text"])
            print(rec["id"], digest, len(nfc(rec["text"])), sep="\t")


def from_search(paths: list[str]) -> None:
    """Cache every result of saved search answers whose URL is a row of index.csv."""
    rows = {url_key(r["url"]): r for r in read_index()}
    for path in paths:
        answer = json.loads(Path(path).read_text(encoding="utf-8"))
        for result in answer.get("results", []):
            row = rows.get(url_key(result.get("url", "")))
            if row is None:
                continue
            digest = write_text(row["id"], result["excerpt"])
            print(row["id"], "ok" if digest == row["sha256"] else "HASH DIFFERS (page re-stored?)", sep="\t")


def _codes() -> dict[str, dict[str, tuple[str, str]]]:
    out: dict[str, dict[str, tuple[str, str]]] = {}
    for era, path in UNITS.items():
        with path.open(encoding="utf-8", newline="") as f:
            out[era] = {r["code"]: (r["level"], r["name"]) for r in csv.DictReader(f)}
    return out


def _strings(label: dict) -> list[tuple[str, str]]:
    """(where, text) of every field that must be printed in the article."""
    out: list[tuple[str, str]] = []
    for a in label["article"]["authors"]:
        out.append(("article.authors", a))
    for i, e in enumerate(label["events"]):
        for key in ("trigger_text", "organizer_text", "place_text"):
            if e.get(key):
                out.append((f"events[{i}].{key}", e[key]))
    for p in label["persons"]:
        out.append(("persons.name", p["name"]))
        if p["title_text"]:
            out.append(("persons.title_text", p["title_text"]))
        for pos in p["positions"]:
            if pos.get("organization_text"):
                out.append(("persons.positions.organization_text", pos["organization_text"]))
    for key in ("wu_organizations", "other_organizations"):
        for o in label[key]:
            out.append((key, o["name_text"]))
    for m in label["models"]:
        out.append(("models.written", m["written"]))
        for u in m["units_text"]:
            out.append(("models.units_text", u))
        if m.get("learned_from_text"):
            out.append(("models.learned_from_text", m["learned_from_text"]))
    for p in label["programmes"]:
        out.append(("programmes.written", p["written"]))
    for p in label["places"]:
        out.append(("places.text", p["text"]))
    for a in label["adoptions"]:
        out.append(("adoptions.unit_text", a["unit_text"]))
    return out


def _check_label(row: dict[str, str], label: dict, text: str | None, codes: dict) -> list[str]:
    problems = []
    era = "post" if (label["article"].get("era") or ("post" if row["published"] >= REFORM else "pre")) == "post" else "pre"
    if text is not None:
        for where, s in _strings(label):
            if nfc(s) not in text:
                problems.append(f"{where} not in text: {s!r}")
    units = codes[era]

    def code_ok(where: str, code: str | None, level: str | None = None) -> None:
        if code is None:
            return
        if code not in units:
            problems.append(f"{where}: code {code} not in the {era} list")
        elif level and level in ("province", "district", "commune") and units[code][0] != level:
            problems.append(f"{where}: code {code} is a {units[code][0]}, labelled {level}")

    for e in label["events"]:
        code_ok("events.unit_code", e["unit_code"])
    for o in label["wu_organizations"] + label["other_organizations"]:
        code_ok("organizations.unit_code", o["unit_code"], o["level"] if o["level"] != "central" else None)
    for p in label["places"]:
        code_ok("places.unit_code", p["unit_code"], p["level"])
        code_ok("places.parent_code", p.get("parent_code"))
    for m in label["models"]:
        for c in m["unit_codes"]:
            code_ok("models.unit_codes", c)
    for a in label["adoptions"]:
        code_ok("adoptions.unit_code", a["unit_code"])
    model_names = {m["name"] for m in label["models"]}
    for a in label["adoptions"]:
        if a["model"] not in model_names:
            problems.append(f"adoption of unknown model {a['model']!r}")
    return problems


def verify() -> int:
    """Check hashes, reserved URLs, ids and every label; print problems; return the exit status."""
    rows = read_index()
    reserved = reserved_keys()
    codes = _codes()
    bad = 0
    ids = [r["id"] for r in rows]
    if len(ids) != len(set(ids)):
        print("duplicate ids in index.csv"); bad += 1
    for row in rows:
        if row["split"] not in SPLITS:
            print(f"{row['id']}: unknown split {row['split']!r}"); bad += 1
    for row in rows:
        problems = []
        if url_key(row["url"]) in reserved:
            problems.append("URL is reserved")
        path = CACHE / f"{row['id']}.txt"
        text = path.read_text(encoding="utf-8") if path.exists() else None
        if text is not None:
            if sha256(text) != row["sha256"]:
                problems.append("sha256 differs from index.csv")
            if str(len(text)) != row["chars"]:
                problems.append("length differs from index.csv")
        label_path = LABELS / f"{row['id']}.json"
        if not label_path.exists():
            problems.append("no label file")
        else:
            problems += _check_label(row, json.loads(label_path.read_text(encoding="utf-8")), text, codes)
        for p in problems:
            print(f"{row['id']}: {p}")
        bad += bool(problems)
    missing = sum(not (CACHE / f"{r['id']}.txt").exists() for r in rows)
    print(f"{len(rows)} articles, {missing} not cached, {bad} with problems")
    return 1 if bad else 0


def legacy_shape(label: dict) -> dict:
    """A label in the older gold shape that `wugraph.extract.score` reads (issue 7): dated held events only,
    the first office (role) of a titled person as `position_text`, first author, no villages."""
    def first_position(person: dict) -> tuple[str | None, str | None]:
        pos = [p for p in person["positions"] if person["title_text"]]
        return (pos[0]["role"], pos[0]["organization_text"]) if pos else (None, None)
    return {
        "article": {"date": label["article"]["date"], "author": (label["article"]["authors"] or [None])[0]},
        "events": [{k: e[k] for k in ("type", "date", "place_text", "unit_code", "organizer_text", "participants_count")}
                   for e in label["events"] if e["status"] == "held" and e["date"]],
        "persons": [{"name": p["name"], "position_text": first_position(p)[0], "organization_text": first_position(p)[1]}
                    for p in label["persons"]],
        "organizations": [{"name_text": o["name_text"], "level": o["level"], "unit_code": o["unit_code"]}
                          for o in label["wu_organizations"] + label["other_organizations"]],
        "models": [{"name": m["name"], "units_text": m["units_text"]} for m in label["models"]],
        "places": [{"text": p["text"], "unit_code": p["unit_code"]} for p in label["places"] if p["level"] != "village"],
    }


def legacy(out: str) -> None:
    """Write NAME.txt + NAME.json pairs for `wugraph.extract.score.labelled_set`; held-out articles (holdout, holdout2, holdout3) get the prefix 'h_'."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for row in read_index():
        text_path = CACHE / f"{row['id']}.txt"
        if not text_path.exists():
            continue
        name = ("h_" if row["split"].startswith("holdout") else "") + row["id"]
        label = json.loads((LABELS / f"{row['id']}.json").read_text(encoding="utf-8"))
        (folder / f"{name}.txt").write_text(text_path.read_text(encoding="utf-8"), encoding="utf-8")
        (folder / f"{name}.json").write_text(json.dumps(legacy_shape(label), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written += 1
    print(f"{written} articles written to {folder}")


if __name__ == "__main__":
    command, args = (sys.argv[1], sys.argv[2:]) if len(sys.argv) > 1 else ("verify", [])
    if command == "add":
        add(args)
    elif command == "from-search":
        from_search(args)
    elif command == "legacy" and len(args) == 1:
        legacy(args[0])
    elif command == "verify":
        sys.exit(verify())
    else:
        sys.exit(__doc__)
