"""Command line: `python -m analysis build` and friends."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from analysis import paths
from analysis.dataset.build import build
from analysis.dataset.errors import DatasetError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build_command = commands.add_parser("build", help="check the annotations and build data/tables and datapackage.json")
    build_command.add_argument("--data-dir", type=Path, default=paths.DATA, help="the data folder (default: %(default)s)")
    build_command.add_argument(
        "--citation", action="store_true", help="then write the sources into CITATION.cff's references (as `citation`)"
    )
    assets = commands.add_parser(
        "assets", help="write the book's static files: Vega, Vega-Lite and Vega-Embed, and the map's boundaries"
    )
    assets.add_argument("--out", type=Path, default=paths.ROOT / "book" / "_static" / "vega-bundle.js")
    cache = commands.add_parser("refresh-cache", help="empty the notebook execution cache if the data or the package changed")
    cache.add_argument("--cache-dir", type=Path, default=paths.ROOT / "_build" / ".jupyter_cache")
    cache.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="chapters executed at once (default: the cores)")
    cache.add_argument("--timeout", type=int, default=600, help="seconds a cell may run (as _config.yml's execute.timeout)")
    new = commands.add_parser("new-source", help="copy a text into data/raw and start its annotation file")
    new.add_argument("text_file", type=Path, help="the article text (UTF-8), copied unchanged")
    new.add_argument("--id", required=True, dest="source_id", help="stable id, e.g. khan2026")
    new.add_argument("--author", required=True, help="whose arguments the text carries")
    new.add_argument("--reporter", help="who wrote the text, when it reports the author second-hand")
    new.add_argument("--title", required=True)
    new.add_argument("--venue", required=True)
    new.add_argument("--genre", default="opinion-analysis article", help="opinion-analysis article | summary of an article")
    new.add_argument("--published", required=True, help="ISO date YYYY-MM-DD, padded")
    new.add_argument("--precision", default="day", dest="published_precision", help="day | month | year")
    new.add_argument("--date-note", dest="published_note")
    new.add_argument("--url", help="the web address the text was captured from")
    new.add_argument("--retrieved", help="ISO date YYYY-MM-DD the text was captured from that address")
    new.add_argument("--data-dir", type=Path, default=paths.DATA)
    progress_command = commands.add_parser("progress", help="what is left to code in a source, and what is wrong")
    progress_command.add_argument("source_id")
    progress_command.add_argument("--data-dir", type=Path, default=paths.DATA)
    cite = commands.add_parser("citation", help="write the sources into the references of CITATION.cff")
    cite.add_argument("--data-dir", type=Path, default=paths.DATA)
    agreement = commands.add_parser("reliability", help="agreement between the two codings, and what is left to adjudicate")
    agreement.add_argument("--todo", action="store_true", help="append a skeleton entry for each unadjudicated disagreement")
    agreement.add_argument("--data-dir", type=Path, default=paths.DATA)
    export = commands.add_parser("export", help="write the dataset as Web Annotations, a REFI-QDA project and Argdown")
    export.add_argument("--data-dir", type=Path, default=paths.DATA, help="the data folder (default: %(default)s)")
    export.add_argument("--out", type=Path, default=paths.ROOT / "_build", help="files go to OUT/exports/ (default: %(default)s)")
    arguments = parser.parse_args(argv)

    if arguments.command == "reliability":
        return _reliability(arguments.data_dir, arguments.todo)

    if arguments.command == "new-source":
        from analysis.dataset.scaffold import NewSource, scaffold

        fields = {k: getattr(arguments, k) for k in NewSource.__dataclass_fields__ if hasattr(arguments, k)}
        try:
            path = scaffold(arguments.text_file, NewSource(**fields), arguments.data_dir)
        except (ValueError, FileExistsError, UnicodeDecodeError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        print(f"wrote {path}\nnext: code it, then run `python -m analysis progress {arguments.source_id}`")
        return 0
    if arguments.command == "progress":
        from analysis.dataset.scaffold import progress, refresh_checklist
        from analysis.report.findings import uninterpreted

        try:
            report = progress(arguments.source_id, arguments.data_dir, uninterpreted)
        except FileNotFoundError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        except DatasetError as error:  # a file that is not readable YAML: nothing to report on
            print("\n".join(str(problem) for problem in error.problems), file=sys.stderr)
            return 1
        print("\n".join(report.lines()))
        annotation = arguments.data_dir / "annotations" / "sources" / f"{arguments.source_id}.yaml"
        if refresh_checklist(annotation, report.checklist):
            print(f"(refreshed the list of sentences to code at the top of {annotation})")
        return 0 if not (report.problems or report.elsewhere) else 1

    if arguments.command == "citation":
        _citation(arguments.data_dir)
        return 0

    if arguments.command == "refresh-cache":
        from analysis.book.cache import execute, refresh, stamp_outputs
        from analysis.book.notebooks import chapters

        emptied = refresh(arguments.cache_dir)
        print("execution cache emptied: inputs changed" if emptied else "execution cache kept: inputs unchanged")
        runs = execute(arguments.cache_dir, chapters(), arguments.jobs, arguments.timeout)
        changed = stamp_outputs(arguments.cache_dir, chapters())
        for run in runs:
            where = run.chapter.relative_to(paths.ROOT)
            print(
                f"{where}: executed ahead of the build in {run.seconds:.2f} s"
                if run.error is None
                else f"error: {where}: {run.error}"
            )
        failed = [run for run in runs if run.error is not None]
        if runs:
            print(f"{len(runs) - len(failed)} of {len(runs)} chapters executed, {min(arguments.jobs, len(runs))} at a time")
            names = ", ".join(chapter.stem for chapter in changed) or "none"
            print(f"chapters whose outputs changed (the build re-reads these): {names}")
        return 1 if failed else 0

    if arguments.command == "assets":
        from analysis.book.assets import write_region, write_vega_bundle

        write_vega_bundle(arguments.out)
        write_region(static=arguments.out.parent)
        print(f"wrote {arguments.out} and the map's region in {arguments.out.parent}")
        return 0

    if arguments.command == "export":
        from analysis.exports.bundle import write
        from analysis.exports.records import ExportError

        try:
            written = write(arguments.out, arguments.data_dir)
        except ExportError as error:
            print(error, file=sys.stderr)
            return 1
        print("\n".join(f"wrote {path}" for path in written))
        return 0

    if arguments.command == "build":
        try:
            report = build(arguments.data_dir)
        except (DatasetError, RuntimeError) as error:
            print(error, file=sys.stderr)
            return 1
        print("\n".join(report.lines()))
        if arguments.citation:
            _citation(arguments.data_dir)
    return 0


def _citation(data_dir: Path) -> None:
    from analysis.book.citation import CITATION, update_references
    from analysis.dataset.load import load

    changed = update_references(load(data_dir))
    print(f"{CITATION.name}: references {'updated from' if changed else 'already match'} the sources")


def _reliability(data_dir: Path, write_todo: bool) -> int:
    from analysis.dataset import reliability
    from analysis.dataset.annotations import read_inputs
    from analysis.dataset.build import compared_pairs
    from analysis.dataset.validate import check

    try:
        inputs = read_inputs(data_dir)
        checked = check(inputs)
        pairs = compared_pairs([source.meta["id"] for source in checked.sources], set())
        codings, comparison = reliability.measure(checked, inputs.reliability_dir, pairs)
    except DatasetError as error:
        print(error, file=sys.stderr)
        return 1
    for row in comparison.agreement:
        alpha = "n/a" if row["alpha"] is None else f"{row['alpha']:.3f} [{row['alpha_low']}, {row['alpha_high']}]"
        print(f"  {row['measure_id']:<32} {row['scope']:<24} units {row['n_units']:>5}  agree {row['n_agree']:>5}  alpha {alpha}")
    adjudications, problems = reliability.read_adjudication(inputs.reliability_dir)
    for problem in problems:
        print(problem, file=sys.stderr)
    pending = reliability.todo(comparison, adjudications)
    print(f"{len(comparison.disagreements)} disagreements, {len(pending)} not yet adjudicated")
    if write_todo and pending:
        for path, entries in reliability.todo_yaml(comparison, adjudications, codings, inputs.reliability_dir).items():
            path.parent.mkdir(parents=True, exist_ok=True)
            text = path.read_text(encoding="utf-8") if path.exists() else "adjudications:\n"
            path.write_text(text.rstrip("\n") + "\n" + entries, encoding="utf-8")
            print(f"appended {entries.count('  - kind:')} entries to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
