"""Shared fixtures: boundaries and gazetteer once per session, one build per session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(os.environ.get("PILOT_ATLAS_SEEDS", ROOT.parent / "shared" / "seeds"))
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"]
BATCH2 = "001_caf814f1c39d1a4b.txt"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The shared seed documents; integration tests skip where they are absent."""
    if not (SEEDS / BATCH2).is_file():
        pytest.skip(f"seed documents not found at {SEEDS} (set PILOT_ATLAS_SEEDS or clone ../shared beside the repo)")
    return SEEDS


@pytest.fixture(scope="session")
def layers():
    from atlas.places import boundaries

    return boundaries.load()


@pytest.fixture(scope="session")
def display_layers():
    from atlas.places import boundaries

    return boundaries.load_display()


@pytest.fixture(scope="session")
def gazetteer(layers):
    from atlas.places.gazetteer import Gazetteer

    return Gazetteer.build(layers)


@pytest.fixture(scope="session")
def geocoder(gazetteer):
    from atlas.places.geocode import Geocoder

    return Geocoder(gazetteer)


@pytest.fixture
def read_one(tmp_path, gazetteer):
    """Read one document of ``text`` (our own wording) as the reader does a folder: its mentions."""
    from atlas.reading.extraction import extract_folder

    def read(text: str):
        folder = tmp_path / "docs"
        folder.mkdir(exist_ok=True)
        (folder / "note.txt").write_text(text, encoding="utf-8")
        return extract_folder(folder, gazetteer).mentions

    return read


@pytest.fixture(scope="session")
def seed_build(seeds_dir, tmp_path_factory, layers):
    """The atlas built once from the seed documents."""
    from atlas.pipeline import build

    out = tmp_path_factory.mktemp("seed_build")
    report = build(out, sources=seeds_dir, save_to=out / "derived")
    return out, report


@pytest.fixture(scope="session")
def default_build(tmp_path_factory, layers):
    """The atlas built once from the shipped register (no documents needed)."""
    from atlas.pipeline import build

    out = tmp_path_factory.mktemp("default_build")
    return out, build(out)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session (Debian's, never a downloaded one)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium not installed at /usr/bin/chromium (scripts/test.sh installs it as root)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class PageVisit:
    """A page opened with every non-file request blocked, recording errors and requests."""

    def __init__(self, browser, path: Path, wait_ms: int = 800):
        self.page = browser.new_page(viewport={"width": 1200, "height": 800})
        self.errors: list[str] = []
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.route("**/*", self._route)
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_timeout(wait_ms)

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def close(self):
        self.page.close()


@pytest.fixture
def visit(browser):
    """Open pages offline: ``visit(path)`` returns a :class:`PageVisit`."""
    visits = []

    def open_page(path: Path, wait_ms: int = 800) -> PageVisit:
        v = PageVisit(browser, path, wait_ms)
        visits.append(v)
        return v

    yield open_page
    for v in visits:
        v.close()


def copy_seed(seeds_dir: Path, dest: Path, name: str = BATCH2) -> Path:
    """Copy one seed document into a scratch folder (tests never modify the seeds)."""
    dest.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(seeds_dir / name, dest / name))
