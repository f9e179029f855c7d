"""The data generation: a counter every committed change to what the dashboards count moves forward."""
from __future__ import annotations

from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class DataStamp(db.Model):
    """One row (id 1): ``generation`` grows by one with each committed transaction that wrote a row the
    dashboards read (see :mod:`kinerja_web.queries.cache`), so a cached aggregate keyed by it is never stale."""

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    generation: Mapped[int] = mapped_column(default=0)
