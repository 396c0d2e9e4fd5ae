"""The demo network that ``thuvien demo`` builds: Cà Mau province, to click through.

A plain package of the site layer (not a Django app: it has no models): it may import every
domain, and no domain imports it. One module per domain, each with a ``load`` that makes only
what is missing and says what it made, so a second run adds nothing:

* :mod:`.network`: administrative units, the libraries, the 2025 merger, staff accounts;
* :mod:`.catalogue`: real MARC files from the shared data, and the Vietnamese sample records
  (:mod:`.vietnamese_samples`, with their tables in :mod:`.vietnamese_sample_data`);
* :mod:`.digital`: a scanned local-studies page and the IIIF test image;
* :mod:`.circulation`: readers and loan rules.

:mod:`.loader` runs them in order and writes the progress lines; the ``demo`` command only
reads its options, calls it and starts the server.
"""
