"""The Vietnamese a clerk reads in the terminal and the HTML views: one table of strings, so wording is
changed in one place and no view carries English. Keys are English identifiers; values are format strings.

`M[key]` for fixed texts; `KIND_VI` names each diff change kind, `GROUP_VI` each group, `STATUS_VI` each
coverage status and `REASON_VI` each coverage reason.
"""

from __future__ import annotations

M: dict[str, str] = {
    # report
    "report_todo": "Cần viết trước khi trình ký ({n} chỗ đánh dấu vàng trong báo cáo):",
}
