"""The loopback server every browser check, the benchmark and Lighthouse use (booktools.browser.serve)."""
from __future__ import annotations

import gzip
import urllib.request

from booktools.browser import serve


def test_the_server_compresses_text_only_when_asked_and_accepted(tmp_path):
    (tmp_path / "page.html").write_text("<p>" + "text " * 200 + "</p>", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG not text")

    def get(url: str, accept: str | None = "gzip") -> tuple[str | None, bytes]:
        request = urllib.request.Request(url, headers={"Accept-Encoding": accept} if accept else {})
        with urllib.request.urlopen(request) as response:
            return response.headers.get("Content-Encoding"), response.read()

    with serve(tmp_path, compress=True) as url:
        encoding, body = get(f"{url}/page.html")
        assert encoding == "gzip" and gzip.decompress(body).decode().startswith("<p>text")
        assert get(f"{url}/page.html", accept=None)[0] is None  # a client that cannot decompress
        assert get(f"{url}/image.png") == (None, b"\x89PNG not text")  # compressed already
    with serve(tmp_path) as url:
        assert get(f"{url}/page.html")[0] is None
