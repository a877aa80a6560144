"""Screenshots of built pages for the README (headless Debian Chromium, network blocked).

Run after a build: ``.venv/bin/python scripts/screenshots.py [output]``.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SHOTS = {"overview.png": "maps/overview.html", "region-east.png": "regions/region-east.html",
         "choropleth-province.png": "maps/choropleth-province.html"}


def main(out: Path) -> None:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium",
                                     args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1200, "height": 760})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
        for name, rel in SHOTS.items():
            page.goto((out / rel).resolve().as_uri())
            page.wait_for_timeout(1200)
            page.screenshot(path=str(ROOT / "docs" / "img" / name))
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "output"))
