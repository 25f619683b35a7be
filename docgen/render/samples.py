"""Realistic sample plans built directly from the model (for tests, the benchmark and demos).

`sample_plan(name)` returns a fresh `extract.model.Plan`:
  - "tinh"    provincial People's Committee, KT. signer, numbered, dated, targets + tasks appendices
  - "so"      department under a governing body, draft (no number, day left blank), targets appendix
  - "xa"      commune, blank date, no legal bases, TM. signer, recipients without a Lưu line
  - "minimal" only a header and a title
  - "long"    the provincial plan grown to about ten pages (benchmark)
"""

from __future__ import annotations

from extract.model import (
    AssignedTask,
    Header,
    LegalBasis,
    Paragraph,
    Plan,
    Recipient,
    Responsibility,
    Section,
    Signer,
    Source,
    Target,
    Task,
)

NAMES = ("tinh", "so", "xa", "minimal", "long")


def _src() -> Source:
    return Source()


def _p(text: str, marker: str | None = None) -> Paragraph:
    return Paragraph(text=text, marker=marker, source=_src())


def _sec(
    id_: str, number: str, style: str, title: str, level: int, kind: str = "other", paragraphs=(), children=()
) -> Section:
    return Section(
        id=id_,
        number=number,
        style=style,
        title=title,
        level=level,
        kind=kind,
        paragraphs=list(paragraphs),
        children=list(children),
        source=_src(),
    )


def _tinh_sections(extra: int = 0) -> list[Section]:
    purpose = _sec(
        "I",
        "I.",
        "roman",
        "MỤC ĐÍCH, YÊU CẦU",
        1,
        "purpose",
        children=[
            _sec(
                "I.1",
                "1.",
                "decimal",
                "Mục đích",
                2,
                paragraphs=[
                    _p(
                        "Đẩy mạnh cải cách hành chính theo hướng hiện đại, lấy người dân, doanh nghiệp làm trung tâm "
                        "phục vụ; nâng cao chất lượng, hiệu quả hoạt động của các cơ quan hành chính nhà nước trên "
                        "địa bàn tỉnh."
                    ),
                    _p(
                        "Tăng cường kỷ luật, kỷ cương hành chính; nâng cao trách nhiệm người đứng đầu trong chỉ đạo, "
                        "điều hành và tổ chức thực hiện nhiệm vụ cải cách hành chính."
                    ),
                ],
            ),
            _sec(
                "I.2",
                "2.",
                "decimal",
                "Yêu cầu",
                2,
                paragraphs=[
                    _p(
                        "Các nhiệm vụ phải cụ thể, khả thi, gắn với chức năng, nhiệm vụ của từng cơ quan, đơn vị, địa "
                        "phương; xác định rõ cơ quan chủ trì, thời hạn hoàn thành và sản phẩm.",
                        "-",
                    ),
                    _p(
                        "Bảo đảm sự phối hợp chặt chẽ, đồng bộ giữa các cấp, các ngành trong quá trình triển khai.", "-"
                    ),
                ],
            ),
        ],
    )
    goals = _sec(
        "II",
        "II.",
        "roman",
        "MỤC TIÊU",
        1,
        "goals",
        children=[
            _sec(
                "II.1",
                "1.",
                "decimal",
                "Mục tiêu chung",
                2,
                paragraphs=[
                    _p(
                        "Xây dựng nền hành chính dân chủ, chuyên nghiệp, hiện đại, tinh gọn, hiệu lực, hiệu quả; "
                        "cải thiện mạnh mẽ môi trường đầu tư kinh doanh, nâng cao năng lực cạnh tranh cấp tỉnh."
                    ),
                ],
            ),
            _sec(
                "II.2",
                "2.",
                "decimal",
                "Mục tiêu cụ thể đến năm 2030",
                2,
                paragraphs=[
                    _p(
                        "Phấn đấu 100% thủ tục hành chính đủ điều kiện được cung cấp dưới hình thức dịch vụ công trực "
                        "tuyến toàn trình.",
                        "-",
                    ),
                    _p("Tỷ lệ hồ sơ giải quyết thủ tục hành chính trực tuyến đạt ít nhất 80% tổng số hồ sơ.", "-"),
                    _p(
                        "Mức độ hài lòng của người dân, doanh nghiệp đối với sự phục vụ của cơ quan hành chính nhà "
                        "nước đạt trên 90%.",
                        "-",
                    ),
                    _p(
                        "Chỉ số cải cách hành chính (PAR Index) của tỉnh thuộc nhóm 20 tỉnh, thành phố dẫn đầu cả "
                        "nước.",
                        "-",
                    ),
                ],
            ),
        ],
    )
    task_children = [
        _sec(
            "III.1",
            "1.",
            "decimal",
            "Cải cách thể chế",
            2,
            children=[
                _sec(
                    "III.1.1",
                    "1.1.",
                    "multi_decimal",
                    "Xây dựng và ban hành văn bản quy phạm pháp luật",
                    3,
                    paragraphs=[
                        _p(
                            "Nâng cao chất lượng xây dựng, ban hành văn bản quy phạm pháp luật của tỉnh; bảo đảm tính "
                            "hợp hiến, hợp pháp, thống nhất và khả thi của văn bản."
                        ),
                        _p("Kiểm tra, rà soát, hệ thống hóa văn bản quy phạm pháp luật định kỳ hằng năm.", "-"),
                        _p("Công bố kết quả rà soát trước ngày 31 tháng 12 hằng năm.", "+"),
                    ],
                ),
                _sec(
                    "III.1.2",
                    "1.2.",
                    "multi_decimal",
                    "Theo dõi thi hành pháp luật",
                    3,
                    paragraphs=[
                        _p(
                            "Tăng cường công tác theo dõi tình hình thi hành pháp luật trong các lĩnh vực trọng tâm, "
                            "kịp thời phát hiện và xử lý các vướng mắc, bất cập."
                        ),
                    ],
                ),
            ],
        ),
        _sec(
            "III.2",
            "2.",
            "decimal",
            "Cải cách thủ tục hành chính",
            2,
            children=[
                _sec(
                    "III.2.a",
                    "a)",
                    "letter",
                    "Kiểm soát thủ tục hành chính",
                    3,
                    paragraphs=[
                        _p(
                            "Thực hiện nghiêm việc đánh giá tác động thủ tục hành chính trong dự thảo văn bản quy "
                            "phạm pháp luật."
                        ),
                    ],
                ),
                _sec(
                    "III.2.b",
                    "b)",
                    "letter",
                    "Thực hiện cơ chế một cửa, một cửa liên thông",
                    3,
                    paragraphs=[
                        _p(
                            "Nâng cao chất lượng hoạt động của Trung tâm Phục vụ hành chính công tỉnh và bộ phận một "
                            "cửa cấp xã; số hóa 100% hồ sơ, kết quả giải quyết thủ tục hành chính."
                        ),
                    ],
                ),
            ],
        ),
        _sec(
            "III.3",
            "3.",
            "decimal",
            "Cải cách tổ chức bộ máy hành chính nhà nước",
            2,
            paragraphs=[
                _p(
                    "Tiếp tục rà soát, sắp xếp tổ chức bộ máy các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh và "
                    "chính quyền địa phương cấp xã theo mô hình chính quyền địa phương hai cấp."
                ),
            ],
        ),
        _sec(
            "III.4",
            "4.",
            "decimal",
            "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
            2,
            paragraphs=[
                _p(
                    "Hoàn thiện hạ tầng số, nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh; kết nối liên thông với Cổng "
                    "Dịch vụ công quốc gia và các cơ sở dữ liệu quốc gia."
                ),
            ],
        ),
    ]
    for i in range(extra):
        n = 5 + i
        task_children.append(
            _sec(
                f"III.{n}",
                f"{n}.",
                "decimal",
                f"Nhiệm vụ trọng tâm nhóm {n}",
                2,
                paragraphs=[
                    _p(
                        f"Triển khai đồng bộ các giải pháp thuộc nhóm nhiệm vụ thứ {n}, bảo đảm tiến độ, chất lượng và "
                        "hiệu quả; gắn trách nhiệm của người đứng đầu với kết quả thực hiện; định kỳ sơ kết, đánh giá, "
                        "rút kinh nghiệm và kịp thời đề xuất điều chỉnh phù hợp với tình hình thực tế của địa phương."
                    ),
                    _p(
                        "Rà soát, đánh giá thực trạng, xác định nguyên nhân của những hạn chế, bất cập; xây dựng lộ "
                        "trình khắc phục với thời hạn cụ thể và phân công rõ cơ quan, đơn vị chịu trách nhiệm.",
                        "-",
                    ),
                    _p(
                        "Ứng dụng công nghệ thông tin, chuyển đổi số trong quản lý, theo dõi, đánh giá kết quả thực "
                        "hiện; công khai kết quả trên Cổng thông tin điện tử của tỉnh.",
                        "-",
                    ),
                    _p(
                        "Tổ chức tập huấn, bồi dưỡng nâng cao năng lực cho đội ngũ cán bộ, công chức, viên chức trực "
                        "tiếp tham mưu, thực hiện nhiệm vụ.",
                        "-",
                    ),
                ],
            )
        )
    tasks = _sec("III", "III.", "roman", "NHIỆM VỤ, GIẢI PHÁP", 1, "tasks", children=task_children)
    funding = _sec(
        "IV",
        "IV.",
        "roman",
        "KINH PHÍ THỰC HIỆN",
        1,
        "funding",
        paragraphs=[
            _p(
                "Kinh phí thực hiện Kế hoạch được bố trí từ nguồn ngân sách nhà nước theo phân cấp hiện hành và các "
                "nguồn huy động hợp pháp khác theo quy định của pháp luật."
            ),
        ],
    )
    org = _sec(
        "V",
        "V.",
        "roman",
        "TỔ CHỨC THỰC HIỆN",
        1,
        "organisation",
        children=[
            _sec(
                "V.1",
                "1.",
                "decimal",
                "Sở Nội vụ",
                2,
                paragraphs=[
                    _p(
                        "Là cơ quan thường trực, chủ trì, phối hợp với các cơ quan, đơn vị theo dõi, đôn đốc, kiểm tra "
                        "việc triển khai Kế hoạch; tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước ngày 05 tháng 12 hằng "
                        "năm."
                    ),
                ],
            ),
            _sec(
                "V.2",
                "2.",
                "decimal",
                "Sở Tài chính",
                2,
                paragraphs=[
                    _p("Chủ trì, tham mưu Ủy ban nhân dân tỉnh bố trí kinh phí thực hiện Kế hoạch theo quy định."),
                ],
            ),
            _sec(
                "V.3",
                "3.",
                "decimal",
                "Các sở, ban, ngành; Ủy ban nhân dân các xã, phường",
                2,
                paragraphs=[
                    _p(
                        "Căn cứ Kế hoạch này, xây dựng kế hoạch cải cách hành chính năm của cơ quan, đơn vị, địa "
                        "phương và gửi về Sở Nội vụ trước ngày 20 tháng 01 hằng năm."
                    ),
                ],
            ),
        ],
    )
    return [purpose, goals, tasks, funding, org]


def _tinh(extra: int = 0) -> Plan:
    targets = [
        Target(
            id="t1",
            section="II.2",
            indicator="thủ tục hành chính đủ điều kiện cung cấp dịch vụ công trực tuyến toàn trình",
            value=100,
            unit="%",
            qualifier="strive",
            year=2030,
            text="",
            source=_src(),
        ),
        Target(
            id="t2",
            section="II.2",
            indicator="hồ sơ giải quyết thủ tục hành chính trực tuyến",
            value=80,
            unit="%",
            qualifier="at_least",
            year=2030,
            text="",
            source=_src(),
        ),
        Target(
            id="t3",
            section="II.2",
            indicator="mức độ hài lòng của người dân, doanh nghiệp",
            value=90,
            unit="%",
            qualifier="at_least",
            year=2030,
            text="",
            source=_src(),
        ),
        Target(
            id="t4",
            section="II.2",
            indicator="xếp hạng Chỉ số cải cách hành chính",
            value=20,
            unit="hạng",
            qualifier="at_most",
            year=2030,
            text="",
            source=_src(),
        ),
        Target(
            id="t5",
            section="II.2",
            indicator="hồ sơ được số hóa",
            value=100,
            unit="%",
            qualifier="all",
            year=2030,
            text="",
            source=_src(),
        ),
    ]
    tasks = [
        Task(id="g1", number="I", text="CẢI CÁCH THỂ CHẾ", is_group=True, source=_src()),
        Task(
            id="k1",
            parent="g1",
            text="Rà soát, hệ thống hóa văn bản quy phạm pháp luật của tỉnh",
            lead=["Sở Tư pháp"],
            coordinate=["Các sở, ban, ngành"],
            deadline="Quý IV hằng năm",
            product="Quyết định công bố kết quả rà soát",
            source=_src(),
        ),
        Task(
            id="k2",
            parent="g1",
            text="Theo dõi tình hình thi hành pháp luật trong lĩnh vực trọng tâm",
            lead=["Sở Tư pháp"],
            coordinate=["Các sở, ngành liên quan"],
            deadline="Tháng 11 hằng năm",
            product="Báo cáo",
            source=_src(),
        ),
        Task(id="g2", number="II", text="CẢI CÁCH THỦ TỤC HÀNH CHÍNH", is_group=True, source=_src()),
        Task(
            id="k3",
            parent="g2",
            text="Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
            lead=["Văn phòng Ủy ban nhân dân tỉnh"],
            coordinate=["Sở Khoa học và Công nghệ"],
            deadline="Năm 2026",
            product="Kho dữ liệu số",
            source=_src(),
        ),
        Task(
            id="k4",
            parent="g2",
            text="Đánh giá chất lượng phục vụ người dân, doanh nghiệp",
            lead=["Sở Nội vụ"],
            coordinate=["Ủy ban nhân dân các xã, phường"],
            deadline="Tháng 12/2026",
            product="Báo cáo đánh giá",
            source=_src(),
        ),
    ]
    return Plan(
        header=Header(
            doc_type="Kế hoạch",
            doc_type_code="KH",
            issuing_body="ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG",
            level="tỉnh",
            number="5",
            symbol="KH-UBND",
            symbol_type="KH",
            symbol_issuer="UBND",
            convention="state",
            place="Lâm Đồng",
            date="2026-01-05",
            title="Cải cách hành chính nhà nước tỉnh Lâm Đồng giai đoạn 2026 - 2030",
        ),
        legal_bases=[
            LegalBasis(
                kind="Luật", text="Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025", source=_src()
            ),
            LegalBasis(
                kind="Nghị quyết",
                number_symbol="76/NQ-CP",
                text="Căn cứ Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ ban hành Chương "
                "trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030;",
                source=_src(),
            ),
            LegalBasis(
                kind="Quyết định",
                text="Căn cứ Quyết định số 1122/QĐ-UBND ngày 20 tháng 12 năm 2025 của Ủy ban "
                "nhân dân tỉnh về việc giao chỉ tiêu cải cách hành chính năm 2026.",
                source=_src(),
            ),
        ],
        preamble=[
            _p(
                "Ủy ban nhân dân tỉnh ban hành Kế hoạch cải cách hành chính nhà nước giai đoạn 2026 - 2030 "
                "với những nội dung cụ thể như sau:"
            )
        ],
        sections=_tinh_sections(extra),
        targets=targets,
        tasks=tasks,
        responsibilities=[
            Responsibility(
                id="r1",
                agency="Sở Nội vụ",
                agency_normalized="so noi vu",
                role="standing",
                tasks=[AssignedTask(id="a1", text="Theo dõi, đôn đốc", role="standing", source=_src())],
                source=_src(),
            ),
        ],
        closing=[
            _p(
                "Trên đây là Kế hoạch cải cách hành chính nhà nước tỉnh Lâm Đồng giai đoạn 2026 - 2030. Trong quá "
                "trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị, địa phương kịp thời báo cáo về "
                "Ủy ban nhân dân tỉnh (qua Sở Nội vụ) để xem xét, giải quyết./."
            )
        ],
        recipients=[
            Recipient(text="Bộ Nội vụ", note="b/c", source=_src()),
            Recipient(text="TT Tỉnh ủy, TT HĐND tỉnh", note="b/c", source=_src()),
            Recipient(text="Chủ tịch, các PCT UBND tỉnh", source=_src()),
            Recipient(text="Các sở, ban, ngành thuộc tỉnh", source=_src()),
            Recipient(text="UBND các xã, phường, đặc khu", source=_src()),
            Recipient(text="Lưu: VT, NV", is_archive=True, source=_src()),
        ],
        signer=Signer(authority="KT.", on_behalf="ỦY BAN NHÂN DÂN", title="PHÓ CHỦ TỊCH", name="Nguyễn Văn Hoàng"),
    )


def _so() -> Plan:
    return Plan(
        header=Header(
            doc_type="Kế hoạch",
            governing_body="ỦY BAN NHÂN DÂN TỈNH LÀO CAI",
            issuing_body="SỞ CÔNG THƯƠNG",
            level="sở",
            number=None,
            symbol="KH-SCT",
            convention="state",
            place="Lào Cai",
            date="2026-03",
            title="Kiểm tra việc cấp giấy chứng nhận huấn luyện kỹ thuật an toàn vật liệu nổ công nghiệp năm 2026",
        ),
        legal_bases=[
            LegalBasis(
                kind="Luật",
                text="Căn cứ Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ ngày 29 tháng 6 năm 2024;",
                source=_src(),
            ),
            LegalBasis(
                kind="Thông tư",
                text="Căn cứ Thông tư số 13/2018/TT-BCT ngày 15 tháng 6 năm 2018 của Bộ Công "
                "Thương quy định về quản lý, sử dụng vật liệu nổ công nghiệp",
                source=_src(),
            ),
        ],
        sections=[
            _sec(
                "I",
                "I.",
                "roman",
                "Mục đích, yêu cầu",
                1,
                "purpose",
                paragraphs=[
                    _p(
                        "Kiểm tra việc chấp hành các quy định của pháp luật về huấn luyện kỹ thuật an toàn vật liệu nổ "
                        "công nghiệp tại các tổ chức, doanh nghiệp trên địa bàn tỉnh."
                    ),
                    _p("Việc kiểm tra bảo đảm khách quan, đúng quy định, không gây phiền hà cho doanh nghiệp.", "-"),
                ],
            ),
            _sec(
                "II",
                "II.",
                "roman",
                "Nội dung, thời gian kiểm tra",
                1,
                "tasks",
                children=[
                    _sec(
                        "II.1",
                        "1.",
                        "decimal",
                        "Nội dung",
                        2,
                        paragraphs=[
                            _p(
                                "Hồ sơ, tài liệu huấn luyện; danh sách người được cấp giấy chứng nhận; việc lưu trữ "
                                "hồ sơ.",
                                "-",
                            ),
                        ],
                    ),
                    _sec(
                        "II.2",
                        "2.",
                        "decimal",
                        "Thời gian",
                        2,
                        paragraphs=[
                            _p("Từ ngày 01 tháng 4 năm 2026 đến hết ngày 30 tháng 6 năm 2026."),
                        ],
                    ),
                ],
            ),
            _sec(
                "III",
                "III.",
                "roman",
                "Tổ chức thực hiện",
                1,
                "organisation",
                paragraphs=[
                    _p(
                        "Phòng Kỹ thuật an toàn - Môi trường chủ trì, tham mưu thành lập Đoàn kiểm tra và tổ chức thực "
                        "hiện Kế hoạch; báo cáo kết quả trước ngày 15 tháng 7 năm 2026."
                    ),
                ],
            ),
        ],
        targets=[
            Target(
                id="t1",
                indicator="doanh nghiệp được kiểm tra",
                value=12,
                unit="doanh nghiệp",
                qualifier="exact",
                year=2026,
                text="",
                source=_src(),
            ),
            Target(
                id="t2",
                indicator="tỷ lệ hồ sơ đạt yêu cầu",
                value=95.5,
                unit="%",
                qualifier="at_least",
                year=2026,
                text="",
                source=_src(),
            ),
        ],
        recipients=[
            Recipient(text="UBND tỉnh", note="b/c", source=_src()),
            Recipient(text="Giám đốc, các PGĐ Sở", source=_src()),
            Recipient(text="Các doanh nghiệp có tên tại Phụ lục", source=_src()),
            Recipient(text="Lưu: VT, KTAT&MT.", is_archive=True, source=_src()),
        ],
        signer=Signer(lines=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], name="Trần Thị Mai Anh"),
    )


def _xa() -> Plan:
    letters = ["a)", "b)", "c)", "d)", "đ)", "e)", "g)"]
    return Plan(
        header=Header(
            doc_type="Kế hoạch",
            issuing_body="ỦY BAN NHÂN DÂN XÃ TÂN HÀ",
            level="xã",
            number="12",
            symbol="KH-UBND",
            place="Tân Hà",
            date=None,
            title="Xây dựng xã không ma túy năm 2026",
        ),
        sections=[
            _sec(
                "I",
                "I.",
                "roman",
                "MỤC ĐÍCH, YÊU CẦU",
                1,
                "purpose",
                paragraphs=[
                    _p(
                        "Huy động sức mạnh tổng hợp của cả hệ thống chính trị và toàn dân tham gia phòng, chống ma "
                        "túy; phấn đấu đến hết năm 2026 xã đạt tiêu chí xã không ma túy."
                    ),
                ],
            ),
            _sec(
                "II",
                "II.",
                "roman",
                "NHIỆM VỤ",
                1,
                "tasks",
                children=[
                    _sec(
                        "II.1",
                        "1.",
                        "decimal",
                        "Tuyên truyền, giáo dục",
                        2,
                        children=[
                            _sec(f"II.1.{i}", letters[i], "letter", t, 3, paragraphs=[_p(body, "-")])
                            for i, (t, body) in enumerate(
                                [
                                    ("Tại thôn, tổ dân phố", "Tổ chức họp dân, tuyên truyền ít nhất 01 lần mỗi quý."),
                                    (
                                        "Tại trường học",
                                        "Lồng ghép nội dung phòng, chống ma túy vào hoạt động ngoại khóa.",
                                    ),
                                    ("Trên hệ thống loa truyền thanh", "Phát bản tin phòng, chống ma túy hằng tuần."),
                                    ("Tại cơ sở kinh doanh có điều kiện", "Ký cam kết không để xảy ra tệ nạn ma túy."),
                                    ("Đối với gia đình", "Vận động gia đình quản lý, giáo dục con em."),
                                    (
                                        "Đối với người sau cai nghiện",
                                        "Hỗ trợ học nghề, tạo việc làm, tái hòa nhập cộng đồng.",
                                    ),
                                    (
                                        "Đối với đoàn viên, hội viên",
                                        "Phát động phong trào thi đua phòng, chống ma túy.",
                                    ),
                                ]
                            )
                        ],
                    ),
                    _sec(
                        "II.2",
                        "2.",
                        "decimal",
                        "Quản lý người sử dụng trái phép chất ma túy",
                        2,
                        paragraphs=[
                            _p(
                                "Rà soát, lập danh sách, quản lý chặt chẽ người sử dụng trái phép chất ma túy trên "
                                "địa bàn."
                            ),
                        ],
                    ),
                ],
            ),
            _sec(
                "III",
                "III.",
                "roman",
                "TỔ CHỨC THỰC HIỆN",
                1,
                "organisation",
                paragraphs=[
                    _p(
                        "Công an xã là cơ quan thường trực, tham mưu Ủy ban nhân dân xã tổ chức thực hiện Kế hoạch; "
                        "định kỳ báo cáo kết quả trước ngày 25 hằng tháng."
                    ),
                    _p("Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã và các đoàn thể phối hợp thực hiện."),
                ],
            ),
        ],
        recipients=[
            Recipient(text="Công an tỉnh", note="b/c", source=_src()),
            Recipient(text="Đảng ủy, HĐND xã", source=_src()),
            Recipient(text="Các thôn, tổ dân phố", source=_src()),
        ],
        signer=Signer(authority="TM.", on_behalf="ỦY BAN NHÂN DÂN", title="CHỦ TỊCH", name="Lê Quang Minh"),
    )


def _minimal() -> Plan:
    return Plan(header=Header(issuing_body="ỦY BAN NHÂN DÂN PHƯỜNG 1", title="Tổ chức Tết Trung thu năm 2026"))


def sample_plan(name: str = "tinh") -> Plan:
    """A fresh sample plan by name (see the module docstring)."""
    if name == "tinh":
        return _tinh()
    if name == "so":
        return _so()
    if name == "xa":
        return _xa()
    if name == "minimal":
        return _minimal()
    if name == "long":
        return _tinh(extra=16)
    raise ValueError(f"unknown sample plan {name!r}; choose one of {', '.join(NAMES)}")
