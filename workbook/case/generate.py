"""Synthetic municipalities for training, tests and the batch benchmark (``workbook generate``).

Every case is marked ``synthetic`` and every report says so. The ranges are calibrated on public facts
(files in ``../shared/data/real``, read by ``tests/test_generate.py``, and the methodology brief):

* aiyl okmotu budgets of 5–75 million som, 55–70 % of it an equalization grant (Naryn rayon budgets
  2021–2023: 60–70 %); cities rely far less on grants;
* rural water 20–35 som per person per month (Sary-Oi 2017: 20 and 35) or 600–1,800 som per household
  per year (Min-Bulak); metered water 4–15 som/m³ (Talas 3.89, Bishkek 5.38–10.45, Sary-Oi 14.43);
  waste 20–41 som per person per month in cities (Osh 20–25, Bishkek 41);
* consumption norms of 50 l (standpipe) and 87 l (yard tap) per person per day (Sary-Oi);
* about 7.4 million people in 231 aiyl aimaks and 33 cities (NSC 2026; reform of 2023–2025).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from workbook.case.sample_texts import localize, municipality_name, note, problem_texts
from workbook.case.schema import TABLES

__all__ = ["CHARACTERS", "SAMPLES", "Spec", "generate", "generate_national", "national_specs", "write_case",
           "write_national", "write_samples"]

CHARACTERS = ("mountain", "valley", "city", "dwua", "metered", "gaps")

_FIRST_F = ["Aigul", "Nurgul", "Cholpon", "Asel", "Gulnara", "Jyldyz", "Aizada", "Elmira", "Damira", "Burul",
            "Kanykei", "Meerim", "Saltanat", "Ainura", "Zamira"]
_FIRST_M = ["Bakyt", "Nurlan", "Azamat", "Talant", "Kubanychbek", "Erlan", "Almaz", "Ulan", "Mirlan", "Taalai",
            "Bolot", "Daniyar", "Kanat", "Ruslan", "Aibek"]
_LAST = ["Asanov", "Toktogulov", "Mamatov", "Sadykov", "Abdyldaev", "Jumabaev", "Osmonov", "Kasymov",
         "Beishenaliev", "Turdubaev", "Sultanov", "Isakov", "Omurzakov", "Kadyrov", "Usenov"]
_PLACES = ["Ak-Tash", "Kara-Suu", "Kok-Jar", "Jany-Jol", "Ak-Bulak", "Kyzyl-Too", "Ber-Bash", "Sary-Bulun",
           "Tash-Bulak", "Kara-Bulak", "Ak-Terek", "Kok-Say", "Chong-Kapka", "Orto-Say", "Kara-Tokoy",
           "Jer-Kazar", "Ak-Moyun", "Kum-Bel", "Taldy-Suu", "Ming-Bulak", "Aral", "Kurmanbek", "Bash-Kaiyndy",
           "Kyzyl-Jyldyz", "Jeti-Oguz"]

# Services a municipality typically answers for: id, name, sector, type, volume unit, tariff unit.
_SERVICES = [
    ("water", "Drinking water supply", "drinking_water", "local_economic", "m3", "per_person_month"),
    ("waste", "Solid-waste collection", "solid_waste", "municipal", "tonne", "per_person_month"),
    ("lighting", "Street lighting", "street_lighting", "municipal", "lamp", None),
    ("roads", "Local roads maintenance", "local_roads", "municipal", "km", None),
    ("irrigation", "Irrigation water distribution", "irrigation", "local_economic", "hectare", "per_hectare_year"),
    ("culture", "House of culture and sports ground", "culture_sport", "municipal", "person", None),
    ("kindergarten", "Kindergarten", "preschool", "municipal", "person", "per_person_month"),
    ("certificates", "Certificates and documents", "certificates", "municipal", "document", None),
    ("registry", "Civil registration", "civil_registration", "delegated", "document", None),
    ("social", "Social assistance to poor families", "social_support", "delegated", "household", None),
]
_LEGAL = {
    "municipal": "Law No. 139 of 2014 on state and municipal services; Decree No. 302 of 2014",
    "local_economic": "Law No. 123 of 20.10.2021, art. 34; aiyl kenesh tariff decision",
    "delegated": "Delegation of state powers under Law No. 123 of 20.10.2021",
}
_OBLASTS = [  # oblast, a rayon, SOATE prefix of that rayon (first 8 digits)
    ("Naryn", "Naryn", "41704245"), ("Issyk-Kul", "Tyup", "41702230"), ("Chuy", "Sokuluk", "41708223"),
    ("Osh", "Kara-Suu", "41706226"), ("Jalal-Abad", "Suzak", "41703220"), ("Talas", "Talas", "41707232"),
    ("Batken", "Leilek", "41705236"),
]


@dataclass(frozen=True)
class Spec:
    """What kind of municipality to invent: its character, size and names."""

    character: str
    seed: int
    name: str | None = None
    soate_code: str | None = None
    oblast: str | None = None
    rayon: str | None = None
    village_names: tuple[str, ...] = ()
    population: int | None = None
    reference_year: int = 2025
    place: str | None = None  # the centre village the municipality is named after
    lang: str = "en"  # the language the municipality writes its texts in


_SIZES = {  # villages, population range
    "mountain": ((3, 3), (2_800, 4_500)),
    "valley": ((10, 13), (38_000, 42_000)),
    "city": ((6, 9), (45_000, 90_000)),
    "dwua": ((4, 6), (7_000, 12_000)),
    "metered": ((5, 7), (14_000, 20_000)),
    "gaps": ((4, 5), (6_000, 9_000)),
}


def generate(spec: Spec) -> dict[str, pd.DataFrame]:
    """One synthetic case: table id → DataFrame with the schema's column ids."""
    rng = np.random.default_rng(spec.seed)
    city = spec.character == "city"
    villages = _villages(rng, spec)
    services = _services(rng, spec)
    tables = {
        "profile": _profile(rng, spec, villages),
        "villages": villages,
        "services": services,
        "budget": _budget(rng, spec, villages, services),
        "commission": _commission(rng, spec, villages),
    }
    metrics, coverage = _metrics(rng, spec, villages, services, city)
    tables["service_metrics"] = metrics
    tables["service_coverage"] = coverage
    if spec.character != "gaps":
        tables.update(_survey(rng, spec, villages, services, metrics))
    else:
        _punch_gaps(rng, tables)
    tables["problems"] = _problems(tables["service_metrics"], services, spec.lang)
    localize(tables, spec.lang)
    return {t.id: tables[t.id].reindex(columns=t.column_ids) for t in TABLES if t.id in tables}


def _villages(rng, spec: Spec) -> pd.DataFrame:
    (low, high), (pop_low, pop_high) = _SIZES.get(spec.character, _SIZES["valley"])
    count = len(spec.village_names) or int(rng.integers(low, high + 1))
    names = list(spec.village_names) or list(rng.choice(_PLACES, size=count, replace=False))
    if spec.place and spec.place not in names:
        names[0] = spec.place
    elif spec.place:
        first = names.index(spec.place)
        names[0], names[first] = names[first], names[0]
    total = spec.population or int(rng.integers(pop_low, pop_high))
    weights = rng.dirichlet(np.full(count, 2.0))
    weights[0] += 0.3  # the centre is the largest village
    weights /= weights.sum()
    population = np.maximum(150, np.round(weights * total)).astype(int)
    size = rng.uniform(3.7, 4.3, count) if spec.character == "city" else rng.uniform(4.3, 5.2, count)
    households = np.round(population / size).astype(int)
    distance = np.round(np.concatenate([[0.0], rng.uniform(2, 35 if spec.character == "mountain" else 20, count - 1)]), 1)
    return pd.DataFrame({
        "village_id": [f"V{i + 1}" for i in range(count)],
        "name": names,
        "population": population.astype(float),
        "households": households.astype(float),
        "distance_km": distance,
    })


def _profile(rng, spec: Spec, villages) -> pd.DataFrame:
    oblast, rayon, prefix = _OBLASTS[spec.seed % len(_OBLASTS)]
    kind = "city_oblast" if spec.character == "city" else "aiyl_aimak"
    code = spec.soate_code or (prefix + f"{890 + spec.seed % 10:03d}000" if kind == "aiyl_aimak"
                               else f"417{prefix[3:5]}4{90 + spec.seed % 10:02d}000010")
    name = spec.name or municipality_name(villages["name"][0], kind, spec.lang)
    area = float(np.round(villages["population"].sum() / rng.uniform(800, 2500) if kind == "city_oblast"
                          else villages["population"].sum() / rng.uniform(8, 60), 1))
    return pd.DataFrame([{
        "name": name, "soate_code": code, "kind": kind, "oblast": spec.oblast or oblast,
        "rayon": None if kind == "city_oblast" else (spec.rayon or rayon),
        "reference_year": float(spec.reference_year), "area_km2": area, "synthetic": True,
        "notes": note(spec.character, spec.seed, spec.lang),
    }])


def _services(rng, spec: Spec) -> pd.DataFrame:
    rows = []
    city = spec.character == "city"
    for sid, name, sector, stype, unit, tariff_unit in _SERVICES:
        if city and sid == "irrigation":
            continue
        mode, provider = "direct", "Aiyl okmotu" if not city else "Mayor's office"
        if sid == "water":
            mode, provider = {
                "dwua": ("community", "DWUA 'Taza Suu'"),
                "city": ("municipal_enterprise", "MU Vodokanal"),
                "metered": ("municipal_enterprise", "MP Suu Bulagy"),
            }.get(spec.character, ("direct", "Aiyl okmotu water unit"))
            if spec.character in ("metered", "city"):
                tariff_unit = "per_m3"
        elif sid == "waste":
            mode, provider = ("municipal_enterprise", "MP Tazalyk") if city else \
                (("private_contractor", "IP Sanarip Tazalyk") if rng.random() < 0.5 else ("none", None))
            if spec.character == "gaps":  # the gaps case loses a year of a service that is delivered
                mode, provider = "private_contractor", "IP Sanarip Tazalyk"
        elif sid == "irrigation":
            mode, provider = "community", "Water users' association"
        elif sid == "roads" and rng.random() < 0.4:
            mode, provider = "private_contractor", "OsOO Jol Kurulush"
        elif sid == "culture" and rng.random() < 0.3:
            mode, provider = "inter_municipal", "Joint culture centre of neighbouring aiyl aimaks"
        legal = _LEGAL[stype] if rng.random() > 0.15 else None
        rows.append({
            "service_id": sid, "name": name, "sector": sector, "type": stype, "legal_basis": legal,
            "provider": provider, "delivery_mode": mode, "has_standard": bool(rng.random() < 0.35),
            "in_sedp": bool(sid in ("water", "roads") or rng.random() < 0.5), "volume_unit": unit,
            "tariff_unit": tariff_unit,
        })
    return pd.DataFrame(rows)


def _budget(rng, spec: Spec, villages, services) -> pd.DataFrame:
    population = villages["population"].sum()
    city = spec.character == "city"
    # per person, falling with size (economies of scale): ~1,900 som for 3,000 people, ~1,100 for 40,000
    per_capita = rng.uniform(3_000, 5_000) if city else rng.uniform(1_700, 2_200) * (population / 3_000) ** -0.2
    grant_share = rng.uniform(0.10, 0.30) if city else rng.uniform(0.58, 0.70)
    rows = []
    for offset in (2, 1, 0):
        year = spec.reference_year - offset
        total = population * per_capita * (1 + rng.normal(0, 0.03)) * 1.08 ** -offset
        share = np.clip(grant_share + rng.normal(0, 0.015), 0.05, 0.74)
        grant = total * share * 0.9
        rows += [
            {"year": year, "category": "own_revenue", "amount_som": round(total * (1 - share), -3)},
            {"year": year, "category": "equalization_grant", "amount_som": round(grant, -3)},
            {"year": year, "category": "other_grant", "amount_som": round(total * share - grant, -3)},
        ]
        shares = rng.dirichlet(np.full(len(services) + 2, 3.0))
        shares[0] += 0.6  # administration takes the largest share
        shares /= shares.sum()
        rows.append({"year": year, "category": "expense_administration", "amount_som": round(total * shares[0], -3)})
        rows.append({"year": year, "category": "expense_other", "amount_som": round(total * shares[1], -3)})
        for sid, part in zip(services["service_id"], shares[2:]):
            rows.append({"year": year, "category": "expense_service", "service_id": sid,
                         "amount_som": round(total * part, -3)})
    frame = pd.DataFrame(rows)
    frame["year"] = frame["year"].astype(float)
    return frame


def _person(rng, female: bool) -> str:
    first = rng.choice(_FIRST_F if female else _FIRST_M)
    last = rng.choice(_LAST) + ("a" if female else "")
    return f"{last} {first}"


def _commission(rng, spec: Spec, villages) -> pd.DataFrame:
    size = int(rng.integers(7, 14))
    roles = ["lsg_official", "lsg_official", "council_member", "council_member"] + list(
        rng.choice(["citizen", "citizen", "civil_society", "provider", "council_member"], size=size - 4))
    women = rng.uniform(0.2, 0.5)
    rows, names = [], set()
    for i, role in enumerate(roles):
        female = bool(rng.random() < women)
        name = _person(rng, female)
        while name in names:
            name = _person(rng, female)
        names.add(name)
        village = villages["village_id"].iloc[0] if role == "lsg_official" else rng.choice(villages["village_id"])
        rows.append({"member": name, "sex": "female" if female else "male", "role": role, "village_id": village,
                     "position": {"lsg_official": "Aiyl okmotu staff", "council_member": "Deputy of the kenesh",
                                  "citizen": "Resident", "civil_society": "Women's council",
                                  "provider": "Service provider"}[role]})
    return pd.DataFrame(rows)


def _metrics(rng, spec: Spec, villages, services, city: bool):
    households, population = villages["households"].sum(), villages["population"].sum()
    rows, coverage_rows = [], []
    for _, s in services.iterrows():
        sid = s["service_id"]
        base = {"water": rng.uniform(0.55, 0.9) if not city else rng.uniform(0.85, 0.97),
                "waste": rng.uniform(0.3, 0.7) if not city else rng.uniform(0.75, 0.95)}.get(sid, rng.uniform(0.4, 0.95))
        if s["delivery_mode"] == "none":
            base = 0.0  # nobody provides it: nobody is served
        village_cov = np.clip(base + rng.normal(0, 0.08, len(villages)) - villages["distance_km"].to_numpy() / 200, 0, 1)
        village_cov[0] = min(1.0, village_cov[0] + 0.05)
        if base == 0.0:
            village_cov[:] = 0.0
        served_v = np.floor(village_cov * villages["households"].to_numpy())
        for vid, served in zip(villages["village_id"], served_v):
            coverage_rows.append({"service_id": sid, "village_id": vid, "households_served": float(served)})
        served_now = served_v.sum()
        size = population / households
        condition = float(rng.integers(1, 5))
        tariff_unit = s["tariff_unit"]
        # what a council fixes once and keeps for years: the consumption norm and the tariff
        norm = 87 if city or spec.character == "metered" else float(rng.choice([50, 87]))
        tariff = {
            "water": (rng.uniform(4, 11) if city else rng.uniform(9, 14.4)) if tariff_unit == "per_m3"
            else float(rng.choice([20, 25, 30, 35])),
            "waste": float(rng.choice([20, 25, 30, 41] if city else [10, 15, 20])),
            "irrigation": float(rng.choice([100, 150, 200])),
            "kindergarten": float(rng.choice([300, 400, 500])),
        }.get(sid)
        for offset in (2, 1, 0):
            year = spec.reference_year - offset
            served = np.floor(served_now * (1 - 0.03 * offset))
            people = np.floor(served * size)
            row = {"service_id": sid, "year": float(year), "households_served": served, "people_served": people,
                   "asset_condition": condition}
            if sid == "water":
                volume = people * norm * 365 / 1000 * rng.uniform(0.95, 1.15)
                unit_cost = rng.uniform(8, 14) if tariff_unit == "per_m3" else rng.uniform(20, 32)
                cost = volume * unit_cost
                billed = volume * tariff if tariff_unit == "per_m3" else people * tariff * 12
                row.update(volume=round(volume), tariff_som=round(tariff, 2),
                           continuity_hours=round(float(rng.uniform(16, 24) if city else rng.uniform(6, 20)), 1))
            elif sid == "waste" and s["delivery_mode"] != "none":
                volume = people * rng.uniform(0.2, 0.35)
                cost = volume * rng.uniform(1_500, 2_500)
                billed = people * tariff * 12
                row.update(volume=round(volume), tariff_som=tariff)
            elif sid == "irrigation":
                volume = households * rng.uniform(0.2, 0.5)
                billed = volume * tariff
                cost = billed / rng.uniform(0.6, 1.0)
                row.update(volume=round(volume), tariff_som=tariff)
            elif sid == "kindergarten":
                volume = population * rng.uniform(0.01, 0.03)
                cost = volume * rng.uniform(25_000, 40_000)
                billed = volume * tariff * 10
                row.update(volume=round(volume), tariff_som=tariff)
            else:
                cost, billed = served * rng.uniform(150, 600), None
            cost *= 1.06 ** -offset
            row["cost_som"] = round(cost, -2)
            if billed is not None:
                row["billed_som"] = round(billed, -2)
                row["collected_som"] = round(billed * rng.uniform(0.6, 0.95), -2)
            complaints = rng.poisson(max(1.0, served * rng.uniform(0.005, 0.05)))
            row["complaints"] = float(complaints)
            row["complaints_resolved"] = float(rng.binomial(complaints, rng.uniform(0.55, 0.95)))
            rows.append(row)
    return pd.DataFrame(rows), pd.DataFrame(coverage_rows)


def _problems(metrics, services, lang: str) -> pd.DataFrame:
    latest = metrics.sort_values("year").groupby("service_id").tail(1).set_index("service_id")
    rows = []
    for _, s in services.iterrows():
        m = latest.loc[s["service_id"]]
        facts = {"year": m["year"], "condition": m["asset_condition"], "complaints": m["complaints"],
                 "open": m["complaints"] - m["complaints_resolved"], "collected": m.get("collected_som", np.nan),
                 "cost": m["cost_som"]}
        facts["recovery"] = facts["collected"] / facts["cost"] if facts["cost"] else np.nan
        found = []
        if not pd.isna(facts["recovery"]) and facts["recovery"] < 0.8:
            found.append("money")
        if facts["condition"] <= 2:
            found.append("provider_capacity")
        if not s["has_standard"] and s["service_id"] in ("water", "waste"):
            found.append("law_capacity")
        if facts["complaints"] and facts["open"] / facts["complaints"] > 0.25:
            found.append("participation")
        for group in found:
            problem, evidence = problem_texts(group, facts, lang)
            rows.append({"service_id": s["service_id"], "cause_group": group, "problem": problem,
                         "evidence": evidence})
    return pd.DataFrame(rows, columns=["service_id", "cause_group", "problem", "evidence"])


_AGE_SHARES = {"18_29": 0.29, "30_44": 0.31, "45_59": 0.23, "60_plus": 0.17}


def _survey(rng, spec: Spec, villages, services, metrics) -> dict[str, pd.DataFrame]:
    from workbook.methods.survey import allocate, sample_size

    adults = villages["population"].sum() * 0.62
    groups = [{"sex": sex, "age_group": age, "population": float(round(adults * share * (0.49 if sex == "male" else 0.51)))}
              for sex in ("female", "male") for age, share in _AGE_SHARES.items()]
    households = villages["households"].sum()
    n_planned = sample_size(households, margin=0.05 if spec.character != "mountain" else 0.08)
    per_village = allocate(villages.set_index("village_id")["households"], n_planned, minimum=15)
    n = int(per_village.sum())
    sids = services["service_id"].to_numpy()
    latest = metrics.sort_values("year").groupby("service_id").tail(1).set_index("service_id")
    coverage = (latest.loc[sids, "households_served"] / households).to_numpy()
    ids = np.array([f"R{i + 1:04d}" for i in range(n)])
    village = np.repeat(per_village.index.to_numpy(), per_village.to_numpy())
    village_effect = np.repeat(rng.normal(0, 0.3, len(per_village)), per_village.to_numpy())
    sexes = rng.choice(["female", "male"], size=n, p=[0.62, 0.38])  # women answer the door more often
    ages = rng.choice(list(_AGE_SHARES), size=n, p=[0.18, 0.28, 0.28, 0.26])  # the old are at home
    vulnerable = rng.random(n) < 0.18
    quality = 1.5 + 3 * np.clip(rng.normal(0.5, 0.2, len(sids)), 0, 1)
    uses = rng.random((n, len(sids))) < coverage
    satisfaction = np.clip(np.round(quality + village_effect[:, None] + rng.normal(0, 0.8, (n, len(sids)))
                                    - 0.3 * vulnerable[:, None]), 1, 5)
    satisfaction[~uses] = np.nan
    essential = np.isin(sids, ["water", "roads", "waste"])
    importance = np.clip(np.round(rng.normal(np.where(essential, 4.2, 3.2), 0.8, (n, len(sids)))), 1, 5)
    need = importance - np.where(uses, satisfaction, 2.0) + rng.normal(0, 0.7, (n, len(sids)))
    ranked = sids[np.argsort(-need, axis=1)[:, :3]]
    ladder = np.array([0, 50, 100, 150, 200, 300, 400], dtype=float)
    accepted = np.clip(rng.normal(3.2 - 1.2 * vulnerable, 1.5), 0, len(ladder) - 1).astype(int)
    respondents = pd.DataFrame({
        "respondent_id": ids, "village_id": village, "sex": sexes, "age_group": ages, "vulnerable": vulnerable,
        "household_size": rng.integers(2, 9, n).astype(float), "priority_1": ranked[:, 0],
        "priority_2": ranked[:, 1], "priority_3": ranked[:, 2],
        "bottled_water_som": rng.choice([0, 0, 0, 100, 200, 300, 500], n).astype(float),
        "own_well": rng.random(n) < 0.15, "burns_waste": rng.random(n) < 0.45,
    })
    ratings = pd.DataFrame({
        "respondent_id": np.repeat(ids, len(sids)), "service_id": np.tile(sids, n),
        "uses_service": uses.ravel(), "satisfaction": satisfaction.ravel(), "importance": importance.ravel(),
    })
    wtp = pd.DataFrame({"respondent_id": ids, "service_id": "water", "max_price_som": ladder[accepted]})
    return {"population_groups": pd.DataFrame(groups), "survey_respondents": respondents,
            "survey_ratings": ratings, "survey_wtp": wtp}


def _punch_gaps(rng, tables) -> None:
    """Leave the holes real files have: a missing year, unknown figures, a thin commission."""
    metrics = tables["service_metrics"]
    first_year = metrics["year"].min()
    drop = metrics[(metrics["service_id"] == "waste") & (metrics["year"] == first_year + 1)].index
    metrics = metrics.drop(drop)
    metrics.loc[metrics["service_id"] == "roads", "cost_som"] = np.nan
    metrics.loc[metrics["service_id"] == "water", "complaints"] = np.nan
    metrics.loc[metrics["service_id"] == "water", "complaints_resolved"] = np.nan
    water = metrics.index[(metrics["service_id"] == "water") & (metrics["year"] == metrics["year"].max())]
    if "billed_som" in metrics and len(water):
        metrics.loc[water, "collected_som"] = metrics.loc[water, "billed_som"] * 1.08  # arrears paid
    tables["service_metrics"] = metrics.reset_index(drop=True)
    tables["commission"] = tables["commission"].head(5).assign(village_id=lambda f: f["village_id"].iloc[0])
    tables["services"].loc[tables["services"]["service_id"] == "lighting", "provider"] = None


#: Cities of republican significance, population at 1 January 2026 (NSC, operational table 825).
_CAPITALS = (("Bishkek", "41711000000000", 1_358_661), ("Osh", "41721000000000", 484_937))


def national_specs(count: int, seed: int = 0, municipalities: pd.DataFrame | None = None,
                   lang: str = "en") -> list[Spec]:
    """Specs for ``count`` municipalities shaped like the country after the reform.

    The first two are the cities of republican significance at their real size; of the rest one in eight
    is a city and the others aiyl aimaks (231 and 33 of 264 after the reform). ``municipalities`` (a SOATE
    list such as ``kgz_soate_units_pre_reform.csv``) lends real names, codes and village names.
    """
    rng = np.random.default_rng(seed)
    units = None
    if municipalities is not None:
        pool = municipalities[municipalities["unit_type"].isin(["aiyl_aimak", "city_oblast_significance",
                                                                "town_district_significance"])]
        units = pool.sample(n=min(count, len(pool)), random_state=seed).to_dict("records")
    specs = []
    for i in range(count):
        case_seed = seed * 100_003 + i
        if i < len(_CAPITALS):
            name, code, population = _CAPITALS[i]
            specs.append(Spec("city", case_seed, name=name, soate_code=code, population=population, lang=lang))
            continue
        unit = units[i % len(units)] if units else None
        city = (unit["unit_type"] != "aiyl_aimak") if unit else (i % 8 == 7 and i < 250)
        character = "city" if city else str(rng.choice(["mountain", "valley", "dwua", "metered"], p=[0.3, 0.3, 0.25, 0.15]))
        population = int(np.clip(rng.lognormal(np.log(30_000 if city else 17_000), 0.5), 2_500, 300_000))
        villages = ()
        if unit and isinstance(unit.get("subordinate_settlements_ru"), str) and not city:
            villages = tuple(v.strip() for v in unit["subordinate_settlements_ru"].split(";") if v.strip())[:25]
        specs.append(Spec(character, case_seed, population=population, village_names=villages,
                          name=unit["name_ru"] if unit else None,
                          soate_code=str(unit["soate_code"]) if unit else None, lang=lang))
    return specs


def generate_national(count: int, seed: int = 0, municipalities: pd.DataFrame | None = None,
                      lang: str = "en") -> list[tuple[str, dict]]:
    """(case id, tables) for each of ``national_specs(count, seed, municipalities, lang)``."""
    cases = []
    for i, spec in enumerate(national_specs(count, seed, municipalities, lang)):
        case_id = f"{i + 1:03d}-{spec.soate_code or 'synthetic'}"
        cases.append((case_id, generate(spec)))
    return cases


def write_case(tables: dict[str, pd.DataFrame], path, lang: str = "ru") -> Path:
    """Write a case as a filled-in template (``.xlsx``) or as a folder of CSV files (any other path)."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        from workbook.case.template import fill_template

        return fill_template(tables, path, lang)
    path.mkdir(parents=True, exist_ok=True)
    for table_id, frame in tables.items():
        frame.to_csv(path / f"{table_id}.csv", index=False)
    return path


#: The bundled sample cases: file name → (spec, language of the spreadsheet, format).
SAMPLES = {
    "ak-tash.xlsx": Spec("mountain", 3, place="Ak-Tash", lang="ru"),
    "jany-jol.xlsx": Spec("valley", 11, place="Jany-Jol", lang="ky"),
    "kok-jar-city.xlsx": Spec("city", 21, place="Kok-Jar", lang="ru"),
    "taza-bulak": Spec("dwua", 5, place="Taza-Bulak", lang="en"),
    "orto-say.xlsx": Spec("metered", 9, place="Orto-Say", lang="en"),
    "ber-bash.xlsx": Spec("gaps", 14, place="Ber-Bash", lang="ru"),
}


def write_samples(out) -> list[Path]:
    """Write the six bundled sample cases (one of each character) into ``out``, each in its own language."""
    out = Path(out)
    paths = []
    for name, spec in SAMPLES.items():
        path = write_case(generate(spec), out / name, spec.lang)
        if spec.character == "gaps":
            _leave_example_row(path, spec.lang)
        paths.append(path)
    return paths


def _leave_example_row(path: Path, lang: str) -> None:
    """Real files keep a template example row by mistake: the loader must skip it with a warning."""
    from openpyxl import load_workbook

    from workbook.case.load import EXAMPLE_COLUMN
    from workbook.case.schema import table
    from workbook.case.template import sheet_name
    from workbook.i18n import translator

    tr = translator(lang)
    book = load_workbook(path)
    sheet = book[sheet_name(table("commission"), tr)]
    sheet.cell(1, 1, tr(EXAMPLE_COLUMN))
    sheet.append([tr("example — delete this row"), "Asanova Aigul", tr("female")])
    book.save(path)


def write_national(out, count: int, seed: int = 0, soate=None, fmt: str = "xlsx", lang: str = "ru") -> list[Path]:
    """Write ``count`` synthetic cases into ``out`` (see ``generate_national``)."""
    out = Path(out)
    municipalities = pd.read_csv(soate, dtype={"soate_code": str}) if soate else None
    paths = []
    for case_id, tables in generate_national(count, seed=seed, municipalities=municipalities, lang=lang):
        target = out / (f"{case_id}.xlsx" if fmt == "xlsx" else case_id)
        paths.append(write_case(tables, target, lang))
    return paths
