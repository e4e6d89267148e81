"""Settings for the helper tests (the notebooks keep Jupyter's own inline backend)."""

import matplotlib

matplotlib.use("Agg")  # non-interactive: figures are drawn, never shown
