"""Runners for the public benchmarks in ``shared/benchmarks`` (UNFAIR-ToS, CAPP-130, CUAD).

Each runner module has ``load_*`` functions for its data and a ``run(...)``
that returns a plain dict of figures; ``report.py`` runs them all and writes
``docs/benchmarks.md``. Nothing here touches the network: the data are the
local copies described in each data set's ``SOURCE.txt``.
"""
