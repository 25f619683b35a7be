"""The `kehoach` command. Each command is a plain typed function in a module of `docgen.commands`, registered
here; those modules import only typer at load time (the heavy libraries inside the functions), so
`kehoach --help` stays fast."""

from __future__ import annotations

import typer

from docgen.commands import (
    batch_cmd,
    derive_cmd,
    diff_cmd,
    eval_cmd,
    eval_diff_cmd,
    extract_cmd,
    lint_cmd,
    render_cmd,
    report_cmd,
    schema_cmd,
    serve_cmd,
)

app = typer.Typer(
    name="kehoach",
    help="Extract, generate, compare and batch-process Vietnamese administrative plans (kế hoạch).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# The order here is the order in --help.
app.command("extract")(extract_cmd.extract)
app.command("schema")(schema_cmd.schema)
app.command("eval")(eval_cmd.evaluate)
app.command("render")(render_cmd.render)
app.command("lint")(lint_cmd.lint)
app.command("derive")(derive_cmd.derive_plan)
app.command("results-template")(report_cmd.results_template)
app.command("results-merge")(report_cmd.results_merge)
app.command("report")(report_cmd.report)
app.command("diff")(diff_cmd.diff)
app.command("coverage")(diff_cmd.coverage)
app.command("eval-diff")(eval_diff_cmd.eval_diff)
app.command("batch")(batch_cmd.batch)
app.command("query")(batch_cmd.query)
app.command("export")(batch_cmd.export)
app.command("serve")(serve_cmd.serve)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
