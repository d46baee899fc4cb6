"""A simulation of the tracking service past one machine (docs/tracking-scale.md): stateless redirectors
produce each click to a replicated log and answer the 302 only once the log acknowledges it; a consumer
copies the log into a ReplacingMergeTree table keyed by click ID. Faults are injected at random: a
redirector crashing before or after the log's acknowledgement, a producer retry that writes a click twice,
the loss of a partition's leader (with records not yet copied to its followers), and a consumer crashing
between its insert and its offset commit (so the next one replays). The report says whether any
acknowledged click is missing from the table, and how many duplicates the merge on click ID removed.

With ``acks="1"`` (the leader alone acknowledges) the same faults lose acknowledged clicks: the simulation
tells the two apart, which is why the design asks for ``acks=all`` with ``min.insync.replicas=2``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Literal

Acks = Literal["all", "1"]


@dataclass
class Record:
    click_id: str
    version: int  # the producer's attempt: a retried click has the same ID and a later version


@dataclass
class Replica:
    log: list[Record] = field(default_factory=list)
    alive: bool = True


class Partition:
    """One partition of the log with ``replicas`` copies, a leader, and the in-sync replicas (ISR)."""

    def __init__(self, replicas: int, min_insync: int, acks: Acks) -> None:
        self.replicas = [Replica() for _ in range(replicas)]
        self.leader = 0
        self.min_insync = min_insync
        self.acks = acks
        self.elections = 0

    def live(self) -> list[int]:
        return [i for i, r in enumerate(self.replicas) if r.alive]

    def append(self, rec: Record, rng: random.Random, leader_dies: bool) -> bool:
        """Append ``rec``; True when the log acknowledges it. A leader that dies mid-append may have the
        record on its own disk only (never acknowledged under acks=all)."""
        leader = self.replicas[self.leader]
        if not leader.alive:
            return False
        followers = [i for i in self.live() if i != self.leader]
        if self.acks == "all" and 1 + len(followers) < self.min_insync:
            return False  # not enough in-sync copies: refuse rather than acknowledge a single copy
        leader.log.append(rec)
        if self.acks == "1":
            acked = True  # acknowledged before any follower has it
            if leader_dies:
                self._kill_leader()
                return acked
            for i in followers:  # followers fetch later; some lag behind
                if rng.random() < 0.7:
                    self.replicas[i].log.append(rec)
            self._catch_up_sometimes(rng)
            return acked
        if leader_dies:  # before it copied the record anywhere: not acknowledged
            self._kill_leader()
            return False
        for i in followers:
            self.replicas[i].log.append(rec)
        return True

    def _catch_up_sometimes(self, rng: random.Random) -> None:
        leader = self.replicas[self.leader]
        for i in self.live():
            if i != self.leader and rng.random() < 0.3:
                self.replicas[i].log = list(leader.log)

    def _kill_leader(self) -> None:
        self.replicas[self.leader].alive = False
        self.elect()

    def elect(self) -> None:
        """A new leader among the live replicas (the longest log: under acks=all every live in-sync
        replica has every acknowledged record); the others truncate to it; the dead one comes back as a
        follower and copies the new leader's log."""
        live = self.live()
        if not live:
            return
        self.leader = max(live, key=lambda i: len(self.replicas[i].log))
        self.elections += 1
        log = self.replicas[self.leader].log
        for r in self.replicas:
            r.log = list(log)
            r.alive = True

    def log(self) -> list[Record]:
        return self.replicas[self.leader].log

    def high_watermark(self) -> int:
        """How much of the log every live replica has: all a consumer may read (Kafka's high watermark)."""
        return min(len(self.replicas[i].log) for i in self.live())


@dataclass
class Report:
    clicks: int
    acknowledged: int
    lost_acknowledged: int  # acknowledged clicks missing from the table after the merge
    inserted_rows: int
    duplicate_rows_inserted: int  # rows the merge on click ID removed
    final_rows: int  # one per click ID after the merge
    unacknowledged_in_table: int  # in the log, but the visitor got no 302 (at-least-once extras)
    redirector_crashes_before_ack: int
    redirector_crashes_after_ack: int
    producer_retries: int
    leader_losses: int
    consumer_replays: int


def simulate(
    seed: int,
    clicks: int = 5000,
    *,
    acks: Acks = "all",
    partitions: int = 4,
    replicas: int = 3,
    min_insync: int = 2,
    fault_rate: float = 0.01,
) -> Report:
    """Run ``clicks`` clicks through redirectors, the log and the consumer with faults at ``fault_rate``."""
    rng = random.Random(seed)
    parts = [Partition(replicas, min_insync, acks) for _ in range(partitions)]
    acknowledged: set[str] = set()
    counts = {"before": 0, "after": 0, "retries": 0, "leaders": 0, "replays": 0}
    table: list[Record] = []  # every row inserted (before merges)
    offsets = [0] * partitions

    def consume(p: int) -> None:
        end = parts[p].high_watermark()
        batch = parts[p].log()[offsets[p] : end]
        if not batch:
            return
        table.extend(batch)  # the insert
        if rng.random() < fault_rate * 5:
            counts["replays"] += 1  # crashed before committing the offset: the next consumer replays
            return
        offsets[p] = end

    for n in range(clicks):
        click_id = f"c{n:07d}"
        p = rng.randrange(partitions)
        version = 1
        while True:  # the redirector's producer, retrying a timed-out send with the same click ID
            leader_dies = rng.random() < fault_rate
            counts["leaders"] += leader_dies
            ok = parts[p].append(Record(click_id, version), rng, leader_dies)
            if ok and rng.random() < fault_rate:  # acknowledged, but the ack is lost: a retry duplicates
                counts["retries"] += 1
                version += 1
                continue
            break
        if not ok:
            counts["before"] += 1  # no 302 went out: the visitor's browser shows an error or retries
            continue
        if rng.random() < fault_rate:
            counts["after"] += 1  # the log has it, the redirector died before answering: not acknowledged
            continue
        acknowledged.add(click_id)  # the 302 with mz_click went out
        if rng.random() < 0.05:
            consume(rng.randrange(partitions))
    for p in range(partitions):
        for i in parts[p].live():  # the followers catch up before the end of the run
            parts[p].replicas[i].log = list(parts[p].log())
        while offsets[p] < parts[p].high_watermark():
            consume(p)
    merged: dict[str, Record] = {}
    for rec in table:  # ReplacingMergeTree(version) ORDER BY click_id: the latest version of each ID stays
        if rec.click_id not in merged or merged[rec.click_id].version <= rec.version:
            merged[rec.click_id] = rec
    return Report(
        clicks=clicks,
        acknowledged=len(acknowledged),
        lost_acknowledged=len(acknowledged - set(merged)),
        inserted_rows=len(table),
        duplicate_rows_inserted=len(table) - len(merged),
        final_rows=len(merged),
        unacknowledged_in_table=len(set(merged) - acknowledged),
        redirector_crashes_before_ack=counts["before"],
        redirector_crashes_after_ack=counts["after"],
        producer_retries=counts["retries"],
        leader_losses=counts["leaders"],
        consumer_replays=counts["replays"],
    )
