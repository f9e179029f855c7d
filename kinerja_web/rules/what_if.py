"""What-if on the distribution curve (RULES.md §5): move people between predikat on paper, and the fewest
moves that would bring a distribution within a pattern.

A planning aid only: nothing here changes a rating. Ratings change through the evaluation workflow, one
person at a time, with a reason.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from itertools import permutations, product

from .distribution import DistributionPattern, check
from .types import Predicate

ORDER = tuple(Predicate)  # Sangat Baik … Sangat Kurang: "nearest" predikat are neighbours in this order
EXHAUSTIVE_LIMIT = 20  # patterns the fast solver does not cover are searched in full up to this many people


@dataclass(frozen=True)
class Move:
    """``count`` people counted as ``source`` would be counted as ``target``."""

    count: int
    source: Predicate
    target: Predicate


def apply_moves(counts: dict[Predicate, int], moves) -> Counter:
    """The counts after ``moves``; a move of more people than its source holds raises ValueError."""
    out = Counter({p: counts.get(p, 0) for p in ORDER})
    for move in moves:
        if move.count < 0 or move.count > out[move.source]:
            raise ValueError(f"cannot move {move.count} of {out[move.source]} {move.source.value}")
        out[move.source] -= move.count
        out[move.target] += move.count
    return out


def complies(pattern: DistributionPattern, counts: dict[Predicate, int]) -> bool:
    return all(result.met for result in check(pattern, counts))


def smallest_moves(pattern: DistributionPattern, counts: dict[Predicate, int]) -> tuple[Move, ...] | None:
    """The fewest people to count under another predikat so that ``counts`` meet ``pattern``, as moves
    (each to the nearest predikat that needs people); ``()`` when they already comply, None when no
    distribution of that many people complies (Baik with one person: most Baik *and* some Butuh Perbaikan).

    Example::

        >>> smallest_moves(baik_pattern, {Predicate.GOOD: 9, Predicate.VERY_GOOD: 1})
        (Move(count=2, source=Predicate.GOOD, target=Predicate.NEEDS_IMPROVEMENT),)
    """
    now = [counts.get(p, 0) for p in ORDER]
    if complies(pattern, counts):
        return ()
    if not sum(now):
        return None  # nobody to move
    target = _fast_target(pattern, now)
    if target is _UNSUPPORTED:
        target = _exhaustive_target(pattern, now) if sum(now) <= EXHAUSTIVE_LIMIT else None
    if target is None:
        return None
    return _moves(now, target)


_UNSUPPORTED = object()


def searchable(pattern: DistributionPattern, total: int) -> bool:
    """Whether :func:`smallest_moves` can answer for ``total`` people: always for patterns whose groups do not
    overlap (the national ones), up to ``EXHAUSTIVE_LIMIT`` people for others. Where it cannot, its None
    does not mean that nothing complies."""
    return total <= EXHAUSTIVE_LIMIT or _disjoint(*_bounds(pattern, total))


def _disjoint(groups, largest) -> bool:
    members = [i for g in groups for i in g]
    return len(members) == len(set(members)) and len(largest) <= 1


def allowed_counts(pattern: DistributionPattern, total: int) -> dict[Predicate, tuple[int, int]]:
    """The lowest and highest count of each predikat that the pattern's constraints on it alone allow among
    ``total`` people (Istimewa, 10 people: Sangat Baik 0–7). Constraints on several predikat together and
    "the largest group" are not in these ranges; :func:`check` states them."""
    groups, _largest = _bounds(pattern, total)
    return {p: groups.get(frozenset({i}), (0, total)) for i, p in enumerate(ORDER)}


def moves_between(counts: dict[Predicate, int], target: dict[Predicate, int]) -> tuple[Move, ...]:
    """The moves that turn ``counts`` into ``target`` (same total), each to the nearest predikat in need."""
    return _moves([counts.get(p, 0) for p in ORDER], [target.get(p, 0) for p in ORDER])


def _bounds(pattern, total):
    """{group: (lowest, highest)} count each share constraint allows, and the one ``largest`` group, if any.
    Shares are compared exactly as :func:`check` does: n * 100 / total against the percent."""
    groups, largest = {}, []
    for c in pattern.constraints:
        idx = frozenset(ORDER.index(p) for p in c.predicates)
        low, high = groups.get(idx, (0, total))
        if c.kind == "largest":
            largest.append(idx)
            groups.setdefault(idx, (low, high))
            continue
        if c.kind == "min_share":
            low = max(low, math.ceil(c.percent * total / 100))
        elif c.kind == "max_share":
            high = min(high, math.floor(c.percent * total / 100))
        elif c.kind == "at_least_one":
            low = max(low, 1)
        elif c.kind == "none":
            high = 0
        groups[idx] = (low, high)
    return groups, largest


def _fast_target(pattern, now):
    """The complying counts nearest to ``now`` (least moved), when the pattern's groups do not overlap and
    at most one is to be the largest; else ``_UNSUPPORTED``.

    For each size ``v`` of the largest group every other predikat is capped at ``v``; then each group's
    cheapest count is its current one clipped to its bounds, and the people still to place (or take) cost
    one move each wherever they go, since no group is left below its own current count while another is
    raised. Moves = half the L1 distance, as every person leaving one predikat enters another."""
    total = sum(now)
    groups, largest = _bounds(pattern, total)
    if not _disjoint(groups, largest):
        return _UNSUPPORTED
    members = [i for g in groups for i in g]
    for i in range(len(ORDER)):  # predikat in no constraint: a group of their own, any count
        if i not in members:
            groups[frozenset({i})] = (0, total)
    best = None
    for v in range(total + 1) if largest else [None]:
        found = _nearest(groups, largest[0] if largest else None, v, now, total, ORDER_INDEX)
        if found is not None and (best is None or found[0] < best[0]):
            best = (*found, v)
    if best is None:
        return None
    # Among the equally few moves, the least change of predikat: try every order of filling
    # (5! = 120 at the best size of the largest group only; the count is already minimal)
    v = best[2]
    tries = (_nearest(groups, largest[0] if largest else None, v, now, total, order)
             for order in permutations(ORDER_INDEX))
    return min((t for t in tries if t[0] == best[0]), key=lambda t: (_distance(now, t[1]), t[1]))[1]


ORDER_INDEX = tuple(range(len(ORDER)))


def _nearest(groups, top, v, now, total, order):
    """(L1 distance, counts) of the complying counts nearest to ``now`` with the largest group of size
    ``v``; people left to place (or take) go to groups, and within a group to predikat, in ``order``."""
    rank = {i: order.index(i) for i in ORDER_INDEX}
    plan = []  # (group, low, high, member caps, members clipped to their caps)
    for g, (low, high) in sorted(groups.items(), key=lambda item: min(rank[i] for i in item[0])):
        caps = {i: (total if v is None or g == top else v) for i in g}
        if g == top:
            low, high = max(low, v), min(high, v)
        high = min(high, sum(caps.values()))
        if low > high:
            return None
        plan.append((g, low, high, caps, {i: min(now[i], caps[i]) for i in g}))
    if not sum(p[1] for p in plan) <= total <= sum(p[2] for p in plan):
        return None
    sizes = {p[0]: min(max(sum(p[4].values()), p[1]), p[2]) for p in plan}
    gap = total - sum(sizes.values())
    for g, low, high, _caps, _clipped in plan:  # the rest, one move per person, wherever there is room
        step = min(high - sizes[g], gap) if gap > 0 else max(low - sizes[g], gap)
        sizes[g] += step
        gap -= step
    target = [0] * len(ORDER)
    for g, _low, _high, caps, clipped in plan:
        extra = sizes[g] - sum(clipped.values())
        for i in g:
            target[i] = clipped[i]
        for i in sorted(g, key=rank.get):  # fill (or empty) members within their caps
            step = min(caps[i] - target[i], extra) if extra > 0 else max(-target[i], extra)
            target[i] += step
            extra -= step
    return sum(abs(t - n) for t, n in zip(target, now, strict=True)), target


def _distance(now, target) -> int:
    """How far ratings travel: a move from Sangat Baik to Baik is 1, to Sangat Kurang 4."""
    return sum(m.count * abs(ORDER.index(m.source) - ORDER.index(m.target)) for m in _moves(now, target))


def _exhaustive_target(pattern, now):
    """Every distribution of the same people, nearest first: for patterns the fast path does not cover."""
    total, best = sum(now), None
    for head in product(range(total + 1), repeat=len(ORDER) - 1):
        rest = total - sum(head)
        if rest < 0:
            continue
        target = [*head, rest]
        cost = sum(abs(t - n) for t, n in zip(target, now, strict=True))
        if (best is None or cost < best[0]) and complies(pattern, dict(zip(ORDER, target, strict=True))):
            best = (cost, target)
    return None if best is None else best[1]


def _moves(now, target) -> tuple[Move, ...]:
    """Surpluses to deficits, each surplus to the nearest predikat in need: the least change to a rating."""
    spare = {i: n - t for i, (n, t) in enumerate(zip(now, target, strict=True)) if n > t}
    need = {i: t - n for i, (n, t) in enumerate(zip(now, target, strict=True)) if t > n}
    moves = []
    while need:
        i, j = min(((i, j) for i in spare for j in need), key=lambda pair: (abs(pair[0] - pair[1]), pair))
        count = min(spare[i], need[j])
        moves.append(Move(count, ORDER[i], ORDER[j]))
        for pool, key in ((spare, i), (need, j)):
            pool[key] -= count
            if not pool[key]:
                del pool[key]
    return tuple(sorted(moves, key=lambda m: (ORDER.index(m.source), ORDER.index(m.target))))
