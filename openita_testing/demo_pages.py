"""The main pages of each demo role, as the accessibility and language tests find them: the home page, then
the pages it links to, then the pages those link to (same site, GET, no downloads), up to a number."""

from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

# One person for each kind of demo role (openita/demo/data.py).
DEMO_ROLES = ("head", "officer", "province", "assessor", "station.admin", "committee", "admin")
# Links that are not pages to check: leaving, switching language, files, exports and technical screens.
SKIPPED = (
    "/accounts/logout/",
    "/i18n/",
    "/django-admin/",
    "/files/",
    "/download",
    "/export",
    "/poster",
    "/health/",
    "/s/",
)
FILE_ENDINGS = (".pdf", ".xlsx", ".docx", ".csv", ".png", ".svg", ".zip")


def page_paths(hrefs: Iterable[str], base: str = "") -> list[str]:
    """The links (absolute under `base`, or site paths) that lead to pages worth checking, as paths."""
    paths: list[str] = []
    for href in hrefs:
        href = href.replace("&amp;", "&")
        if base and href.startswith(base):
            href = href[len(base) :]
        parts = urlsplit(href)
        if parts.netloc or not parts.path.startswith("/") or parts.path.endswith(FILE_ENDINGS):
            continue
        if any(skipped in parts.path for skipped in SKIPPED):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path not in paths:
            paths.append(path)
    return paths


def main_pages(links_of: Callable[[str], list[str]], most: int) -> list[str]:
    """The home page and the pages found from it, breadth first, one per path, up to `most`;
    `links_of(path)` opens a page and gives its page links (`page_paths`)."""
    pages, queue = ["/"], ["/"]
    while queue and len(pages) < most:
        for path in links_of(queue.pop(0)):
            if path.split("?")[0] not in {page.split("?")[0] for page in pages}:
                pages.append(path)
                queue.append(path)
            if len(pages) >= most:
                break
    return pages
