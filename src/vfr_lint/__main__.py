import os
import sys

# `python -m vfr_lint` puts the working directory first on sys.path; rule plugins must
# come from installed distributions only, never from whatever folder is being linted.
if sys.path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

from vfr_lint.cli import main  # noqa: E402

raise SystemExit(main())
