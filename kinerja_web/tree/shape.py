"""Which part of a performance tree a page shows: a bounded number of nodes, whatever the agency's size.

The whole tree of a province-size agency has tens of thousands of RHK; a page shows whole levels
from the goals down while they fit in :data:`MAX_NODES`, and every RHK whose children are left out
links to its own branch (``?fokus=<RHK id>``). A search (``?q=``) shows the matching RHK with the
chains above them. Pure Python over :class:`kinerja_web.queries.tree.Tree`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..queries.tree import Goal, Node, Tree

MAX_NODES = 300


@dataclass
class Shown:
    goals: list[Goal]
    nodes: set[int] = field(default_factory=set)  # RHK drawn
    opened: set[int] = field(default_factory=set)  # RHK drawn unfolded (goal ids in ``open_goals``)
    open_goals: set[int] = field(default_factory=set)
    focus: Node | None = None
    matches: int = 0  # RHK matching the search
    cut: bool = False  # the search found more than a page shows


def whole(tree: Tree) -> Shown:
    """Levels from the goals down, while they fit; the top RHK unfolded."""
    shown = Shown(list(tree.goals))
    _levels(shown, [n for g in tree.goals for n in g.children])
    shown.opened = {n.id for g in tree.goals for n in g.children if n.id in shown.nodes}
    return shown


def branch(tree: Tree, node: Node) -> Shown:
    """The chain from the goal to ``node``, unfolded, and the levels below it while they fit."""
    goal = tree.goal_of(node)
    chain = tree.chain(node)
    shown = Shown([goal] if goal else [], focus=node)
    shown.nodes.update(n.id for n in chain)
    shown.opened.update(n.id for n in chain)
    shown.open_goals = {goal.id} if goal else set()
    _levels(shown, list(node.children))
    return shown


def search(tree: Tree, words: str) -> Shown:
    """RHK whose text, owner or unit holds ``words`` (any case), with the chains above them, unfolded."""
    needle = words.casefold()
    hits = [n for n in tree.nodes.values() if needle in n.text.casefold() or needle in n.employee.casefold()
            or needle in n.unit.casefold()]
    shown = Shown([], matches=len(hits), cut=len(hits) > MAX_NODES)
    for node in hits[:MAX_NODES]:
        chain = tree.chain(node)
        shown.nodes.update(n.id for n in chain)
        shown.opened.update(n.id for n in chain[:-1])
    top = {n.id for n in tree.nodes.values() if n.id in shown.nodes and n.parent_id is None}
    for goal in tree.goals:
        if needle in goal.text.casefold() or any(c.id in top for c in goal.children):
            shown.goals.append(goal)
            if any(c.id in top for c in goal.children):
                shown.open_goals.add(goal.id)
    return shown


def _levels(shown: Shown, level: list[Node]) -> None:
    first = True
    while level and (first or len(shown.nodes) + len(level) <= MAX_NODES):
        shown.nodes.update(n.id for n in level)
        level = [c for n in level for c in n.children if c.id not in shown.nodes]
        first = False
