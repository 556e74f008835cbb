"""Where the book's files live. The package is installed editable, so the repository is its parent."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
BIBLIOGRAPHY = ROOT / "references.bib"
EDITION = ROOT / "edition.yml"


def relative(path: Path) -> str:
    """A path as authors see it in messages: relative to the repository when possible."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
