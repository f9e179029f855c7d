"""The performance tree (pohon kinerja) of an agency's year, read flat and built in Python.

Three statements whatever the agency's size (one when the tree is in the aggregate cache): the year's
goals, every RHK of the year's approved and superseded SKP with its owner, and the stored capaian of the
chosen evaluation (a review period's or the annual one) summed per RHK in SQL. The tree is then linked in
Python: a staff RHK hangs under the supervisor's RHK it intervenes in (``WorkResult.parent_id``), a head's
RHK under the agency goal it serves (``WorkResult.goal_id``).

Only each person's newest approved SKP counts. A link to an RHK of a superseded version of the
supervisor's SKP follows that RHK to the RHK with the same text in the supervisor's SKP in force (a
revision copies RHK with their texts); a main RHK whose link leads nowhere is an orphan. Additional
RHK (tambahan) are not cascaded by the rule, so they are neither in the tree nor orphans.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import Float, Integer, cast, func, select, true

from ..extensions import db
from ..models import AgencyGoal, Employee, Evaluation, Period, Plan, Unit, WorkResult
from .cache import cached, shared

SCORED_STATES = ("rated", "final")  # the capaian the appraiser has seen; an open evaluation's may be stale


@dataclass
class Node:
    """One RHK in the tree, with what its subtree adds up to (see :meth:`Tree.cover`)."""

    id: int
    text: str
    employee_id: int
    employee: str
    unit_id: int
    unit: str
    parent_id: int | None = None  # resolved to an RHK in force, else None
    goal_id: int | None = None  # a goal of this year, else None
    own_sum: float = 0.0  # the stored capaian of this RHK's indicators, added up
    own_count: int = 0  # how many of its indicators have one
    children: list[Node] = field(default_factory=list)
    in_scope: bool = True  # False: shown only as the context of a chain the viewer may see
    people: int = 0
    rhk: int = 0
    score_sum: float = 0.0
    score_count: int = 0

    @property
    def own_attainment(self) -> float | None:
        return self.own_sum / self.own_count if self.own_count else None

    @property
    def attainment(self) -> float | None:
        return self.score_sum / self.score_count if self.score_count else None


@dataclass
class Goal:
    id: int
    text: str
    children: list[Node] = field(default_factory=list)
    people: int = 0
    rhk: int = 0
    score_sum: float = 0.0
    score_count: int = 0

    @property
    def attainment(self) -> float | None:
        return self.score_sum / self.score_count if self.score_count else None

    @property
    def supported(self) -> bool:
        return self.rhk > 0


@dataclass
class Tree:
    goals: list[Goal]
    nodes: dict[int, Node]
    orphans: list[Node]

    def parent_of(self, node: Node) -> Node | None:
        return self.nodes.get(node.parent_id) if node.parent_id is not None else None

    def chain(self, node: Node) -> list[Node]:
        """The node's ancestors, the top one first, then the node."""
        out, seen = [node], {node.id}
        while (up := self.parent_of(out[-1])) is not None and up.id not in seen:
            seen.add(up.id)
            out.append(up)
        return out[::-1]

    def goal_of(self, node: Node) -> Goal | None:
        top = self.chain(node)[0]
        return next((g for g in self.goals if g.id == top.goal_id), None)

    def scope(self, mine: Callable[[Node], bool] | None) -> None:
        """Keep the RHK ``mine`` accepts (None: every RHK) and the chains above them; count coverage
        over those only."""
        if mine is None:
            self.cover()
            return
        keep: set[int] = set()
        for node in self.nodes.values():
            node.in_scope = mine(node)
            if node.in_scope:
                keep.update(n.id for n in self.chain(node))
        self.nodes = {i: n for i, n in self.nodes.items() if i in keep}
        for node in self.nodes.values():
            node.children = [c for c in node.children if c.id in keep]
        for goal in self.goals:
            goal.children = [c for c in goal.children if c.id in keep]
        self.orphans = [o for o in self.orphans if o.in_scope]
        self.cover()

    def cover(self) -> None:
        """Per node and goal: people, RHK and stored capaian of its subtree (the viewer's part)."""
        def walk(node: Node, seen: set[int]) -> set[int]:
            people = {node.employee_id} if node.in_scope else set()
            node.rhk = 1 if node.in_scope else 0
            node.score_sum = node.own_sum if node.in_scope else 0.0
            node.score_count = node.own_count if node.in_scope else 0
            for child in node.children:
                if child.id in seen:  # a loop in the links ends here
                    continue
                seen.add(child.id)
                people |= walk(child, seen)
                node.rhk += child.rhk
                node.score_sum += child.score_sum
                node.score_count += child.score_count
            node.people = len(people)
            return people

        for goal in self.goals:
            people: set[int] = set()
            goal.rhk, goal.score_sum, goal.score_count = 0, 0.0, 0
            for top in goal.children:
                people |= walk(top, {top.id})
                goal.rhk += top.rhk
                goal.score_sum += top.score_sum
                goal.score_count += top.score_count
            goal.people = len(people)
        for orphan in self.orphans:
            walk(orphan, {orphan.id})


def load(agency_id: int, year: int, review_id: int | None) -> Tree:
    """The agency's tree for ``year``, with the capaian stored by the evaluations of review period
    ``review_id`` (None: the annual evaluations). Three statements, or one (the stamp) when this worker linked
    the same tree since the rows last changed (:func:`~kinerja_web.queries.cache.cached`): each view gets its own
    copy, which the view then cuts to what its viewer may see."""
    return cached("tree", (agency_id, year, review_id), lambda: _load(agency_id, year, review_id))


def load_whole(agency_id: int, year: int, review_id: int | None) -> Tree:
    """The agency's whole tree with its coverage counted (:meth:`Tree.cover`), for a viewer who may see all of
    it: one object shared by the worker's requests while the rows stay the same
    (:func:`~kinerja_web.queries.cache.shared`), so a repeated view neither unpickles nor counts 50,000 RHK
    again. Read-only: whoever needs to cut it takes :func:`load` instead."""
    def covered() -> Tree:
        tree = load(agency_id, year, review_id)
        tree.cover()
        return tree

    return shared("tree_whole", (agency_id, year, review_id), covered)


def _load(agency_id: int, year: int, review_id: int | None) -> Tree:
    goals = [Goal(i, t) for i, t in db.session.execute(
        select(AgencyGoal.id, AgencyGoal.text).where(AgencyGoal.agency_id == agency_id, AgencyGoal.year == year)
        .order_by(AgencyGoal.id))]
    rows = db.session.execute(
        select(WorkResult.id, WorkResult.parent_id, WorkResult.goal_id, WorkResult.kind, WorkResult.text,
               Plan.id, Plan.status, Plan.employee_id, Employee.name, Employee.unit_id, Unit.name)
        .join(Plan, Plan.id == WorkResult.plan_id).join(Period, Period.id == Plan.period_id)
        .join(Employee, Employee.id == Plan.employee_id).join(Unit, Unit.id == Employee.unit_id)
        .where(Period.agency_id == agency_id, Period.year == year, Plan.status.in_(("approved", "superseded")))
        .order_by(Employee.name, Employee.id, WorkResult.position, WorkResult.id)).all()
    scores = _scores(agency_id, year, review_id)
    return _link(goals, rows, scores)


def _link(goals: list[Goal], rows, scores: dict[int, tuple[float, int]]) -> Tree:
    current: dict[int, int] = {}  # employee → the plan in force (the newest approved)
    for r in rows:
        if r[6] == "approved":
            current[r[7]] = max(current.get(r[7], 0), r[5])
    by_text: dict[tuple[int, str], int] = {}  # (employee, RHK text) → RHK in force
    old: dict[int, tuple[int, str]] = {}  # RHK of any version → (employee, text)
    nodes: dict[int, Node] = {}
    for rhk, _parent, _goal, kind, text, plan, _status, emp, name, unit_id, unit in rows:
        old[rhk] = (emp, text.strip())
        if current.get(emp) == plan:
            by_text.setdefault((emp, text.strip()), rhk)
            if kind == "utama":
                own = scores.get(rhk, (0.0, 0))
                nodes[rhk] = Node(rhk, text, emp, name, unit_id, unit, own_sum=own[0], own_count=own[1])
    goal_by_id = {g.id: g for g in goals}
    orphans = []
    for r in rows:
        node = nodes.get(r[0])
        if node is None:
            continue
        parent = r[1] if r[1] in nodes else by_text.get(old.get(r[1], (None, "")))
        if parent is not None and parent in nodes and parent != node.id:
            node.parent_id = parent
            nodes[parent].children.append(node)
        elif r[2] in goal_by_id:
            node.goal_id = r[2]
            goal_by_id[r[2]].children.append(node)
        else:
            orphans.append(node)
    return Tree(goals, nodes, orphans)


def _scores(agency_id: int, year: int, review_id: int | None) -> dict[int, tuple[float, int]]:
    """{RHK id: (stored capaian of its indicators added up, how many)} of the approved SKP's rated and
    final evaluations of the review period (None: annual), added up in SQL from the score snapshots."""
    postgres = db.engine.dialect.name == "postgresql"
    if postgres:
        item = func.json_array_elements(Evaluation.scores).table_valued("value").lateral("score")
        result_id, percent = item.c.value.op("->>")("result_id"), item.c.value.op("->>")("percent")
    else:
        item = func.json_each(Evaluation.scores).table_valued("value").alias("score")
        result_id, percent = func.json_extract(item.c.value, "$.result_id"), func.json_extract(
            item.c.value, "$.percent")
    rhk = cast(result_id, Integer)
    query = (select(rhk, func.sum(cast(percent, Float)), func.count(percent))
             .select_from(Evaluation).join(item, true())
             .join(Plan, Plan.id == Evaluation.plan_id).join(Period, Period.id == Plan.period_id)
             .where(Period.agency_id == agency_id, Period.year == year, Plan.status == "approved",
                    Evaluation.status.in_(SCORED_STATES), Evaluation.scores.is_not(None),
                    Evaluation.review_id == review_id if review_id is not None else Evaluation.review_id.is_(None))
             .group_by(rhk))
    return {r: (float(s or 0), int(n)) for r, s, n in db.session.execute(query) if r is not None}


def as_decimal(value: float | None) -> Decimal | None:
    """A mean capaian for the ``percent`` filter (one decimal shown)."""
    return None if value is None else Decimal(str(round(value, 4)))
