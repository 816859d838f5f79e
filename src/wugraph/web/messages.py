"""Every user-facing string of the pages, Vietnamese first."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "site.title": {"vi": "wugraph — Đồ thị tri thức Hội LHPN Việt Nam", "en": "wugraph — Vietnam Women's Union knowledge graph"},
    "site.name": {"vi": "wugraph", "en": "wugraph"},
    "site.tagline": {
        "vi": "Các cấp Hội, cán bộ, diễn đàn và mô hình được nhân rộng của Hội Liên hiệp Phụ nữ Việt Nam, có nguồn gốc cho từng dữ kiện.",
        "en": "Chapters, officials, forums and replicated models of the Vietnam Women's Union, with the source of every fact.",
    },
    "nav.home": {"vi": "Trang chủ", "en": "Home"},
    "nav.sparql": {"vi": "Truy vấn SPARQL", "en": "SPARQL query"},
    "nav.switch": {"vi": "English", "en": "Tiếng Việt"},
    "home.counts": {"vi": "Dữ liệu hiện có", "en": "What the graph holds"},
    "home.triples": {"vi": "bộ ba RDF", "en": "RDF triples"},
    "home.graphs": {"vi": "đồ thị có tên (nguồn)", "en": "named graphs (sources)"},
    "home.units_today": {"vi": "Đơn vị hành chính hiện hành", "en": "Administrative units in force today"},
    "home.classes": {"vi": "Số thực thể theo loại", "en": "Entities by class"},
    "home.sources": {"vi": "Các nguồn dữ liệu", "en": "Data sources"},
    "home.examples": {"vi": "Câu hỏi mẫu", "en": "Example questions"},
    "home.run": {"vi": "Chạy truy vấn", "en": "Run query"},
    "home.endpoint": {
        "vi": "Điểm truy vấn SPARQL 1.1 tại {url} (GET hoặc POST; JSON, XML, CSV, TSV, Turtle…).",
        "en": "SPARQL 1.1 endpoint at {url} (GET or POST; JSON, XML, CSV, TSV, Turtle…).",
    },
    "home.query_label": {"vi": "Truy vấn SPARQL", "en": "SPARQL query"},
    "home.format": {"vi": "Định dạng kết quả", "en": "Result format"},
    "level.Province": {"vi": "Tỉnh/thành phố", "en": "Provinces"},
    "level.District": {"vi": "Huyện/quận/thị xã", "en": "Districts"},
    "level.Commune": {"vi": "Xã/phường/thị trấn", "en": "Communes"},
    "example.provinces_2024": {"vi": "Các tỉnh/thành phố còn hiệu lực ngày 01/06/2024", "en": "Provinces valid on 2024-06-01"},
    "example.successor": {"vi": "Tỉnh Đắk Nông cũ được thay thế bởi đơn vị nào?", "en": "What replaced the old Đắk Nông province?"},
    "example.forum": {"vi": "Diễn đàn năm 2023: ngày, địa điểm, số đại biểu, người phát biểu", "en": "Forums in 2023: date, place, delegates, speakers"},
    "example.provenance": {"vi": "Dữ kiện về diễn đàn đến từ nguồn nào?", "en": "Which source says what about the forum?"},
}

from . import messages_pages  # noqa: E402  (area strings join the one table)

MESSAGES.update(messages_pages.MESSAGES)

from . import messages_endpoint  # noqa: E402

MESSAGES.update(messages_endpoint.MESSAGES)

from . import messages_spread  # noqa: E402

MESSAGES.update(messages_spread.MESSAGES)

from . import messages_review  # noqa: E402

MESSAGES.update(messages_review.MESSAGES)

from . import messages_data  # noqa: E402

MESSAGES.update(messages_data.MESSAGES)
