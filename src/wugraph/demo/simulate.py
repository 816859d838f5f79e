"""The diffusion simulation behind `wugraph demo` (see demo.py): who adopts which model when.

Models with real-world-like categories start in one chapter and spread over time through the
channels planners name: parent directives (nhân rộng), emulation-cluster peers, neighbouring
units, forums where an adopter shares her experience, and the media. Dates are exact, month-only
or year-only, and the simulation crosses the 2025 reform: a replication due after 2025-06-30
lands on the 2025-era commune that continues the old one. Scale 1 ≈ 300 models and 200,000
adoptions.
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..identifiers import UnitKey
from .world import World

REFORM_LAST_OLD_DAY = date(2025, 6, 30)
REFORM_FIRST_NEW_DAY = date(2025, 7, 1)
DATA_END = date(2026, 10, 31)
FIRST_ORIGIN = date(2012, 1, 1)
UNION = UnitKey("", "union", "")
# push(day, chapter, learned-from, channel[, forum index]): schedule a possible adoption
Push = Callable[..., None]

# (Vietnamese name, English name, model type, target groups, organising basis)
CATALOGUE: tuple[tuple[str, str, str, tuple[str, ...], str], ...] = (
    ("CLB Phụ nữ với pháp luật", "Women and the law club", "Club", ("WomenMembers",), "ByInterest"),
    ("CLB Gia đình hạnh phúc", "Happy families club", "Club", ("WomenMembers",), "ByInterest"),
    ("CLB Phụ nữ dân tộc thiểu số giữ gìn bản sắc văn hóa", "Ethnic-minority women's heritage club", "Club",
     ("EthnicMinorityWomen",), "ByEthnicity"),
    ("CLB Phụ nữ có đạo sống tốt đời đẹp đạo", "Religious women's good-life club", "Club", ("ReligiousWomen",), "ByReligion"),
    ("CLB Nữ doanh nhân", "Women entrepreneurs' club", "Club", ("WomenMembers",), "ByOccupation"),
    ("CLB Phụ nữ khuyết tật vươn lên", "Women with disabilities rising club", "Club", ("WomenWithDisabilities",), "ByField"),
    ("CLB Dân vũ phụ nữ", "Women's folk dance club", "Club", ("WomenMembers", "ElderlyWomen"), "ByInterest"),
    ("CLB Phụ nữ trung niên khỏe đẹp", "Healthy middle-aged women's club", "Club", ("ElderlyWomen",), "ByAge"),
    ("CLB Nữ công nhân nhà trọ", "Women workers in rented rooms club", "Club", ("MigrantWomen",), "ByOccupation"),
    ("CLB Phụ nữ trẻ khởi nghiệp", "Young women start-up club", "Club", ("YoungWomen",), "ByAge"),
    ("Tổ phụ nữ tự quản bảo vệ môi trường", "Women's self-managed environment group", "InterestGroup", ("WomenMembers",), "ByField"),
    ("Nhóm phụ nữ trồng rau an toàn", "Women's safe vegetables group", "InterestGroup", ("WomenMembers",), "ByInterest"),
    ("Tổ phụ nữ tự quản đường hoa", "Women's flower-road group", "InterestGroup", ("WomenMembers",), "ByField"),
    ("Nhóm mẹ trẻ nuôi con khoa học", "Young mothers' childcare group", "InterestGroup", ("YoungWomen",), "ByAge"),
    ("Tổ tiết kiệm phụ nữ giúp nhau", "Women's mutual savings group", "SavingsGroup", ("WomenMembers",), "ByInterest"),
    ("Tổ tiết kiệm và vay vốn", "Savings and credit group", "SavingsGroup", ("WomenMembers",), "ByOccupation"),
    ("Hũ gạo tình thương", "Rice jar of compassion", "SavingsGroup", ("WomenMembers",), "ByField"),
    ("Tổ hợp tác nữ trồng cà phê", "Women coffee growers' cooperative group", "CooperativeGroup", ("WomenMembers",), "ByOccupation"),
    ("Tổ hợp tác dệt thổ cẩm", "Brocade weaving cooperative group", "CooperativeGroup", ("EthnicMinorityWomen",), "ByEthnicity"),
    ("Tổ hợp tác nữ nuôi ong", "Women beekeepers' cooperative group", "CooperativeGroup", ("WomenMembers",), "ByOccupation"),
    ("Mô hình nuôi bò sinh sản", "Breeding cattle livelihood model", "LivelihoodModel", ("WomenMembers",), "ByOccupation"),
    ("Mô hình trồng rau thủy canh", "Hydroponic vegetables livelihood model", "LivelihoodModel", ("YoungWomen",), "ByOccupation"),
    ("Mô hình nuôi gà thả vườn", "Free-range chicken livelihood model", "LivelihoodModel", ("EthnicMinorityWomen",), "ByOccupation"),
    ("Trang Facebook của Hội", "Chapter Facebook page", "OnlineOutreach", ("WomenMembers", "YoungWomen"), "ByField"),
    ("Nhóm Zalo chi hội", "Branch Zalo group", "OnlineOutreach", ("WomenMembers",), "ByField"),
    ("Tuyên truyền qua video ngắn", "Short-video outreach", "OnlineOutreach", ("YoungWomen",), "ByField"),
    ("Mô hình Mẹ đỡ đầu", "Godmother model", "WorkingPractice", ("WomenMembers",), "ByField"),
    ("Địa chỉ tin cậy tại cộng đồng", "Trusted community address", "WorkingPractice", ("WomenMembers",), "ByField"),
    ("Mô hình Nuôi heo đất", "Piggy-bank savings practice", "WorkingPractice", ("WomenMembers",), "ByInterest"),
    ("Phiên chợ không đồng", "Zero-đồng market", "WorkingPractice", ("WomenMembers",), "ByField"),
)


@dataclass(frozen=True)
class Params:
    """How readily one model spreads through each channel (drawn per model)."""

    neighbour: float
    peer: float
    directive: float
    bottom_up: float
    forum: float
    forum_uptake: float
    media: float
    delay_days: float


@dataclass
class Adopted:
    """One simulated adoption, before dates are coarsened for the record."""

    key: UnitKey
    day: date
    kind: str  # Origination | Replication | Discontinuation
    source: UnitKey | None = None
    channel: str | None = None
    event: int | None = None  # index into the model's forums


@dataclass
class Forum:
    """A forum where an adopting chapter's chair shares the model with invited chapters."""

    day: date
    host: UnitKey  # the unit where it is held (a district before the reform, a commune after)
    organizer: UnitKey
    speaker: UnitKey
    attendees: list[UnitKey]


@dataclass
class ModelRun:
    index: int
    template: tuple[str, str, str, tuple[str, ...], str]
    origin: UnitKey
    origin_day: date
    adoptions: list[Adopted] = field(default_factory=list)
    forums: list[Forum] = field(default_factory=list)


def _months(n: float) -> float:
    return n * 30.4


class Simulation:
    """Event-driven spread of one model at a time over the real unit map."""

    def __init__(self, world: World, rng: random.Random, end: date = DATA_END) -> None:
        self.world, self.rng, self.end = world, rng, end
        self.old_communes = sorted(world.old["commune"])
        self.new_communes = sorted(world.new["commune"])
        self.old_districts = sorted(world.old["district"])

    def _delay(self, day: date, mean_days: float, minimum: int = 7) -> date:
        return day + timedelta(days=minimum + int(self.rng.expovariate(1.0 / mean_days)))

    def _random_commune(self, day: date) -> UnitKey:
        if day <= REFORM_LAST_OLD_DAY:
            return UnitKey("pre2025", "commune", self.rng.choice(self.old_communes))
        return UnitKey("2025", "commune", self.rng.choice(self.new_communes))

    def _fit_era(self, key: UnitKey, day: date) -> UnitKey | None:
        """A chapter that no longer exists on `day` hands over to its 2025 successor, if any."""
        if key == UNION or key.era == "2025" or day <= REFORM_LAST_OLD_DAY:
            return key
        if key.level == "commune":
            code = self.world.successor_commune(key.code)
            return UnitKey("2025", "commune", code) if code else None
        if key.level == "province":
            code = self.world.new_province_of_old.get(key.code)
            return UnitKey("2025", "province", code) if code else None
        return None  # districts were abolished

    def _params(self, national: bool) -> Params:
        r = self.rng
        return Params(neighbour=r.uniform(0.08, 0.3), peer=r.uniform(0.25, 0.6), directive=r.uniform(0.3, 0.85),
                      bottom_up=r.uniform(0.3, 0.7), forum=r.uniform(0.1, 0.35), forum_uptake=r.uniform(0.3, 0.7),
                      media=r.uniform(0.005, 0.03), delay_days=_months(r.uniform(4, 14)) * (0.6 if national else 1.0))

    def run(self, index: int, template: tuple[str, str, str, tuple[str, ...], str], origin_day: date, target: int) -> ModelRun:
        """Simulate until `target` chapters adopted or the data end is reached."""
        r, world = self.rng, self.world
        if origin_day <= REFORM_LAST_OLD_DAY and r.random() < 0.2:
            origin = UnitKey("pre2025", "district", r.choice(self.old_districts))
        else:
            origin = self._random_commune(origin_day)
        run = ModelRun(index, template, origin, origin_day)
        national = target > 2500
        params = self._params(national)
        adopted: dict[UnitKey, Adopted] = {}
        per_province: dict[tuple[str, str], int] = {}
        heap: list[tuple[date, int, UnitKey, UnitKey | None, str | None, int | None]] = []
        counter = 0

        def push(day: date, key: UnitKey, source: UnitKey | None, channel: str | None, event: int | None = None) -> None:
            nonlocal counter
            if day <= self.end and key not in adopted:
                counter += 1
                heapq.heappush(heap, (day, counter, key, source, channel, event))

        push(origin_day, origin, None, None)
        if national:
            push(self._delay(origin_day, 400, 180), UNION, origin, None)
        while len(run.adoptions) < target:
            if not heap:
                last = max((a.day for a in adopted.values()), default=origin_day)
                restart = self._delay(last, 120)
                if restart > self.end:
                    break
                push(restart, self._random_commune(restart), None, "MediaChannel")
                continue
            day, _, key, source, channel, event = heapq.heappop(heap)
            fitted = self._fit_era(key, day)
            if fitted is None or fitted in adopted:
                continue
            key = fitted
            kind = "Origination" if not adopted else "Replication"
            adopted[key] = Adopted(key, day, kind, source, channel, event)
            if key != UNION:  # the union issues a directive; it does not run the model itself
                run.adoptions.append(adopted[key])
                province = (key.era, world.province_of(key))
                per_province[province] = per_province.get(province, 0) + 1
            self._spread(key, day, params, push, per_province, run)
        self._discontinue(run)
        return run

    def _spread(self, key: UnitKey, day: date, p: Params, push: Push, per_province: dict[tuple[str, str], int], run: ModelRun) -> None:
        """Schedule the replications one new adopter may set off."""
        r, world = self.rng, self.world
        mean = p.delay_days
        if key == UNION:
            era = "pre2025" if day <= REFORM_LAST_OLD_DAY else "2025"
            for code in sorted((world.old if era == "pre2025" else world.new)["province"]):
                if r.random() < 0.8:
                    push(self._delay(day, mean), UnitKey(era, "province", code), UNION, "ParentDirective")
            return
        if key.level == "province":
            children = world.children.get((key.era, key.code), [])
            child_level = "district" if key.era == "pre2025" else "commune"
            share = p.directive if key.era == "pre2025" else p.directive * 0.35
            for code in children:
                if r.random() < share:
                    push(self._delay(day, mean), UnitKey(key.era, child_level, code), key, "ParentDirective")
            return
        if key.level == "district":
            for peer in world.cluster_peers(key):
                if r.random() < p.peer:
                    push(self._delay(day, mean), peer, key, "ClusterPeer")
            for code in world.neighbours[("pre2025", "district")].get(key.code, []):
                if r.random() < p.neighbour * 0.6:
                    push(self._delay(day, mean * 1.2), UnitKey("pre2025", "district", code), key, "Neighbour")
            for code in world.children.get(("pre2025", key.code), []):
                if r.random() < p.directive:
                    push(self._delay(day, mean * 0.8), UnitKey("pre2025", "commune", code), key, "ParentDirective")
            if r.random() < p.forum:
                communes = world.children.get(("pre2025", key.code), [])
                invited = world.cluster_peers(key) + [UnitKey("pre2025", "commune", c) for c in r.sample(communes, min(4, len(communes)))]
                self._forum(key, day, UnitKey("pre2025", "province", world.province_of(key)), invited, p, push, run)
        else:  # a commune chapter
            for code in world.neighbours[(key.era, "commune")].get(key.code, []):
                if r.random() < p.neighbour:
                    push(self._delay(day, mean), UnitKey(key.era, "commune", code), key, "Neighbour")
            if key.era == "pre2025":
                district = UnitKey("pre2025", "district", world.place(key).parent)
                if r.random() < p.bottom_up * 0.5:
                    push(self._delay(day, mean * 0.6), district, key, None)
            else:
                for peer in world.cluster_peers(key):
                    if r.random() < p.peer * 0.5:
                        push(self._delay(day, mean), peer, key, "ClusterPeer")
                if r.random() < p.forum * 0.3:
                    self._forum(key, day, UnitKey("2025", "province", world.province_of(key)), world.cluster_peers(key), p, push, run)
            if r.random() < p.media:
                push(self._delay(day, mean * 2), self._random_commune(day), None, "MediaChannel")
        province = (key.era, world.province_of(key))
        threshold = 3 if key.era == "pre2025" else 6
        if per_province.get(province, 0) == threshold:
            push(self._delay(day, mean * 0.7), UnitKey(key.era, "province", province[1]), key, None)

    def _forum(self, speaker: UnitKey, day: date, organizer: UnitKey, invited: list[UnitKey], p: Params, push: Push, run: ModelRun) -> None:
        """Hold a forum a few months on, in the speaker's unit; invited chapters may take the model up."""
        forum_day = self._delay(day, 90, 30)
        same_era = forum_day <= REFORM_LAST_OLD_DAY if speaker.era == "pre2025" else forum_day >= REFORM_FIRST_NEW_DAY
        if not invited or forum_day > self.end or not same_era:
            return
        run.forums.append(Forum(forum_day, speaker, organizer, speaker, list(invited)))
        index = len(run.forums) - 1
        for guest in invited:
            if self.rng.random() < p.forum_uptake:
                push(self._delay(forum_day, p.delay_days * 0.5), guest, speaker, "ForumChannel", index)

    def _discontinue(self, run: ModelRun) -> None:
        """A few adopters stop the model one to six years on, while their chapter still exists."""
        for adoption in list(run.adoptions[1:]):
            if adoption.key == UNION or self.rng.random() >= 0.03:
                continue
            day = adoption.day + timedelta(days=self.rng.randint(365, 6 * 365))
            limit = REFORM_LAST_OLD_DAY if adoption.key.era == "pre2025" else self.end
            if day <= min(limit, self.end):
                run.adoptions.append(Adopted(adoption.key, day, "Discontinuation"))


@dataclass(frozen=True)
class DemoPlan:
    """How many models and adoptions a scale means."""

    scale: float
    seed: int
    models: int
    adoptions: int


def plan(scale: float, seed: int) -> DemoPlan:
    if scale <= 0:
        raise ValueError("scale must be positive")
    return DemoPlan(scale, seed, max(2, round(300 * scale)), max(50, round(200_000 * scale)))


def model_targets(demo: DemoPlan, rng: random.Random) -> list[int]:
    """Heavy-tailed sizes (a few national models, many local ones) summing to the adoption budget."""
    raw = [math.exp(rng.gauss(0.0, 1.1)) for _ in range(demo.models)]
    total = sum(raw)
    return [max(5, min(9000, round(x / total * demo.adoptions))) for x in raw]


def origin_days(count: int, rng: random.Random) -> list[date]:
    """Origins spread over 2012–2025, denser early on, so most models have time to spread."""
    span = (date(2025, 12, 31) - FIRST_ORIGIN).days
    return [FIRST_ORIGIN + timedelta(days=int(span * rng.random() ** 1.4)) for _ in range(count)]


def simulate(world: World, demo: DemoPlan) -> Iterator[ModelRun]:
    """Yield one ModelRun per model; a model that falls short passes its deficit to the next."""
    rng = random.Random(demo.seed)
    targets = model_targets(demo, rng)
    days = origin_days(demo.models, rng)
    simulation = Simulation(world, rng)
    carry = 0
    for index, (target, day) in enumerate(zip(targets, days)):
        template = CATALOGUE[rng.randrange(len(CATALOGUE))]
        wanted = min(9000, target + carry)
        run = simulation.run(index, template, day, wanted)
        adopters = sum(a.kind != "Discontinuation" for a in run.adoptions)
        carry = max(0, wanted - adopters)
        yield run
