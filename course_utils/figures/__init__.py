"""The lessons' figures that are not interactive, a module per topic.

`from course_utils.figures import stride as figures`, then `figures.plot_jumps()`.
Every function draws a new figure (or into the `ax` it is given) and returns what it
drew; the few that an explorer also uses take `fig=` to redraw in place.
Importing this package imports no TensorFlow and selects no matplotlib backend.
"""
