"""The Vietnamese a clerk reads: the terminal tables of diff / coverage / lint, the HTML diff and coverage
views, the coverage workbook and the report's to-do. One table of strings, so the wording is changed in one
place and no view carries English. Keys are English identifiers; values are `str.format` templates.

    M[key]            fixed texts and templates of the views
    GROUP_VI[group]   a group of diff changes ("header" → "Phần đầu văn bản")
    KIND_VI[kind]     a kind of diff change, as a short noun phrase
    CHANGE_VI[kind]   one line describing a change (fields: see docgen/compare/wording.py)
    FIELD_VI, ROW_STATUS_VI, STATUS_VI, ITEM_KIND_VI, REASON_VI, HOW_VI, SEVERITY_VI
CLI help and errors for technical users stay English.
"""

from __future__ import annotations

GROUP_VI = {
    "header": "Phần đầu văn bản",
    "legal": "Căn cứ",
    "section": "Mục",
    "target": "Chỉ tiêu",
    "agency": "Cơ quan",
    "role": "Vai trò",
    "task": "Nhiệm vụ chuyển cơ quan",
    "deadline": "Thời hạn",
    "paragraph": "Đoạn văn",
    "text": "Nội dung",
}

KIND_VI = {
    "header_changed": "sửa phần đầu",
    "legal_added": "thêm căn cứ",
    "legal_removed": "bỏ căn cứ",
    "legal_changed": "sửa căn cứ",
    "section_added": "thêm mục",
    "section_removed": "bỏ mục",
    "section_renamed": "đổi tên mục",
    "target_added": "thêm chỉ tiêu",
    "target_removed": "bỏ chỉ tiêu",
    "target_raised": "nâng chỉ tiêu",
    "target_lowered": "hạ chỉ tiêu",
    "target_range_changed": "đổi khoảng chỉ tiêu",
    "target_qualifier_changed": "đổi mức cam kết",
    "target_year_changed": "đổi năm đạt chỉ tiêu",
    "agency_added": "thêm cơ quan",
    "agency_removed": "bỏ cơ quan",
    "agency_renamed": "đổi tên cơ quan",
    "role_changed": "đổi vai trò",
    "task_moved": "chuyển nhiệm vụ",
    "agency_moved": "chuyển khối nhiệm vụ",
    "deadline_changed": "đổi thời hạn",
    "paragraph_added": "thêm đoạn",
    "paragraph_removed": "bỏ đoạn",
    "paragraph_moved": "chuyển đoạn",
    "paragraph_reworded": "sửa lời",
    "text_added": "thêm dòng",
    "text_removed": "bỏ dòng",
    "text_changed": "sửa dòng",
}

CHANGE_VI = {
    "header_changed": "{field}: {old_value} → {new_value}",
    "legal_added": "Thêm căn cứ: {new_text}",
    "legal_removed": "Bỏ căn cứ: {old_text}",
    "legal_changed": "Sửa căn cứ: {old_text} → {new_text}",
    "section_added": "Thêm mục {new_section} {new_text} ({paragraphs} đoạn{moved_in})",
    "section_removed": "Bỏ mục {old_section} {old_text} ({paragraphs} đoạn)",
    "section_renamed": "Đổi tên mục {new_section}: {words}",
    "target_added": "Thêm chỉ tiêu {new_value}: {new_text}",
    "target_removed": "Bỏ chỉ tiêu {old_value}: {old_text}",
    "target_raised": "Nâng chỉ tiêu {old_value} → {new_value}: {indicator}",
    "target_lowered": "Hạ chỉ tiêu {old_value} → {new_value}: {indicator}",
    "target_range_changed": "Đổi khoảng chỉ tiêu {old_value} → {new_value}: {indicator}",
    "target_qualifier_changed": "Đổi mức cam kết {old_value} → {new_value}: {indicator}",
    "target_year_changed": "Đổi năm đạt chỉ tiêu {old_value} → {new_value}: {indicator}",
    "agency_added": "Thêm cơ quan: {new_value}",
    "agency_removed": "Bỏ cơ quan: {old_value}",
    "agency_renamed": "Đổi tên cơ quan ({how}): {old_value} → {new_value}",
    "role_changed": "Đổi vai trò của {agency}: {old_role} → {new_role}",
    "task_moved": "Chuyển nhiệm vụ từ {old_value} sang {new_value}: {new_text}",
    "agency_moved": "Chuyển khối nhiệm vụ của {agency}: {from_place} → {to_place}",
    "deadline_changed": "Đổi thời hạn: {old_value} → {new_value}",
    "paragraph_added": "Thêm đoạn ở mục {new_section}: {new_text}",
    "paragraph_removed": "Bỏ đoạn ở mục {old_section}: {old_text}",
    "paragraph_moved": "Chuyển đoạn từ mục {old_section} sang mục {new_section}{reworded}: {new_text}",
    "paragraph_reworded": "Sửa lời ở mục {new_section}: {words}",
    "text_added": "Thêm dòng: {new_text}",
    "text_removed": "Bỏ dòng: {old_text}",
    "text_changed": "Sửa dòng: {words}",
}

FIELD_VI = {
    "number_symbol": "Số, ký hiệu",
    "date": "Ngày ban hành",
    "title": "Trích yếu",
    "issuing_body": "Cơ quan ban hành",
    "place": "Địa danh",
    "doc_type": "Loại văn bản",
    "signer": "Người ký",
    "governing_body": "Cơ quan chủ quản",
    "level": "Cấp",
    "number": "Số",
    "symbol": "Ký hiệu",
    "convention": "Kiểu số, ký hiệu",
}

HOW_VI = {"merger": "hợp nhất năm 2025", "name": "đổi tên", "tasks": "cùng nhiệm vụ, tên khác"}
ROLE_VI = {
    "standing": "thường trực",
    "lead": "chủ trì",
    "coordinate": "phối hợp",
    "requested": "đề nghị",
    "assigned": "được giao",
}

ROW_STATUS_VI = {"equal": "giữ nguyên", "reworded": "sửa lời", "added": "thêm", "removed": "bỏ", "moved": "chuyển chỗ"}
STATUS_VI = {
    "covered": "Đã bao phủ",
    "weakened": "Bị giảm nhẹ",
    "missing": "Thiếu",
    "not_applicable": "Không áp dụng ở cấp dưới",
}
ITEM_KIND_VI = {"target": "Mục tiêu", "task": "Nhiệm vụ", "responsibility": "Trách nhiệm"}
BY_VI = {"origin": "theo nguồn gốc", "similarity": "theo nội dung", "none": "—"}

# the coverage engine's reason codes, worded for the document (values as the plans write them)
REASON_VI = {
    "target_below": "chỉ tiêu {child} thấp hơn cấp trên ({parent})",
    "ceiling_above": "mức trần {child} cao hơn cấp trên ({parent})",
    "horizon_later": "năm đạt {child} muộn hơn cấp trên ({parent})",
    "qualifier_weaker": "mức yêu cầu '{child}' thấp hơn '{parent}' của cấp trên",
    "deadline_later": "thời hạn '{child}' muộn hơn cấp trên ('{parent}')",
    "role_weaker": "cấp trên giao {parent}, cấp dưới chỉ {child}",
    "tasks_missing": "chỉ có {child}/{parent} nhiệm vụ của cấp trên",
    "not_applicable": "không áp dụng ở cấp dưới — {parent}",
}
REASON_TASK_VI = "nhiệm vụ '{task}': {text}"

# the note column of the tracked-changes comparison (.docx): a kind of change as a document words it
NOTE_KIND_VI = {
    "header_changed": "Sửa đổi thông tin văn bản",
    "legal_added": "Bổ sung căn cứ",
    "legal_removed": "Bỏ căn cứ",
    "legal_changed": "Sửa đổi căn cứ",
    "section_added": "Bổ sung mục",
    "section_removed": "Bỏ mục",
    "section_renamed": "Đổi tên mục",
    "target_added": "Bổ sung chỉ tiêu",
    "target_removed": "Bỏ chỉ tiêu",
    "target_raised": "Nâng chỉ tiêu",
    "target_lowered": "Giảm chỉ tiêu",
    "target_range_changed": "Thay đổi khoảng chỉ tiêu",
    "target_qualifier_changed": "Thay đổi mức yêu cầu của chỉ tiêu",
    "target_year_changed": "Thay đổi năm đạt chỉ tiêu",
    "agency_added": "Bổ sung cơ quan",
    "agency_removed": "Bỏ cơ quan",
    "agency_renamed": "Đổi tên cơ quan",
    "role_changed": "Thay đổi vai trò của cơ quan",
    "task_moved": "Chuyển nhiệm vụ sang cơ quan khác",
    "agency_moved": "Chuyển cơ quan sang mục khác",
    "deadline_changed": "Thay đổi thời hạn",
    "paragraph_added": "Bổ sung đoạn",
    "paragraph_removed": "Bỏ đoạn",
    "paragraph_moved": "Chuyển vị trí",
    "paragraph_reworded": "Sửa đổi câu chữ",
    "text_added": "Bổ sung dòng",
    "text_removed": "Bỏ dòng",
    "text_changed": "Sửa đổi dòng",
}
HEADER_FIELD_VI = {
    "number_symbol": "số, ký hiệu",
    "number": "số",
    "symbol": "ký hiệu",
    "date": "ngày ban hành",
    "title": "trích yếu",
    "issuing_body": "cơ quan ban hành",
    "governing_body": "cơ quan chủ quản",
    "place": "địa danh",
    "doc_type": "tên loại",
    "signer": "người ký",
}

SEVERITY_VI = {"error": "lỗi", "warning": "cảnh báo", "info": "lưu ý"}

# lint: the parts of the document (docgen/nd30_rules.yaml `elements`) and what a rule checks; a rule id is
# "<part>.<check>" ("issuing_body.bold", "page.margin.left"), worded as "<check> — <part>"
LINT_PART_VI = {
    "national_title": "Quốc hiệu",
    "motto": "Tiêu ngữ",
    "governing_body": "tên cơ quan chủ quản",
    "issuing_body": "tên cơ quan ban hành",
    "number_symbol": "số, ký hiệu",
    "place_date": "địa danh, ngày tháng",
    "type_name": "tên loại văn bản",
    "summary": "trích yếu",
    "addressee": "nơi gửi (Kính gửi)",
    "legal_basis": "căn cứ",
    "body": "nội dung",
    "heading": "đề mục",
    "heading_part": "tên phần, mục",
    "signature_authority": "thẩm quyền ký",
    "signer_name": "họ tên người ký",
    "recipients_heading": "chữ 'Nơi nhận'",
    "recipients": "nơi nhận",
    "appendix_label": "chữ 'Phụ lục'",
    "appendix_title": "tên phụ lục",
    "appendix_reference": "dòng 'Kèm theo'",
    "table_text": "chữ trong bảng",
    "page": "trang",
    "font": "phông chữ",
    "page_number": "số trang",
}
LINT_CHECK_VI = {
    "size": "cỡ chữ",
    "bold": "chữ đậm",
    "italic": "chữ nghiêng",
    "case": "chữ hoa, chữ thường",
    "align": "căn lề",
    "missing": "thiếu",
    "format": "cách viết",
    "spaces": "khoảng trắng",
    "zero": "số 0 đứng trước",
    "day": "ngày",
    "month": "tháng",
    "indent": "thụt đầu dòng",
    "spacing": "khoảng cách đoạn",
    "line_spacing": "giãn dòng",
    "archive": "dòng 'Lưu:'",
    "punctuation": "dấu cuối dòng",
    "position": "vị trí",
    "first_page": "trang đầu",
    "theme": "phông theo theme",
    "family": "phông chữ (phải là Times New Roman)",
    "margin": "lề",
    "left": "trái",
    "right": "phải",
    "top": "trên",
    "bottom": "dưới",
}
LINT_RULE_VI = {  # whole rules whose words read better than "<check> — <part>"
    "font.family": "phông chữ không phải Times New Roman",
    "font.theme": "phông theo theme, không phải Times New Roman",
    "font.alias": "tên phông Times New Roman viết theo tên khác (Word hiểu, phần mềm khác có thể không)",
    "font.unused_slot": "phông đặt cho chữ Đông Á / chữ phức hợp mà văn bản không có (không ảnh hưởng)",
    "page.size": "khổ giấy",
    "page_number.missing": "thiếu số trang",
}
LINT_ZONE_VI = {  # docgen/lint/zones.py Zone values, plus the parts that are not text
    "header": "phần đầu văn bản",
    "title": "tên loại, trích yếu",
    "preamble": "phần căn cứ, mở đầu",
    "body": "nội dung",
    "closing": "phần kết",
    "recipients": "nơi nhận",
    "signature": "chữ ký",
    "appendix": "phụ lục",
    "table": "bảng",
    "note": "ghi chú",
    "page": "trang",
    "styles": "kiểu định dạng",
}
LINT_VALUE_VI = {  # found / expected values the checks write in English
    "not set": "chưa đặt",
    "missing": "không có",
    "bold": "chữ đậm",
    "not bold": "không đậm",
    "italic": "chữ nghiêng",
    "not italic": "không nghiêng",
    "upright": "chữ đứng",
    "justified": "căn đều hai bên",
    "justify": "căn đều hai bên",
    "center": "căn giữa",
    "left": "căn trái",
    "right": "căn phải",
    "sentence case": "chữ thường (viết hoa chữ đầu)",
    "no recipients": "không có nơi nhận",
}
LINT_LOCATION_VI = {
    "section": "phần {v}",
    "style": "kiểu '{v}'",
    "paragraph": "đoạn {v}",
    "table": "bảng {v}",
    "row": "hàng {v}",
    "cell": "ô {v}",
    "cell_paragraph": "đoạn {v} trong ô",
    "run": "đoạn chữ {v}",
    "header": "đầu trang",
    "footer": "chân trang",
    "styles": "kiểu định dạng",
    "defaults": "mặc định",
}

M: dict[str, str] = {
    # diff, terminal and HTML
    "diff_title": "So sánh",
    "diff_changes": "{n} thay đổi",
    "diff_none": "Không có thay đổi về nội dung.",
    "diff_none_html": "Không có thay đổi: hai văn bản có cùng nội dung.",
    "diff_text_mode": (
        "So sánh như văn bản thường: một bản không được nhận ra là kế hoạch, nên chỉ thấy các thay đổi câu chữ."
    ),
    "col_group": "nhóm",
    "col_kind": "loại thay đổi",
    "col_n": "số",
    "more": "… còn {n} mục nữa (dùng --all, hoặc --format json/html)",
    "more_coverage": "… còn {n} mục nữa (dùng --all, hoặc --format json/html/xlsx)",
    "renumbered": "{n} mục chỉ đánh số lại (không phải thay đổi nội dung): {pairs}",
    "warning": "cảnh báo: {text}",
    "side_by_side": "Đối chiếu hai bản",
    "legend": "thêm · bỏ · chuyển chỗ · di chuột vào một ô để xem mục và vị trí trong tệp",
    "legend_added": "thêm",
    "legend_removed": "bỏ",
    "legend_moved": "chuyển chỗ",
    "legend_hover": "di chuột vào một ô để xem mục và vị trí trong tệp",
    "old_version": "Bản cũ",
    "new_version": "Bản mới",
    "moved_to": "chuyển đến {section}",
    "moved_from": "chuyển từ {section}",
    "moved": "chuyển chỗ",
    "where_old": "bản cũ",
    "where_new": "bản mới",
    "where_parent": "kế hoạch cấp trên",
    "where_child": "kế hoạch cấp dưới",
    "where_section": "mục {section}",
    "where_page": "trang {n}",
    "where_paragraph": "đoạn {n}",
    "where_line": "dòng {n}",
    "where_table": "bảng {n}",
    "reworded_too": ", có sửa lời",
    "moved_in": ", {n} đoạn chuyển đến",
    "summary": "Tóm tắt",
    "rows_summary": "Các dòng",
    # coverage
    "coverage_title": "Đối chiếu thực hiện",
    "coverage_found": "{ratio} nội dung của kế hoạch cấp trên có trong kế hoạch cấp dưới",
    "coverage_not_covered": "Chưa thể hiện đầy đủ",
    "col_item_kind": "loại",
    "col_covered": "đã bao phủ",
    "col_weakened": "bị giảm nhẹ",
    "col_missing": "thiếu",
    "col_total": "tổng",
    "col_found": "tỷ lệ có",
    "col_parent_item": "nội dung kế hoạch cấp trên",
    "col_status": "tình trạng",
    "col_child_item": "trong kế hoạch cấp dưới / lý do",
    "col_score": "độ giống",
    "col_reasons": "lý do",
    "col_parent": "Kế hoạch cấp trên",
    "col_child": "Kế hoạch cấp dưới",
    "all": "Tất cả",
    "coverage_empty": "Kế hoạch cấp trên không có chỉ tiêu, nhiệm vụ hay trách nhiệm nào để đối chiếu.",
    # lint
    "lint_ok": "{file}: đúng thể thức theo Nghị định 30/2020/NĐ-CP",
    "lint_summary": "{file}: {errors} lỗi, {warnings} cảnh báo; sửa tự động được {fixable} (dùng --fix)",
    "lint_found": " — hiện là {found}, cần {expected}",
    "lint_fixable": "(sửa tự động được)",
    "lint_fixed": "đã sửa {n} lỗi; đã ghi {output}",
    "lint_note": "lưu ý: {text}",
    "lint_count": " ({n} chỗ)",
    "lint_where_more": "{where} và {n} chỗ khác",
    "lint_infos": "; {n} lưu ý",
    "lint_note_party": "văn bản của Đảng (ĐẢNG CỘNG SẢN VIỆT NAM): không áp dụng quy định phần đầu văn bản nhà nước",
    "lint_note_party_number": "số văn bản theo cách viết của Đảng (N-KH/XX): không áp dụng quy định số nhà nước",
    # report
    "report_todo": "Cần viết trước khi trình ký ({n} chỗ đánh dấu vàng trong báo cáo):",
}
