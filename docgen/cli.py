"""The `kehoach` command. Commands live in `docgen.commands.*`, one module each, registered here."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="kehoach",
    help="Extract, generate, compare and batch-process Vietnamese administrative plans (kế hoạch).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Order here is the order in --help. A module that is not present yet is skipped.
COMMAND_MODULES = [
    "extract_cmd",
    "schema_cmd",
    "eval_cmd",
    "render_cmd",
    "lint_cmd",
    "derive_cmd",
    "report_cmd",
    "diff_cmd",
    "eval_diff_cmd",
    "batch_cmd",
    "serve_cmd",
]


def _register_all() -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"docgen.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"docgen.commands.{name}":
                continue
            raise
        module.register(app)


_register_all()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
