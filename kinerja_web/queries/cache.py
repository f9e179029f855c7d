"""The leaders' dashboards' aggregates, kept per worker and keyed by the data generation.

A dashboard's figures group a whole agency's realisations and evaluations: at province scale that is most of
a second of SQL per view, while the rows they count change far less often than leaders look. So each
aggregate (a read of ``queries.dashboard``, ``queries.dashboard_lists`` or a panel's) is kept, pickled, in
this worker's memory under its scope, ``today`` and the **stamp**: the generation of the ``data_stamp`` row
with the largest ids of the big tables, read in one small statement per request (primary-key and index
look-ups, the same cost at any size).

The generation moves forward in the transaction of every commit that wrote a row the dashboards count
(:data:`TRACKED`, through the ORM session: the workflow, imports, the CLI), just before it commits, so the
next view on any worker or server sees a new stamp and computes afresh: a saved realisation shows at once.
The largest ids catch rows inserted past the session too (a bulk load). A transaction that has written such
a row and not committed yet neither reads nor fills the cache. Old generations are never asked for again and
leave as the cache fills (least recently used first, ``DASHBOARD_CACHE_MB`` per worker; 0 turns it off).
Access is decided before any of this: the key holds the scope (agency, year, unit) the viewer was allowed.
"""
from __future__ import annotations

import pickle
import threading
from collections import OrderedDict
from itertools import chain

from flask import current_app
from sqlalchemy import event, func, insert, select, update
from sqlalchemy.orm import Session

from ..extensions import db
from ..models import DataStamp, Employee, Evaluation, Plan, PlanIndicator, Realization

# the tables whose rows a dashboard counts or names
TRACKED = frozenset({"agency", "agency_goal", "unit", "employee", "period", "review_period", "plan",
                     "work_result", "plan_indicator", "realization", "evaluation", "calibration"})
_DIRTY, _STAMP = "kinerja_counted_rows_written", "kinerja_dashboard_stamp"


def _tracked(objects) -> bool:
    return any(getattr(getattr(o, "__table__", None), "name", None) in TRACKED for o in objects)


@event.listens_for(Session, "before_flush")
def _before_flush(session, flush_context, instances) -> None:
    if not session.info.get(_DIRTY) and _tracked(chain(session.new, session.dirty, session.deleted)):
        session.info[_DIRTY] = True


@event.listens_for(Session, "do_orm_execute")
def _orm_execute(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) in TRACKED:
            state.session.info[_DIRTY] = True


@event.listens_for(Session, "before_commit")
def _before_commit(session) -> None:
    """Move the generation forward last, so its row is locked only while the transaction commits."""
    if not session.info.get(_DIRTY) and not _tracked(chain(session.new, session.dirty, session.deleted)):
        return
    table = DataStamp.__table__
    moved = session.execute(update(table).where(table.c.id == 1).values(generation=table.c.generation + 1))
    if moved.rowcount == 0:  # a schema made without the migrations' row
        session.execute(insert(table).values(id=1, generation=1))


@event.listens_for(Session, "after_transaction_end")
def _transaction_end(session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_DIRTY, None)
        session.info.pop(_STAMP, None)


def stamp_columns() -> list:
    """The stamp as scalar subqueries: (generation, largest realisation, evaluation, indicator, plan and employee
    ids). A page's first statement may carry them (see :func:`remember`) so the stamp costs it nothing more."""
    generation = select(DataStamp.generation).where(DataStamp.id == 1).scalar_subquery()
    return [generation, *(select(func.max(m.id)).scalar_subquery()
                          for m in (Realization, Evaluation, PlanIndicator, Plan, Employee))]


def remember(values) -> None:
    """Keep the stamp a statement read with :func:`stamp_columns` for the rest of the transaction."""
    db.session().info[_STAMP] = tuple(values)


def stamp() -> tuple:
    """The stamp: read once per transaction (one statement, unless the page's first statement carried it)."""
    session = db.session()
    found = session.info.get(_STAMP)
    if found is None:
        found = session.info[_STAMP] = tuple(session.execute(select(*stamp_columns())).one())
    return found


class _Store:
    """Values, least recently used first out, while their weights add up to at most ``limit`` (pickled values
    by their bytes; :func:`shared`'s objects by one each); safe across threads."""

    def __init__(self, limit: int, weigh=len):
        self.limit, self.weigh, self.size, self.items, self.lock = limit, weigh, 0, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
            return found

    def put(self, key, value) -> None:
        weight = self.weigh(value)
        if weight > self.limit:
            return
        with self.lock:
            old = self.items.pop(key, None)
            self.size += weight - (self.weigh(old) if old is not None else 0)
            self.items[key] = value
            while self.size > self.limit:
                _, dropped = self.items.popitem(last=False)
                self.size -= self.weigh(dropped)


def _store() -> _Store | None:
    store = current_app.extensions.get("kinerja_dashboard_cache")
    if store is None:
        limit = int(float(current_app.config.get("DASHBOARD_CACHE_MB") or 0) * 1024 * 1024)
        store = current_app.extensions.setdefault("kinerja_dashboard_cache", _Store(limit) if limit > 0 else False)
    return store or None


def cached(name: str, key: tuple, compute, stamped_only: bool = False):
    """``compute()``, or what it answered for the same ``name`` and ``key`` at the current stamp. The value
    must pickle (plain rows and records, never ORM objects); each caller gets its own copy. ``stamped_only``:
    use the cache only when this transaction has read the stamp already (a plugin panel's read costs one
    statement on its own, and none more on a dashboard that read the stamp for its figures)."""
    store = _store()
    if store is None or db.session().info.get(_DIRTY) or (stamped_only and _STAMP not in db.session().info):
        return compute()
    full = (name, key, stamp())
    if db.session().info.get(_DIRTY):  # the stamp's statement flushed a counted row of this transaction
        return compute()
    blob = store.get(full)
    if blob is not None:
        return pickle.loads(blob)
    value = compute()
    store.put(full, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
    return value


SHARED_SLOTS = 3  # large read-only objects kept as objects per worker


def shared(name: str, key: tuple, compute):
    """``compute()``, or the very object it answered for the same ``name`` and ``key`` at the current stamp,
    shared by every request of this worker: for large results whose unpickling would cost what
    :func:`cached` saves (a province-size performance tree is 50,000 objects). The caller must never change
    what it gets. The worker keeps the :data:`SHARED_SLOTS` newest; off when the cache is off."""
    if _store() is None or db.session().info.get(_DIRTY):
        return compute()
    full = (name, key, stamp())
    if db.session().info.get(_DIRTY):
        return compute()
    keep = current_app.extensions.setdefault("kinerja_shared_objects", _Store(SHARED_SLOTS, lambda _: 1))
    found = keep.get(full)
    if found is None:
        found = compute()
        keep.put(full, found)
    return found
