#!/usr/bin/env python3
"""The issue's yardstick, measured on this machine: a plain Python script with
Jinja2 (said to render about 1,600 such speeches per second elsewhere).

Usage: jinja2_reference.py PROFILES_DIR SAMPLE_SPEECH.txt

`cargo bench --bench batch` runs it when python3 has jinja2, with the bench's
profiles and one speech the batch wrote for the first of them. The Jinja2
template is that speech with every profile value put back as a variable, so
it has the same length and about the same number of substitutions. Prints
two lines: speeches per second rendering only, and reading the TOML,
rendering and writing each file (one thread, as a plain script would).
"""

import pathlib
import sys
import tempfile
import time
import tomllib

import jinja2


def leaves(value, path):
    """(Jinja2 expression, text) for every string in a profile."""
    if isinstance(value, str):
        if len(value) >= 2:
            yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from leaves(item, f"{path}[{i}]")


def template_of(sample, profile):
    # Longest values first, so that a value inside a longer one is not cut out of it.
    text = sample.replace("{", "{{ '{' }}")
    for expr, value in sorted(leaves(profile, ""), key=lambda x: -len(x[1])):
        text = text.replace(value, "{{ " + expr + " }}")
    return text


def main():
    profiles_dir, sample = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    paths = sorted(profiles_dir.glob("*.toml"))
    first = tomllib.loads(paths[0].read_text(encoding="utf-8"))
    source = template_of(sample.read_text(encoding="utf-8"), first)
    template = jinja2.Environment(autoescape=False).from_string(source)

    contexts = [tomllib.loads(p.read_text(encoding="utf-8")) for p in paths]
    start = time.perf_counter()
    chars = sum(len(template.render(c)) for c in contexts)
    render_only = time.perf_counter() - start

    with tempfile.TemporaryDirectory(dir=profiles_dir.parent) as out:
        out = pathlib.Path(out)
        start = time.perf_counter()
        for p in paths:
            context = tomllib.loads(p.read_text(encoding="utf-8"))
            (out / (p.stem + ".txt")).write_text(template.render(context), encoding="utf-8")
        whole = time.perf_counter() - start

    n = len(paths)
    print(f"jinja2 render {n} {render_only:.3f} {chars / n:.0f}")
    print(f"jinja2 read-render-write {n} {whole:.3f}")


if __name__ == "__main__":
    main()
