"""Imported by the fork server (and by each worker): load the pipeline, the spaCy agency matcher, the readers
and the compiled patterns once, by extracting a small sample plan, so every worker forked from it starts warm
(a worker is recycled after a thousand documents; without this each one would recompile everything and
import lxml and pdfplumber/pdfminer again on its first .docx or .pdf).

Last, the warm heap is frozen (`gc.freeze`): the workers' collections then never walk it — cheap per-document
collections — and never write to its objects' GC headers, so its pages stay shared with the fork server
instead of being copied into every worker."""

import gc
import importlib

from ..agencies import nlp
from ..pipeline import extract_document, extract_text  # noqa: F401
from .work import plan_rows, process_task  # noqa: F401

# Readers and the libraries they import lazily; a missing optional dependency is the reader's business.
_READER_MODULES = [
    "extract.readers.text",
    "extract.readers.docx",
    "extract.readers.doc",
    "extract.readers.pdf",
    "pdfplumber",
    "pdfplumber.utils",
    "pdfminer.layout",
]

_SAMPLE = """ỦY BAN NHÂN DÂN
HUYỆN MẪU
Số: 1/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Mẫu, ngày 02 tháng 01 năm 2025
KẾ HOẠCH
Thực hiện chuyển đổi số năm 2025
Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Nâng cao hiệu quả quản lý.
II. MỤC TIÊU
- Phấn đấu đến năm 2030, 100% hồ sơ được xử lý trên môi trường mạng.
- Đạt ít nhất 80% người dân sử dụng dịch vụ công trực tuyến.
III. NHIỆM VỤ, GIẢI PHÁP
1. Hoàn thiện thể chế
- Rà soát quy định, hoàn thành trước ngày 30/6/2025.
IV. KINH PHÍ
- Ngân sách nhà nước.
V. TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa và Thông tin
Chủ trì, phối hợp với Sở Nội vụ triển khai Kế hoạch; báo cáo kết quả trước ngày 15/12 hằng năm.
2. Các xã, thị trấn
Tổ chức thực hiện.
Nơi nhận:
- UBND tỉnh;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn A
"""


def _warm() -> None:
    for name in _READER_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # ImportError, or a broken optional library: the reader reports it per document
            pass
    nlp()
    try:
        from .work import Task

        plan = extract_text(_SAMPLE, file="warm-up.txt")
        plan_rows(plan, Task(hash="warm-up", display="warm-up.txt", size=len(_SAMPLE)))
    except Exception:  # warming up must never stop a worker
        pass
    gc.collect()
    gc.freeze()


_warm()
