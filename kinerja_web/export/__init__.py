"""Export: every list a user can see, as xlsx and CSV (``/ekspor/...``), and the e-Kinerja workbook.

Each export calls the query function its page calls, with the page's filters from the same query
string and the same access check, so what a person can download is exactly what the page shows them
(without its pagination). Lists are read with ``yield_per`` (one statement, read in batches) and
streamed (``export.stream``).
"""
