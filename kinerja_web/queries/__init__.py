"""The read path: every read that more than one view needs.

Pages ask these functions for what they show. Each answers with a fixed number
of SQL statements whatever the data size: counts and sums are aggregated in SQL,
lists of a team or an agency are paginated, and nothing loads a whole team's
realisations or evaluations to count them in Python. Functions here never
change rows (that is ``kinerja_web.workflow``).
"""
