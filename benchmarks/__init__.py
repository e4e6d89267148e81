"""Speed measurements of the course: `python -m benchmarks` rewrites benchmarks/RESULTS.md.

Parts (each a module here, all settings and budgets in `config`):
notebooks (Restart & Run All per notebook), training (time to 90% on Fashion-MNIST),
layers (NumPy reference layers against Keras), explorers (one update of each explorer),
imports (`import course_utils`). `run` is the command line that ties them together.
"""
