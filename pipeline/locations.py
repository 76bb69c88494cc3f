"""Where critmin reads and writes by default, and what a warehouse location may be. Imports nothing heavy:
the `critmin` command reads it before it starts the reading processes (pipeline/cli.py)."""

import re
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUT_DIR = PROJECT_ROOT / "warehouse" / "sample" / "articles"
DEFAULT_WAREHOUSE_DIR = PROJECT_ROOT / "warehouse"

URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")  # s3://, gs://, https://: not a folder
WAREHOUSE_NOT_URL = (
    "the warehouse must be a folder of a file system: it publishes a build by renaming a link and holds a "
    "file lock while it writes, which object stores such as S3 do not offer. Use a local folder, or a shared "
    "volume mounted at the same path on every machine, and copy releases (warehouse/releases/) to object "
    "storage from there")
