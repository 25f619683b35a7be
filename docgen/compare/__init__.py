"""Outputs of a plan comparison (`kehoach diff`, `kehoach coverage`) for people to read.

Each module turns a `PlanDiff` or a `CoverageReport` (the contract in `extract.compare.model`) into one format,
e.g. `docgen.compare.html` into a single self-contained HTML file. Nothing is imported here, so
`import docgen.compare` stays cheap for the CLI; import the module of the format you need.
"""
