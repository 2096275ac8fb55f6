"""The thematic analysis engine: plain Python + numpy/scikit-learn, no Django.

Django code (models, services, tasks) calls into it; it can be tested and
benchmarked on its own. Italian, offline, on the CPU.
"""
