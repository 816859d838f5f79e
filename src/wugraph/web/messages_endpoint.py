"""Strings of the query page (/sparql) and the ontology documentation (/ontology), Vietnamese first."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "sparql.title": {"vi": "Truy vấn SPARQL", "en": "SPARQL query"},
    "sparql.lead": {
        "vi": "Viết truy vấn SPARQL 1.1 trên toàn bộ đồ thị, hoặc chọn một câu hỏi mẫu bên cạnh. Điểm truy vấn: {url}",
        "en": "Write a SPARQL 1.1 query over the whole graph, or pick an example question beside the editor. Endpoint: {url}",
    },
    "sparql.examples": {"vi": "Câu hỏi mẫu", "en": "Example questions"},
    "sparql.load": {"vi": "Mở và chạy", "en": "Open and run"},
    "sparql.noscript": {
        "vi": "Trình soạn truy vấn cần JavaScript. Không có JavaScript, bạn vẫn gửi được truy vấn bằng biểu mẫu này.",
        "en": "The query editor needs JavaScript. Without it you can still send a query with this form.",
    },
    "sparql.query_label": {"vi": "Truy vấn SPARQL", "en": "SPARQL query"},
    "sparql.format": {"vi": "Định dạng kết quả", "en": "Result format"},
    "sparql.run": {"vi": "Chạy truy vấn", "en": "Run query"},
    "sparql.limits": {"vi": "Giới hạn", "en": "Limits"},
    "sparql.limit.timeout": {
        "vi": "Mỗi truy vấn chạy tối đa {seconds} giây; quá thời gian sẽ bị dừng và trả lỗi 503 (không bao giờ trả kết quả bị cắt dở).",
        "en": "Each query runs for at most {seconds} s; past that it is stopped with a 503 error (never a half-finished result).",
    },
    "sparql.limit.rows": {
        "vi": "Tối đa {rows} dòng (hoặc bộ ba) mỗi kết quả; khi bị cắt, phản hồi có tiêu đề X-Wugraph-Truncated: true. Dùng LIMIT và OFFSET để lấy từng trang.",
        "en": "At most {rows} rows (or triples) per answer; a cut answer carries the header X-Wugraph-Truncated: true. Page with LIMIT and OFFSET.",
    },
    "sparql.limit.size": {"vi": "Văn bản truy vấn tối đa {bytes} byte (lớn hơn: lỗi 413).",
                           "en": "Query text up to {bytes} bytes (larger: error 413)."},
    "sparql.limit.concurrent": {
        "vi": "Tối đa {n} truy vấn chạy cùng lúc; khi bận, máy chủ trả 429 kèm Retry-After.",
        "en": "At most {n} queries run at once; when busy the server answers 429 with Retry-After.",
    },
    "sparql.limit.policy": {
        "vi": "Chỉ đọc: không nhận SPARQL Update, LOAD, SERVICE (truy vấn liên kết) hay FROM tới đồ thị không có trong kho (lỗi 400).",
        "en": "Read-only: SPARQL Update, LOAD, SERVICE (federation) and FROM naming graphs not in the store are refused (error 400).",
    },
    "sparql.limit.union": {
        "vi": "Đồ thị mặc định là hợp của mọi đồ thị có tên; dùng GRAPH ?g để biết dữ kiện đến từ nguồn nào.",
        "en": "The default graph is the union of all named graphs; use GRAPH ?g to see which source a fact comes from.",
    },
    "sparql.clients": {"vi": "Dùng từ chương trình", "en": "Use from code"},
    "sparql.clients.text": {
        "vi": "Giao thức SPARQL 1.1: GET hoặc POST (biểu mẫu hay application/sparql-query); kết quả JSON, XML, CSV, TSV, Turtle, N-Triples, JSON-LD… theo Accept hoặc tham số format. Mô tả dịch vụ (Service Description) ở GET {url} không kèm truy vấn; thống kê VoID ở /.well-known/void.",
        "en": "SPARQL 1.1 Protocol: GET or POST (form or application/sparql-query); JSON, XML, CSV, TSV, Turtle, N-Triples, JSON-LD… results by Accept or the format parameter. The Service Description is a GET of {url} without a query; VoID statistics are at /.well-known/void.",
    },
    "ontology.title": {"vi": "Bản thể học wugraph", "en": "wugraph ontology"},
    "ontology.lead": {
        "vi": "Các lớp, thuộc tính và khái niệm SKOS trong không gian tên {ns}. Bản RDF: Turtle, RDF/XML, JSON-LD hoặc N-Triples theo tiêu đề Accept.",
        "en": "Classes, properties and SKOS concepts in the namespace {ns}. RDF: Turtle, RDF/XML, JSON-LD or N-Triples by the Accept header.",
    },
    "ontology.download": {"vi": "Tải về", "en": "Download"},
    "ontology.kind.owl:Class": {"vi": "Lớp", "en": "Classes"},
    "ontology.kind.owl:ObjectProperty": {"vi": "Thuộc tính quan hệ", "en": "Object properties"},
    "ontology.kind.owl:DatatypeProperty": {"vi": "Thuộc tính dữ liệu", "en": "Datatype properties"},
    "ontology.kind.skos:ConceptScheme": {"vi": "Bộ khái niệm", "en": "Concept schemes"},
    "ontology.kind.skos:Concept": {"vi": "Khái niệm", "en": "Concepts"},
    "ontology.parents": {"vi": "Thuộc lớp/khái niệm rộng hơn", "en": "Broader / superclass"},
    "ontology.domain": {"vi": "Miền", "en": "Domain"},
    "ontology.range": {"vi": "Miền giá trị", "en": "Range"},
    "ontology.scheme": {"vi": "Trong bộ", "en": "In scheme"},
    "ontology.contents": {"vi": "Mục lục", "en": "Contents"},
}
