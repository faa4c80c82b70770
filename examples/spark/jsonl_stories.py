#!/usr/bin/env python3
"""Stories in the JSON Lines input of `factlint check --input jsonl -`.

Cross-source rules (quotations worded differently, a figure or a date that differs, a draft
against its references) compare the articles of one story, and only within one run of
factlint. A map step over many articles must therefore give every article of a story to
the same run. This module says which story a line belongs to, and is shared by the Spark
job (lint_stories.py) and the GNU parallel example (scripts/parallel-example.sh):

    jsonl_stories.py split INPUT DIR          one JSON Lines file per story in DIR
    jsonl_stories.py keyed INPUT              the lines grouped by story, each after its
                                              story's key and a tab (for parallel --pipe)
    jsonl_stories.py group INPUT OUTPUT DIR   the output of one run over INPUT, per story

`split` and `group` write DIR/<story>.jsonl, the story's name percent-encoded (`%.jsonl` for the lines
with no story), so that the outputs of two ways of running factlint can be compared with
`diff -r`.
"""

import json
import os
import sys
import urllib.parse

# The story of the lines that name none: factlint puts all of them in one story.
NO_STORY = ""


def parse(line):
    """The JSON object of an input line, or None when it is not one."""
    try:
        obj = json.loads(line)
    except ValueError:
        return None
    return obj if isinstance(obj, dict) else None


def story_of(line):
    """(story, everywhere): the story an input line belongs to, and whether it goes to
    every story.

    A reference with no `story` joins every story of the run, so a partitioned run must
    give it to every partition. A line that is not a JSON object goes with the lines that
    name no story, and the run that reads it reports it.
    """
    obj = parse(line)
    if obj is None:
        return NO_STORY, False
    story = obj.get("story")
    if story is None:
        return NO_STORY, obj.get("role") == "reference"
    # A story that is not a string is an error factlint reports; it still needs a key.
    return (story if isinstance(story, str) else json.dumps(story)), False


def article_name(line, number):
    """The name factlint gives the article of an input line: the `path` of its
    diagnostics. `number` is the line's 1-based number in the input of that run."""
    obj = parse(line) or {}
    id_ = obj.get("id")
    if id_ is None:
        return f"<stdin>:{number}"
    if isinstance(id_, str):
        return id_
    return json.dumps(id_, separators=(",", ":"), ensure_ascii=False)


def with_id(line, number):
    """The line, with the id `<stdin>:NUMBER` when it has no `id` key.

    factlint names an article without an id by its line number in its own input; in a
    partitioned run that would be the number inside the partition. With the number of the
    line in the whole input, the name is the one a single run over the whole input gives.
    The id is written into the line's text, which is otherwise left as it is.
    """
    obj = parse(line)
    if obj is None or "id" in obj:
        return line
    rest = line.lstrip()[1:]
    sep = "" if rest.lstrip().startswith("}") else ","
    return '{"id":' + json.dumps(f"<stdin>:{number}") + sep + rest


def file_name(story):
    """The file of a story's lines: its name percent-encoded, `%` for no story."""
    return (urllib.parse.quote(story, safe="") or "%") + ".jsonl"


def read_lines(path):
    """The lines of a JSON Lines file, without their line breaks; blank lines kept, so
    that numbers stay those of the file."""
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [l.rstrip("\r") for l in lines]


def stories(input_path):
    """The lines of each story of the input, stories in order of their first line, lines
    in input order: the references that name no story are in every story, and lines
    without an id are named by their number in the input (`with_id`)."""
    out = {}
    everywhere = []
    for number, line in enumerate(read_lines(input_path), 1):
        if not line.strip():
            continue
        line = with_id(line, number)
        story, all_stories = story_of(line)
        if all_stories:
            everywhere.append(line)
            for lines in out.values():
                lines.append(line)
        else:
            out.setdefault(story, list(everywhere)).append(line)
    return out


def split(input_path, out_dir):
    """Writes the lines of each story of the input to its own file (see `stories`)."""
    os.makedirs(out_dir, exist_ok=True)
    for story, lines in stories(input_path).items():
        with open(os.path.join(out_dir, file_name(story)), "w", encoding="utf-8") as f:
            f.write("".join(l + "\n" for l in lines))
    return 0


def keyed(input_path):
    """Prints the lines of the input grouped by story (see `stories`), each after its
    story's file name and a tab, for `parallel --pipe --group-by 1 --colsep '\\t'`."""
    for story, lines in stories(input_path).items():
        key = file_name(story)
        sys.stdout.write("".join(f"{key}\t{l}\n" for l in lines))
    return 0


def group(input_path, output_path, out_dir):
    """Writes the diagnostics of one run over the whole input to one file per story, in
    the order of the run. Returns 2 when the output holds problems or names an article
    that no input line is."""
    story_by_name = {}
    stories = []
    number = 0
    for line in read_lines(input_path):
        number += 1
        if not line.strip():
            continue
        story, all_stories = story_of(line)
        if not all_stories:
            if story not in stories:
                stories.append(story)
            story_by_name.setdefault(article_name(line, number), story)
    per_story = {s: [] for s in stories}
    status = 0
    for line in read_lines(output_path):
        if not line.strip():
            continue
        obj = json.loads(line)
        if obj.get("type") == "problem":
            print(f"problem: {obj.get('path')}: {obj.get('message')}", file=sys.stderr)
            status = 2
            continue
        name = obj["primary"]["path"]
        if name not in story_by_name:
            print(f"a diagnostic names `{name}`, which is no input line's article", file=sys.stderr)
            status = 2
            continue
        per_story[story_by_name[name]].append(line)
    os.makedirs(out_dir, exist_ok=True)
    for story, lines in per_story.items():
        with open(os.path.join(out_dir, file_name(story)), "w", encoding="utf-8") as f:
            f.write("".join(l + "\n" for l in lines))
    return status


def main(argv):
    if len(argv) == 3 and argv[0] == "split":
        return split(argv[1], argv[2])
    if len(argv) == 2 and argv[0] == "keyed":
        return keyed(argv[1])
    if len(argv) == 4 and argv[0] == "group":
        return group(argv[1], argv[2], argv[3])
    print(__doc__.strip(), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
