"""Diff and coverage of two long plans after extraction; goal: a 20-page pair in ≤ 1 s, memory linear in size.

Builds plans with N tasks (under III. NHIỆM VỤ, GIẢI PHÁP and V. TỔ CHỤC THỰC HIỆN), and a revision with the
edits reviewers see: values raised, paragraphs reworded, moved, added and removed, subsections swapped. Prints
for N = 50, 200, 500 (and the 20-page size): pages, diff time, coverage time, extraction time of the same
pair (the baseline measured in the same run) and their ratio, the peak memory of the diff (tracemalloc) and
its growth per task, so a quadratic blow-up shows as a growing per-task figure.

    python bench/diff_bench.py [-n REPEATS] [--sizes 50,200,500]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

VERBS = [
    "Tổ chức",
    "Triển khai",
    "Tăng cường",
    "Đẩy mạnh",
    "Rà soát",
    "Hướng dẫn",
    "Kiểm tra",
    "Xây dựng",
    "Nâng cao",
    "Phối hợp",
]
OBJECTS = [
    "công tác tuyên truyền",
    "chuyển đổi số",
    "cải cách hành chính",
    "đào tạo nghề cho lao động nông thôn",
    "bồi dưỡng đội ngũ nhà giáo",
    "phát triển du lịch cộng đồng",
    "an toàn thực phẩm",
    "phòng, chống ma túy",
    "xây dựng nông thôn mới",
    "bảo vệ môi trường",
]
PLACES = [
    "tại các xã vùng sâu, vùng xa",
    "trên địa bàn tỉnh",
    "trong các cơ sở giáo dục",
    "ở các thôn, tổ dân phố",
    "tại các khu du lịch",
    "trong các doanh nghiệp",
]
AGENCIES = [
    "Sở Nội vụ",
    "Sở Tài chính",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Xây dựng",
    "Sở Công Thương",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Công an tỉnh",
    "Sở Tư pháp",
]


def task_text(rng: random.Random, i: int) -> str:
    return (
        f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(PLACES)}, giai đoạn {i % 7 + 1}, gắn với nhiệm vụ số "
        f"{i}; {rng.choice(VERBS).lower()} {rng.choice(OBJECTS)} bảo đảm chất lượng, hiệu quả, đúng tiến độ đề ra."
    )


def build(n_tasks: int, seed: int = 7) -> tuple[str, str]:
    """(old, new) plan texts with n_tasks tasks each, the new one revised. Tasks keep their group and agency
    by id, so the edits are exactly the ones listed below."""
    rng = random.Random(seed)
    tasks = {i: task_text(rng, i) for i in range(n_tasks)}
    group = {i: i // 10 for i in range(n_tasks)}
    n_targets = max(5, n_tasks // 10)
    targets = [
        f"Phấn đấu đến năm 2030, ít nhất {40 + i % 50}% {OBJECTS[i % len(OBJECTS)]} nhóm {i} đạt chuẩn theo quy định."
        for i in range(n_targets)
    ]

    def render(tasks: dict[int, str], group: dict[int, int], targets: list[str], order: list[int]) -> str:
        out = [
            "ỦY BAN NHÂN DÂN",
            "TỈNH THỬ NGHIỆM",
            "",
            "Số: 12/KH-UBND",
            "",
            "Thử Nghiệm, ngày 05 tháng 3 năm 2026",
            "",
            "KẾ HOẠCH",
            "Thực hiện các nhiệm vụ trọng tâm giai đoạn 2026 - 2030",
            "",
            "Căn cứ Nghị quyết số 14-NQ/TU ngày 13/5/2024 của Ban Chấp hành Đảng bộ tỉnh;",
            "",
            "I. MỤC ĐÍCH, YÊU CẦU",
            "",
            "1. Mục đích",
            "",
            "Cụ thể hóa các nhiệm vụ, giải pháp.",
            "",
            "II. MỤC TIÊU",
            "",
        ]
        out += [f"- {t}" for t in targets] + ["", "III. NHIỆM VỤ, GIẢI PHÁP", ""]
        for n, g in enumerate(order, 1):
            out += [f"{n}. Nhóm nhiệm vụ {g + 1}: {OBJECTS[g % len(OBJECTS)]} (đợt {g + 1})", ""]
            out += [f"- {t}" for i, t in tasks.items() if group.get(i) == g] + [""]
        out += [
            "IV. KINH PHÍ THỰC HIỆN",
            "",
            "Ngân sách nhà nước theo phân cấp hiện hành.",
            "",
            "V. TỔ CHỨC THỰC HIỆN",
            "",
        ]
        for k, agency in enumerate(AGENCIES, 1):
            mine = [tasks[i] for i in range(k - 1, n_tasks, len(AGENCIES))][:3]
            out += [f"{k}. {agency}", ""] + [f"- Chủ trì {t[0].lower()}{t[1:]}" for t in mine]
            out += [f"- Báo cáo kết quả về Sở Nội vụ trước ngày {10 + k}/12 hằng năm.", ""]
        out += [
            "Trên đây là Kế hoạch thực hiện các nhiệm vụ trọng tâm giai đoạn 2026 - 2030./.",
            "",
            "Nơi nhận:",
            "- Như mục V;",
            "- Lưu: VT.",
            "",
            "TM. ỦY BAN NHÂN DÂN",
            "CHỦ TỊCH",
            "",
            "Nguyễn Văn A",
        ]
        return "\n".join(out) + "\n"

    order = list(range((n_tasks + 9) // 10))
    old = render(tasks, group, targets, order)
    new_tasks, new_group = dict(tasks), dict(group)
    for i in range(0, n_tasks, 17):  # reworded
        new_tasks[i] = new_tasks[i].replace("bảo đảm chất lượng", "bảo đảm thực chất, chất lượng")
    for i in range(5, n_tasks, 29):  # removed, and another added in its place
        new_tasks[i] = task_text(random.Random(i * 31), n_tasks + i)
    if n_tasks > 20:  # a task moved to another group
        new_group[n_tasks - 2] = 0
    new_targets = [t.replace("ít nhất 4", "ít nhất 5", 1) if k % 4 == 0 else t for k, t in enumerate(targets)]
    new_order = order[:]
    if len(order) > 3:  # two groups swapped (renumbered, not a change)
        new_order[1], new_order[2] = new_order[2], new_order[1]
    return old, render(new_tasks, new_group, new_targets, new_order)


def measure(n_tasks: int, repeats: int) -> dict:
    from extract.compare import coverage, diff_plans
    from extract.pipeline import extract_text

    old_text, new_text = build(n_tasks)
    t0 = time.perf_counter()
    old, new = extract_text(old_text, file="old.md"), extract_text(new_text, file="new.md")
    diff_plans(old, new)  # warm-up (caches, rapidfuzz)
    times, cov, base = [], [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        d = diff_plans(old, new)
        times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        coverage(old, new)
        cov.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        extract_text(old_text, file="old.md")
        extract_text(new_text, file="new.md")
        base.append(time.perf_counter() - t0)
    tracemalloc.start()
    diff_plans(old, new)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    words = len(old_text.split())
    return {
        "tasks": n_tasks,
        "pages": words / 500,
        "kb": len(old_text.encode()) / 1024,
        "changes": len(d.changes),
        "diff": statistics.median(times),
        "coverage": statistics.median(cov),
        "extract": statistics.median(base),
        "peak_mb": peak / 2**20,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=5, help="repeats per size (median)")
    ap.add_argument("--sizes", default="50,200,500")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    # the 20-page pair: about 10,000 words (500 words a page)
    twenty = next(n for n in range(50, 2000, 10) if len(build(n)[0].split()) >= 10_000)
    rows = [measure(n, args.n) for n in sorted(set(sizes + [twenty]))]
    print(
        f"{'tasks':>6} {'pages':>6} {'KB':>6} {'changes':>7} {'diff s':>7} {'cover s':>7} "
        f"{'extract s':>9} {'diff/extract':>12} {'peak MB':>8} {'KB/task':>8}"
    )
    for r in rows:
        print(
            f"{r['tasks']:>6} {r['pages']:>6.1f} {r['kb']:>6.0f} {r['changes']:>7} {r['diff']:>7.3f} "
            f"{r['coverage']:>7.3f} {r['extract']:>9.3f} {r['diff'] / r['extract']:>12.2f} "
            f"{r['peak_mb']:>8.1f} {r['peak_mb'] * 1024 / r['tasks']:>8.1f}"
        )
    t = next(r for r in rows if r["tasks"] == twenty)
    print(
        f"20-page pair ({twenty} tasks, {t['pages']:.1f} pages): diff {t['diff']:.3f} s after extraction (goal <= 1 s)"
    )
    small, large = rows[0], rows[-1]
    growth = (large["peak_mb"] / small["peak_mb"]) / (large["tasks"] / small["tasks"])
    print(
        f"memory growth {small['tasks']} → {large['tasks']} tasks: x{large['peak_mb'] / small['peak_mb']:.1f} for "
        f"x{large['tasks'] / small['tasks']:.0f} the tasks (1.0 = linear; {growth:.2f})"
    )


if __name__ == "__main__":
    main()
