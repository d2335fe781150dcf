"""Command line: `python -m analysis build` and friends."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import paths
from .build import build
from .errors import DatasetError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build_command = commands.add_parser("build", help="check the annotations and build data/tables and datapackage.json")
    build_command.add_argument("--data-dir", type=Path, default=paths.DATA, help="the data folder (default: %(default)s)")
    assets = commands.add_parser("assets", help="write the book's static JavaScript (Vega, Vega-Lite, Vega-Embed)")
    assets.add_argument("--out", type=Path, default=paths.ROOT / "book" / "_static" / "vega-bundle.js")
    cache = commands.add_parser("refresh-cache", help="empty the notebook execution cache if the data or the package changed")
    cache.add_argument("--cache-dir", type=Path, default=paths.ROOT / "_build" / ".jupyter_cache")
    arguments = parser.parse_args(argv)

    if arguments.command == "refresh-cache":
        from .cache import refresh

        emptied = refresh(arguments.cache_dir)
        print("execution cache emptied: inputs changed" if emptied else "execution cache kept: inputs unchanged")
        return 0

    if arguments.command == "assets":
        from .assets import write_vega_bundle

        write_vega_bundle(arguments.out)
        print(f"wrote {arguments.out}")
        return 0

    if arguments.command == "build":
        try:
            report = build(arguments.data_dir)
        except DatasetError as error:
            print(error, file=sys.stderr)
            return 1
        print("\n".join(report.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
