"""Entities of the bundled data that many tests look at: the seed forum, its district and province."""

from __future__ import annotations

B = "https://w3id.org/wugraph/id/"
FORUM_PATH = "event/2023-02-21/dien-dan-chia-se-kinh-nghiem-cong-tac-hoi"
FORUM = B + FORUM_PATH
DISTRICT = B + "unit/pre2025/district/661"
PROVINCE = B + "unit/pre2025/province/67"
PROVINCE_CHAPTER = B + "chapter/pre2025/province/67"
NEW_LAM_DONG = B + "unit/2025/province/68"
HTML = {"Accept": "text/html"}  # headers of a browser asking for a page
