"""Which introductions to broker next: people not yet tied who have most in common.

:func:`suggest_introductions` ranks, for one person, the people they do not yet know
(``KNOWS``) by what they share, in the spirit of link prediction [1]_:

- **mutual contacts**: the Adamic-Adar index [2]_ over ``KNOWS`` ties, each mutual contact
  ``w`` counting ``1 / log(k_w)`` where ``k_w`` is how many people ``w`` knows (a contact with
  few contacts is the more telling one), or the resource-allocation index [3]_, ``1 / k_w``;
- **shared forums, organisations and communities**, and **shared interests**: the same
  weighting over contexts, ``1 / log(n)`` for a context of ``n`` people;
- a **bridging bonus** when the introduction would join local and national (or international)
  work, by each person's effective scale (their own ``scale``, else their place's through
  ``PART_OF``), or two communities (each belongs to communities, none shared).

The score is ``(contacts + contexts_weight * contexts + interests_weight * interests)
* (1 + bonuses)``.

Candidates come from two steps out: through the people a person knows, and through the
contexts and interests with at most ``max_context_size`` people (a 5,000-member network would
nominate everyone in it). Bigger contexts still count for candidates found another way.

Opting out
----------
A person whose ``open_to_introductions`` property is false takes no part: they are never
suggested, nothing is suggested for them, and they are never named (or counted) as a mutual
contact who could make an introduction, so no suggestion rests on them unseen. Pairs in
``already_introduced`` are never suggested again.

References
----------
.. [1] D. Liben-Nowell and J. Kleinberg, "The link-prediction problem for social networks",
   J. Am. Soc. Inf. Sci. Technol. 58(7), 1019-1031 (2007).
.. [2] L. A. Adamic and E. Adar, "Friends and neighbors on the Web", Social Networks 25(3),
   211-230 (2003).
.. [3] T. Zhou, L. Lu and Y.-C. Zhang, "Predicting missing links via local information",
   Eur. Phys. J. B 71, 623-630 (2009).
.. [4] R. S. Burt, "Structural Holes and Good Ideas", American Journal of Sociology 110(2),
   349-399 (2004).
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph.analysis.context import NetworkView, rank_mutual_contacts, view_of
from graph.analysis.projections import Key, Projection
from graph.analysis.results import AnalysisResult, Evidence, ResultItem
from graph.vocabulary import NodeKind, Scale

__all__ = ["Weights", "introduction_worklist", "suggest_introductions"]

LOCAL_SCALES = frozenset({Scale.LOCAL})
WIDE_SCALES = frozenset({Scale.NATIONAL, Scale.INTERNATIONAL})
METHODS = ("adamic_adar", "resource_allocation")


@dataclass(frozen=True, slots=True)
class Weights:
    """How much each kind of reason counts (mutual contacts count 1)."""

    contexts: float = 0.5
    """Shared forums, organisations and communities."""
    interests: float = 0.25
    scale_bridge: float = 0.5
    """Bonus (a fraction of the score) for joining local and national work."""
    community_bridge: float = 0.25
    """Bonus for joining two communities."""


@dataclass(slots=True)
class _Candidate:
    contacts: float = 0.0
    via: list[Hashable] = field(default_factory=list)
    contexts: float = 0.0
    interests: float = 0.0
    shared: list[Hashable] = field(default_factory=list)


def _name_list(view: NetworkView, ids: Sequence[Hashable], limit: int = 3) -> str:
    names = [view.name(i) for i in ids[:limit]]
    if len(ids) > limit:
        names.append(f"{len(ids) - limit} more")
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _scale_bridge(view: NetworkView, a: Hashable, b: Hashable) -> bool:
    sa, sb = view.scale(a), view.scale(b)
    return (sa in LOCAL_SCALES and sb in WIDE_SCALES) or (sa in WIDE_SCALES and sb in LOCAL_SCALES)


def suggest_introductions(
    G: nx.Graph,
    person: Hashable,
    *,
    k: int = 10,
    method: str = "adamic_adar",
    weights: Weights | None = None,
    already_introduced: Collection[frozenset[Hashable]] = frozenset(),
    max_context_size: int | None = None,
    require_via: bool = False,
) -> AnalysisResult:
    """The ``k`` people most worth introducing to ``person``, best first.

    Parameters
    ----------
    G : networkx.Graph
        A projection (:func:`~graph.analysis.projections.full_graph` or
        :func:`~graph.analysis.projections.people_graph`). Nodes may carry
        ``open_to_introductions`` (absent means true) and ``effective_scale``.
    person : node
        The person to suggest introductions for.
    k : int, default 10
        How many suggestions at most.
    method : {"adamic_adar", "resource_allocation"}
        How mutual contacts are weighted: ``1 / log(k_w)`` or ``1 / k_w``.
    weights : Weights, optional
        How much shared contexts and interests count, and the bridging bonuses.
    already_introduced : collection of frozenset pairs
        Pairs introduced already (``frozenset({a, b})``); never suggested again.
    max_context_size : int, optional
        Contexts and interests with more people than this nominate no candidates (they
        still count for candidates found otherwise). Default: the projection's
        ``max_context_size``, 100.
    require_via : bool, default False
        Only suggest people with at least one mutual contact to make the introduction.

    Returns
    -------
    AnalysisResult
        Analysis ``"introductions"``. Each item's ``id`` is the suggested person; ``details``
        hold ``person`` (who it is for), ``via`` (mutual contacts who could make the
        introduction, best first), ``shared`` (ids of shared forums, organisations,
        communities, interests and places) and ``reasons`` (each ``{"reason", "ids",
        "text"}``). Scores: ``score``, ``mutual_contacts``, ``contexts``, ``interests``,
        ``bridge`` (the bonus fraction). The evidence holds the ties behind every reason and
        their sources. ``summary["opted_out"]`` is true (and there are no items) when
        ``person`` has opted out.

    Raises
    ------
    networkx.NodeNotFound
        When ``person`` is not in ``G``.
    ValueError
        When ``person`` is not a person, or ``method`` or ``k`` is not allowed.

    Examples
    --------
    In Zachary's karate club (every member a person, every tie "knows"), the instructor (0)
    and the administrator (33) have four friends in common: the top suggestion for 0. The
    scores equal :func:`networkx.adamic_adar_index`.

    >>> import networkx as nx
    >>> from graph.vocabulary import NodeKind, RelType
    >>> G = nx.karate_club_graph()
    >>> nx.set_node_attributes(G, NodeKind.PERSON, "kind")
    >>> nx.set_edge_attributes(G, frozenset({RelType.KNOWS}), "types")
    >>> result = suggest_introductions(G, 0, k=3)
    >>> [item.id for item in result.items]
    ['33', '32', '16']
    >>> result.items[0].details["via"]
    [13, 8, 31, 19]

    References
    ----------
    .. [1] L. A. Adamic and E. Adar, "Friends and neighbors on the Web", Social Networks
       25(3), 211-230 (2003).
    .. [2] T. Zhou, L. Lu and Y.-C. Zhang, "Predicting missing links via local
       information", Eur. Phys. J. B 71, 623-630 (2009).
    """
    if person not in G:
        raise nx.NodeNotFound(f"node {person!r} is not in the graph")
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}")
    if k < 1:
        raise ValueError("k must be at least 1")
    view = view_of(G)
    if not view.is_person(person):
        raise ValueError(f"{person!r} is not a person")
    chosen = weights or Weights()
    parameters: dict[str, Any] = {
        "person": person,
        "k": k,
        "method": method,
        "weights": {f: getattr(chosen, f) for f in Weights.__dataclass_fields__},
        "max_context_size": max_context_size,
        "require_via": require_via,
        "already_introduced": len(already_introduced),
    }
    projection = G.graph.get("projection", Projection.FULL)
    if not view.is_open(person):
        return AnalysisResult(
            "introductions", projection, parameters, (), summary={"opted_out": True}
        )
    scored = _score(
        view,
        person,
        method=method,
        weights=chosen,
        already_introduced=already_introduced,
        cap=max_context_size if max_context_size is not None else view.max_context_size,
        require_via=require_via,
    )
    best = heapq.nsmallest(
        k, scored, key=lambda s: (-s[0], view.name(s[1]).casefold(), str(s[1]))
    )
    items = tuple(
        _item(view, person, score, z=z, cand=cand, method=method) for score, z, cand in best
    )
    return AnalysisResult(
        "introductions", projection, parameters, items, summary={"opted_out": False}
    )


def _score(
    view: NetworkView,
    person: Hashable,
    *,
    method: str,
    weights: Weights,
    already_introduced: Collection[frozenset[Hashable]],
    cap: int,
    require_via: bool,
) -> list[tuple[float, Hashable, _Candidate]]:
    contacts = view.knows(person)
    known = set(contacts)
    candidates: dict[Hashable, _Candidate] = defaultdict(_Candidate)
    is_open = view.is_open
    # Mutual contacts: two steps out through the people ``person`` knows.
    for w in contacts:
        if not is_open(w):
            continue
        theirs = view.knows(w)
        if len(theirs) < 2:
            continue
        weight = 1.0 / math.log(len(theirs)) if method == "adamic_adar" else 1.0 / len(theirs)
        for z in theirs:
            if z != person and z not in known:
                cand = candidates[z]
                cand.contacts += weight
                cand.via.append(w)
    # Shared contexts and interests: small ones nominate, big ones only add to the score.
    big: list[tuple[Hashable, bool, float]] = []
    for ctx in dict.fromkeys(view.contexts(person)):
        kind = view.context_kind(ctx)
        size = view.size(ctx)
        if kind is NodeKind.PLACE or size < 2:
            continue
        interest = kind is NodeKind.INTEREST
        share = 1.0 / math.log(size)
        if size > cap:
            big.append((ctx, interest, share))
            continue
        for z in view.members(ctx):
            if z == person or z in known:
                continue
            if require_via:  # only people met through a mutual contact can qualify
                met = candidates.get(z)
                if met is not None:
                    _share(met, ctx, interest, share)
            else:
                _share(candidates[z], ctx, interest, share)
    if big:
        for z, cand in candidates.items():
            in_contexts = set(view.contexts(z))
            for ctx, interest, share in big:
                if ctx in in_contexts:
                    _share(cand, ctx, interest, share)

    out: list[tuple[float, Hashable, _Candidate]] = []
    my_communities = view.communities(person)
    for z, cand in candidates.items():
        if not view.is_person(z) or not is_open(z):
            continue
        if frozenset((person, z)) in already_introduced:
            continue
        if require_via and not cand.via:
            continue
        base = cand.contacts + weights.contexts * cand.contexts
        base += weights.interests * cand.interests
        if base <= 0:
            continue
        bonus = _bonus(view, person, z, my_communities, weights)
        out.append((base * (1.0 + bonus), z, cand))
    return out


def _share(cand: _Candidate, ctx: Hashable, interest: bool, share: float) -> None:
    if interest:
        cand.interests += share
    else:
        cand.contexts += share
    cand.shared.append(ctx)


def _bonus(
    view: NetworkView,
    a: Hashable,
    b: Hashable,
    a_communities: frozenset[Hashable],
    weights: Weights,
) -> float:
    bonus = 0.0
    if _scale_bridge(view, a, b):
        bonus += weights.scale_bridge
    if a_communities:
        theirs = view.communities(b)
        if theirs and theirs.isdisjoint(a_communities):
            bonus += weights.community_bridge
    return bonus


def _item(
    view: NetworkView,
    person: Hashable,
    score: float,
    *,
    z: Hashable,
    cand: _Candidate,
    method: str,
) -> ResultItem:
    via = rank_mutual_contacts(view, person, z, cand.via)
    shared = sorted(cand.shared, key=lambda c: (view.size(c), view.name(c).casefold()))
    keys: list[Key] = []
    sources: list[str] = []
    for w in via:
        for u, v in ((person, w), (w, z)):
            keys.extend(view.knows_keys(u, v))
            sources.extend(view.knows_sources(u, v))
    for ctx in shared:
        for end in (person, z):
            keys.extend(view.membership_keys(end, ctx))
            sources.extend(view.membership_sources(end, ctx))
    reasons: list[dict[str, Any]] = []
    if via:
        reasons.append(
            {
                "reason": "mutual_contacts",
                "ids": via,
                "text": f"both know {_name_list(view, via)}",
            }
        )
    contexts = [c for c in shared if view.context_kind(c) is not NodeKind.INTEREST]
    interests = [c for c in shared if view.context_kind(c) is NodeKind.INTEREST]
    if contexts:
        reasons.append(
            {
                "reason": "shared_contexts",
                "ids": contexts,
                "text": f"both are in {_name_list(view, contexts)}",
            }
        )
    if interests:
        reasons.append(
            {
                "reason": "shared_interests",
                "ids": interests,
                "text": f"both are interested in {_name_list(view, interests)}",
            }
        )
    bridge = 0.0
    if _scale_bridge(view, person, z):
        bridge += 1
        sp, sz = view.scale(person), view.scale(z)
        reasons.append(
            {
                "reason": "joins_local_and_national",
                "ids": [person, z],
                "text": f"it joins {sp} and {sz} work",
            }
        )
    mine = view.communities(person)
    theirs = view.communities(z)
    if mine and theirs and mine.isdisjoint(theirs):
        bridge += 1
        reasons.append(
            {
                "reason": "joins_communities",
                "ids": sorted(mine | theirs, key=str),
                "text": f"it joins {_name_list(view, sorted(mine, key=str))} with "
                f"{_name_list(view, sorted(theirs, key=str))}",
            }
        )
    name_p, name_z = view.name(person), view.name(z)
    because = "; ".join(r["text"] for r in reasons)
    if via:
        who = view.name(via[0])
        explanation = (
            f"Introduce {name_p} to {name_z}: {because}. {who} could make the introduction."
        )
    else:
        explanation = (
            f"Introduce {name_p} to {name_z}: {because}. No mutual contact is recorded; "
            f"they could meet through what they share."
        )
    evidence = Evidence(
        nodes=(str(person), str(z), *map(str, via), *map(str, shared)),
        relationships=tuple((str(s), str(t), str(d)) for s, t, d in keys),
        sources=tuple(sources),
    )
    return ResultItem(
        id=str(z),
        name=name_z,
        scores={
            "score": score,
            "mutual_contacts": cand.contacts,
            "contexts": cand.contexts,
            "interests": cand.interests,
            "bridge": bridge,
        },
        evidence=evidence,
        explanation=explanation,
        details={
            "person": person,
            "suggested": z,
            "via": via,
            "shared": shared,
            "reasons": reasons,
            "method": method,
        },
    )


def introduction_worklist(
    G: nx.Graph,
    *,
    per_person: int = 3,
    limit: int | None = 100,
    people: Iterable[Hashable] | None = None,
    method: str = "adamic_adar",
    weights: Weights | None = None,
    already_introduced: Collection[frozenset[Hashable]] = frozenset(),
    max_context_size: int | None = None,
    require_via: bool = True,
) -> AnalysisResult:
    """A network-wide worklist: the best introductions across everyone, each pair once.

    For each person (or each of ``people``), the ``per_person`` best suggestions from
    :func:`suggest_introductions`; a pair suggested from both sides is kept once, from the
    side where it scored higher. Ranked by score, best first, up to ``limit``.

    Parameters
    ----------
    G : networkx.Graph
        A projection, as for :func:`suggest_introductions`.
    per_person : int, default 3
        Suggestions considered per person.
    limit : int or None, default 100
        How many introductions at most (None: all).
    people : iterable, optional
        Only suggestions for these people (default: every person open to introductions).
    require_via : bool, default True
        Only introductions someone can make: at least one mutual contact.
    method, weights, already_introduced, max_context_size
        As for :func:`suggest_introductions`.

    Returns
    -------
    AnalysisResult
        Analysis ``"introduction_worklist"``; items as in :func:`suggest_introductions`
        (``id`` the suggested person, ``details["person"]`` the other).

    Examples
    --------
    >>> import networkx as nx
    >>> from graph.vocabulary import NodeKind, RelType
    >>> G = nx.path_graph(["ada", "bob", "cas"])
    >>> nx.set_node_attributes(G, NodeKind.PERSON, "kind")
    >>> nx.set_edge_attributes(G, frozenset({RelType.KNOWS}), "types")
    >>> [(i.details["person"], i.id, i.details["via"]) for i in introduction_worklist(G)]
    [('ada', 'cas', ['bob'])]

    References
    ----------
    .. [1] D. Liben-Nowell and J. Kleinberg, "The link-prediction problem for social
       networks", J. Am. Soc. Inf. Sci. Technol. 58(7), 1019-1031 (2007).
    """
    if per_person < 1:
        raise ValueError("per_person must be at least 1")
    view = view_of(G)
    who = list(people) if people is not None else [n for n in G if view.is_person(n)]
    best: dict[frozenset[Hashable], ResultItem] = {}
    for person in who:
        if not view.is_person(person) or not view.is_open(person):
            continue
        result = suggest_introductions(
            G,
            person,
            k=per_person,
            method=method,
            weights=weights,
            already_introduced=already_introduced,
            max_context_size=max_context_size,
            require_via=require_via,
        )
        for item in result.items:
            pair = frozenset((person, item.details["suggested"]))
            held = best.get(pair)
            if held is None or item.scores["score"] > held.scores["score"]:
                best[pair] = item
    ranked = sorted(
        best.values(),
        key=lambda i: (-i.scores["score"], str(i.details["person"]), str(i.id)),
    )
    if limit is not None:
        ranked = ranked[:limit]
    parameters: dict[str, Any] = {
        "per_person": per_person,
        "limit": limit,
        "people": sorted(map(str, who)) if people is not None else None,
        "method": method,
        "max_context_size": max_context_size,
        "require_via": require_via,
        "already_introduced": len(already_introduced),
    }
    projection = G.graph.get("projection", Projection.FULL)
    return AnalysisResult("introduction_worklist", projection, parameters, tuple(ranked))
