#!/usr/bin/env python3
"""Writes the example input of the pipeline examples: one JSON Lines article per line.

The articles are the repository's own examples, listed in articles.tsv beside this file:
the two reports of examples/baghdad as the story "baghdad", and the draft of
examples/draft with its two wires as the story "ferry", the wires as references.

Each line is {"id", "story", "role", "text"}. The text is the file as it is, front matter
or leading date line included: factlint reads them from the text as it does from a file
(the line's own fields would win), so the positions of the findings are those of the
files, and `id` is the file's path.

Usage: make_input.py [OUT]   (standard output without OUT)
"""

import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def articles():
    """The (story, role, path) rows of articles.tsv, in order."""
    rows = []
    for n, line in enumerate((HERE / "articles.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3:
            sys.exit(f"{HERE / 'articles.tsv'}:{n}: expected story, role and path separated by tabs")
        rows.append(tuple(fields))
    return rows


def lines():
    """The JSON Lines text of the example input."""
    out = []
    for story, role, path in articles():
        text = (ROOT / path).read_text(encoding="utf-8")
        article = {"id": path, "story": story, "role": role, "text": text}
        out.append(json.dumps(article, ensure_ascii=False) + "\n")
    return "".join(out)


def main():
    text = lines()
    if len(sys.argv) > 1:
        pathlib.Path(sys.argv[1]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
