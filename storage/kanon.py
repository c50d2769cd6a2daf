"""k-anonymity for the figures coordinators see: the one rule, applied inside the queries that count.

The project's privacy standard: "aggregates only in reports, groups under 5 never shown alone". Both the self-scan
figures (storage/scan_figures.py) and the weekly digest (storage/digest.py) put their rows through `buckets`, so
the rule is the same everywhere and holds before anything is rendered (chat, files, CSV, console).

The rule, for one breakdown (departments, sites) of rows that each belong to a person (`who`):

1. A group (one value of the key) with at least `k` distinct people is shown under its own name.
2. Every other row (smaller groups, and rows without a key) goes into one "other" bucket.
3. If that bucket has rows but fewer than `k` people, what happens depends on what the caller shows next to
   the groups:
   - `whole=False` (the total shown is the sum of the groups shown, as the scan figures' `total()`): the bucket
     is left out; its people appear nowhere, so no subtraction can find them.
   - `whole=True` (the caller shows the whole total, as the digest does): leaving the bucket out would let anyone
     subtract the shown groups from the total. So the smallest named group joins it instead (that group alone
     has `k` or more people, so together they have at least `k`), and every row is in a bucket of `k` or more.
4. Only a scope with fewer than `k` people in all has no bucket to show (bucket NULL for every row).

Nesting (`within`): a second breakdown that can be subtracted from a first (a department minus its sites) is
bucketed *inside* each bucket of the first, so what a department's row holds beyond its named sites' rows is
itself a bucket of `k` or more (it is that department's share of the sites' "other" row). Any sum or difference
of shown rows is then made of pieces of `k` or more people.

Distinct people are counted with COUNT(DISTINCT who): rows whose person was erased (who NULL) add no one, so a
group never looks bigger than it is.
"""
from __future__ import annotations

from sqlalchemy import CTE, and_, case, distinct, false, func, literal, null, or_, select
from sqlalchemy.sql import ColumnElement, FromClause

K = 5  # groups under this many distinct people are never shown separately
OTHER = ""  # the bucket of merged small groups (callers show it as "other"; None to their callers)
NO_KEY = "\x1f"  # stands for a missing key (NULL) so that every join stays a plain, hashable equality


def key_of(column: ColumnElement) -> ColumnElement[str]:
    """The value a row's key (or `within` bucket) has in the mapping `buckets` returns."""
    return func.coalesce(column, NO_KEY)


def buckets(
    rows: FromClause, key: str, who: str, k: int = K, *, whole: bool, within: str | None = None
) -> CTE:
    """The mapping with one row per (`within` value, key) present in `rows`: `w`, `key`, the `bucket` its rows
    are counted in (the key, OTHER, or NULL: not shown at all), and for labels the bucket's distinct people
    (`bucket_people`), its keys (`bucket_groups`, the other bucket's "3 sites") and everyone's (`all_people`).

    Callers join their rows on `key_of(row key) == mapping.c.key` (and `key_of(row within) == mapping.c.w`) and
    keep the rows whose bucket is not NULL (module docstring: the rule). `w` is a constant without `within`.
    """
    kc = key_of(rows.c[key])
    wc = key_of(rows.c[within]) if within else literal(NO_KEY)
    # each person once per group first (a hash DISTINCT), then plain counts: much cheaper than COUNT(DISTINCT)
    pairs = select(wc.label("w"), kc.label("key"), rows.c[who].label("who")).distinct().cte()
    sizes = (
        select(pairs.c.w, pairs.c.key, func.count(pairs.c.who).label("people"))  # COUNT skips an erased NULL
        .group_by(pairs.c.w, pairs.c.key)
        .subquery()
    )
    named = case((and_(sizes.c.key != NO_KEY, sizes.c.people >= k), 1), else_=0)
    smallest_first = func.row_number().over(
        partition_by=sizes.c.w, order_by=(1 - named, sizes.c.people, sizes.c.key)
    )
    ranked = select(sizes, named.label("named"), smallest_first.label("rank")).cte()  # read three times below
    groups = (
        select(ranked.c.w, func.sum(1 - ranked.c.named).label("left_groups"), func.sum(ranked.c.named).label("named"))
        .group_by(ranked.c.w)
        .subquery()
    )
    left_out = (
        select(pairs.c.w, pairs.c.who)
        .join(ranked, and_(ranked.c.w == pairs.c.w, ranked.c.key == pairs.c.key))
        .where(ranked.c.named == 0)
        .distinct()
        .subquery()
    )
    left = select(left_out.c.w, func.count(left_out.c.who).label("people")).group_by(left_out.c.w).subquery()
    left_people = func.coalesce(left.c.people, 0)
    if whole:  # a small leftover takes the smallest named group with it (rule 3)
        joins = and_(groups.c.left_groups > 0, left_people < k, groups.c.named > 0)
    else:
        joins = false()
    bucket = case(
        (and_(ranked.c.named == 1, ~and_(joins, ranked.c.rank == 1)), ranked.c.key),
        (or_(ranked.c.named == 1, left_people >= k, joins), literal(OTHER)),
        else_=null(),
    )
    assigned = (
        select(ranked.c.w, ranked.c.key, bucket.label("bucket"))
        .select_from(ranked.join(groups, groups.c.w == ranked.c.w).outerjoin(left, left.c.w == ranked.c.w))
        .cte()
    )
    return _with_sizes(assigned, pairs)


def _with_sizes(assigned: CTE, pairs: CTE) -> CTE:
    """The mapping with each bucket's people and keys, counted here once rather than by every caller."""
    members = (
        select(assigned.c.bucket, pairs.c.who)
        .join(assigned, and_(assigned.c.w == pairs.c.w, assigned.c.key == pairs.c.key))
        .distinct()
        .subquery()
    )
    people = select(members.c.bucket, func.count(members.c.who).label("n")).group_by(members.c.bucket).subquery()
    keys = (
        select(assigned.c.bucket, func.count(distinct(case((assigned.c.key != NO_KEY, assigned.c.key)))).label("n"))
        .group_by(assigned.c.bucket)
        .subquery()
    )
    everyone = select(pairs.c.who).where(pairs.c.who.is_not(None)).distinct().subquery()
    return (
        select(assigned.c.w, assigned.c.key, assigned.c.bucket, people.c.n.label("bucket_people"),
               keys.c.n.label("bucket_groups"), select(func.count()).select_from(everyone).scalar_subquery()
               .label("all_people"))
        .select_from(assigned.outerjoin(people, people.c.bucket == assigned.c.bucket)
                     .outerjoin(keys, keys.c.bucket == assigned.c.bucket))
        .cte()  # joined to by callers more than once in a statement: computed once
    )


def joined(mapping: CTE, key: ColumnElement, within: ColumnElement | None = None) -> ColumnElement[bool]:
    """The join condition of rows (their key, and their `within` bucket if nested) to a `buckets` mapping."""
    cond = mapping.c.key == key_of(key)
    return and_(cond, mapping.c.w == key_of(within)) if within is not None else cond


def shown_alone(people: int, k: int = K) -> bool:
    """Whether figures of this many people may be shown as they are (the digest's whole-week total: below k it
    is shown as counts only, without the averages of what people told)."""
    return people >= k

