"""Strings of the download page, the reconciliation preview and the landing page's counts, Vietnamese first."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "nav.download": {"vi": "Tải dữ liệu", "en": "Download"},
    # download page
    "dl.title": {"vi": "Tải toàn bộ dữ liệu", "en": "Download the whole graph"},
    "dl.lead": {
        "vi": "Toàn bộ đồ thị dạng N-Quads nén gzip, và từng đồ thị có tên dạng TriG. Các tệp được tạo một lần cho mỗi phiên bản dữ liệu; kiểm tra tệp tải về bằng mã SHA-256.",
        "en": "The whole graph as gzip-compressed N-Quads, and each named graph as TriG. The files are made once per data version; check what you downloaded against its SHA-256.",
    },
    "dl.version": {"vi": "Phiên bản dữ liệu {version}, tạo lúc {built}.", "en": "Data version {version}, built at {built}."},
    "dl.building": {"vi": "Đang tạo các tệp cho phiên bản dữ liệu mới; trang sẽ tự tải lại.", "en": "The files are being built for the new data version; this page reloads by itself."},
    "dl.failed": {"vi": "Không tạo được các tệp:", "en": "The files could not be built:"},
    "dl.full": {"vi": "Toàn bộ đồ thị", "en": "The whole graph"},
    "dl.graphs": {"vi": "Từng đồ thị có tên", "en": "Each named graph"},
    "dl.file": {"vi": "Tệp", "en": "File"},
    "dl.graph": {"vi": "Đồ thị", "en": "Graph"},
    "dl.format": {"vi": "Định dạng", "en": "Format"},
    "dl.size": {"vi": "Kích thước", "en": "Size"},
    "dl.triples": {"vi": "Bộ ba", "en": "Triples"},
    "dl.sha256": {"vi": "SHA-256", "en": "SHA-256"},
    "dl.check": {"vi": "Kiểm tra: sha256sum TÊN_TỆP (Linux) hoặc Get-FileHash TÊN_TỆP (Windows PowerShell).",
                 "en": "To check: sha256sum FILE (Linux) or Get-FileHash FILE (Windows PowerShell)."},
    "dl.describe": {"vi": "Mô tả máy đọc được", "en": "Machine-readable descriptions"},
    "dl.void": {"vi": "VoID (thống kê, void:dataDump)", "en": "VoID (statistics, void:dataDump)"},
    "dl.dcat": {"vi": "DCAT (kích thước, mã kiểm tra, định dạng)", "en": "DCAT (sizes, checksums, media types)"},
    "dl.sparql": {"vi": "Hoặc truy vấn trực tiếp tại điểm SPARQL", "en": "Or query it live at the SPARQL endpoint"},
    "dl.reconcile": {"vi": "Đối chiếu danh sách (OpenRefine): thêm dịch vụ {url}",
                     "en": "Match a spreadsheet (OpenRefine): add the service {url}"},
    # reconciliation preview
    "rec.province": {"vi": "Tỉnh/thành phố", "en": "Province"},
    # landing page counts
    "home.eras": {"vi": "Đơn vị hành chính theo hai thời kỳ", "en": "Administrative units in both eras"},
    "home.reform": {
        "vi": "Ngày {date} cả nước sắp xếp lại đơn vị hành chính: 63 tỉnh thành 34, bỏ cấp huyện, gộp xã. Dữ liệu giữ cả hai thời kỳ.",
        "en": "On {date} Vietnam reorganised its administrative units: 63 provinces became 34, districts were abolished and communes merged. The graph keeps both eras.",
    },
    "home.era.before": {"vi": "Trước sắp xếp (ngày {date})", "en": "Before the reform (on {date})"},
    "home.era.after": {"vi": "Sau sắp xếp (ngày {date})", "en": "After the reform (on {date})"},
    "home.classes_note": {"vi": "Chỉ tính dữ liệu, không tính các định nghĩa của bản thể học và các ràng buộc SHACL.",
                          "en": "Data only: the ontology's definitions and the SHACL shapes are not counted."},
    "home.class": {"vi": "Loại", "en": "Class"},
    "home.instances": {"vi": "Số thực thể", "en": "Instances"},
    "home.download": {"vi": "Tải toàn bộ dữ liệu (N-Quads, TriG) kèm mã kiểm tra SHA-256", "en": "Download the whole graph (N-Quads, TriG) with SHA-256 checksums"},
}
