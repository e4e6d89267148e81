"""Interactive explorers: thin ipywidgets views over pure functions.

Each lesson's explorer lives in a module named after its concept; the pure
functions there are tested without a browser. ipywidgets is imported only
when an explorer is built.
"""
