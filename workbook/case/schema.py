"""The municipality case format: every table, column, code list and value rule, in one place.

A case is one spreadsheet (one sheet per table) or a folder of CSV files named ``<table>.csv``.
Identifiers here (table ids, column ids, codes) are stable English words used in code and CSV files;
what a user sees (sheet names, headers, code labels, help) are the ``N_`` messages, translated through
the catalogs. The data dictionary in ``docs/`` and the input template are generated from this module,
so they cannot drift from what the loader accepts. A later stage adds its tables by appending to
``TABLES``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbook.i18n import N_

__all__ = ["CODES", "Column", "KINDS", "TABLES", "Table", "table"]

#: Column kinds and the value each must hold (the message is shown as "expected …").
KINDS = {
    "text": N_("text"),
    "int": N_("a whole number"),
    "number": N_("a number"),
    "bool": N_("yes or no"),
    "code": N_("one of the listed values"),
    "ref": N_("an identifier listed in another sheet"),
    "year": N_("a year between 2000 and 2100"),
    "soate": N_("a 14-digit SOATE code beginning with 417"),
}

#: Code lists: code -> label. The label is what the template's drop-down shows.
CODES: dict[str, dict[str, str]] = {
    "municipality_kind": {
        "aiyl_aimak": N_("aiyl aimak (rural municipality)"),
        "city_republican": N_("city of republican significance"),
        "city_oblast": N_("city of oblast significance"),
        "city_district": N_("town of district significance"),
    },
    "sex": {"female": N_("female"), "male": N_("male")},
    "age_group": {
        "18_29": N_("18–29 years"),
        "30_44": N_("30–44 years"),
        "45_59": N_("45–59 years"),
        "60_plus": N_("60 years and over"),
    },
    "commission_role": {
        "lsg_official": N_("LSG official (aiyl okmotu or mayor's office staff)"),
        "council_member": N_("council member (kenesh deputy)"),
        "citizen": N_("citizen (community representative)"),
        "civil_society": N_("civil society (NGO, women's or youth council)"),
        "provider": N_("service provider representative"),
    },
    "budget_category": {
        "own_revenue": N_("own revenue (local taxes and fees)"),
        "equalization_grant": N_("equalization grant from the republican budget"),
        "other_grant": N_("other grants and transfers"),
        "expense_service": N_("spending on a service"),
        "expense_administration": N_("spending on administration"),
        "expense_other": N_("other spending"),
    },
    "service_type": {
        "municipal": N_("municipal service"),
        "local_economic": N_("local issue of an economic-production nature"),
        "delegated": N_("delegated state power"),
    },
    "delivery_mode": {
        "direct": N_("aiyl okmotu or mayor's office directly"),
        "municipal_enterprise": N_("municipal enterprise"),
        "private_contractor": N_("private contractor"),
        "community": N_("users' association or community"),
        "inter_municipal": N_("inter-municipal cooperation"),
        "none": N_("nobody provides it"),
    },
    "sector": {
        "drinking_water": N_("drinking water"),
        "sewerage": N_("sewerage"),
        "solid_waste": N_("solid-waste collection"),
        "street_lighting": N_("street lighting"),
        "local_roads": N_("local roads"),
        "irrigation": N_("irrigation water"),
        "pasture": N_("pasture management"),
        "greening": N_("parks and greening"),
        "cemetery": N_("cemeteries"),
        "culture_sport": N_("culture and sport"),
        "preschool": N_("kindergartens"),
        "civil_registration": N_("civil registration"),
        "social_support": N_("social support"),
        "certificates": N_("certificates and documents"),
        "other": N_("other"),
    },
    "volume_unit": {
        "m3": N_("cubic metres"),
        "tonne": N_("tonnes"),
        "km": N_("kilometres"),
        "lamp": N_("lamps"),
        "person": N_("persons"),
        "household": N_("households"),
        "document": N_("documents"),
        "hectare": N_("hectares"),
    },
    "tariff_unit": {
        "per_m3": N_("som per cubic metre"),
        "per_person_month": N_("som per person per month"),
        "per_household_month": N_("som per household per month"),
        "per_household_year": N_("som per household per year"),
        "per_document": N_("som per document"),
        "per_hectare_year": N_("som per hectare per year"),
    },
    "cause_group": {
        "participation": N_("weak citizen participation"),
        "law_capacity": N_("gaps in the law and low LSG capacity"),
        "provider_capacity": N_("low provider capacity"),
        "money": N_("scarce money"),
    },
}


@dataclass(frozen=True)
class Column:
    """One column of a table.

    ``required`` columns must be present and filled in every row; optional ones may be missing or blank
    (blank stays missing, never zero). ``low``/``high`` bound numbers; ``codes`` names a code list;
    ``ref`` names the table whose key the value must be.
    """

    id: str
    kind: str
    label: str
    help: str = ""
    required: bool = False
    low: float | None = None
    high: float | None = None
    codes: str | None = None
    ref: str | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"column {self.id!r}: unknown kind {self.kind!r}")
        if (self.kind == "code") != (self.codes is not None):
            raise ValueError(f"column {self.id!r}: code columns and only they name a code list")
        if (self.kind == "ref") != (self.ref is not None):
            raise ValueError(f"column {self.id!r}: ref columns and only they name a table")


@dataclass(frozen=True)
class Table:
    """One table of a case: a sheet of the spreadsheet or one CSV file.

    ``key`` lists the columns that identify a row (duplicates are errors). ``single_row`` tables hold
    exactly one row. ``required`` tables must be present; a missing optional table is a warning and the
    stages that need it say so. ``examples`` are the example rows of the template.
    """

    id: str
    label: str
    help: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    single_row: bool = False
    required: bool = False
    stages: tuple[int, ...] = ()
    examples: tuple[dict, ...] = field(default=())

    def column(self, column_id: str) -> Column:
        for col in self.columns:
            if col.id == column_id:
                return col
        raise KeyError(f"table {self.id!r} has no column {column_id!r}")

    @property
    def column_ids(self) -> list[str]:
        return [c.id for c in self.columns]


def _c(id, kind, label, help="", **kw) -> Column:
    return Column(id=id, kind=kind, label=label, help=help, **kw)


TABLES: tuple[Table, ...] = (
    Table(
        "profile",
        N_("Profile"),
        N_("The municipality itself: one row."),
        (
            _c("name", "text", N_("Municipality name"), N_("As in the SOATE classifier."), required=True),
            _c("soate_code", "soate", N_("SOATE code"), N_("14 digits, e.g. 41704245860000."), required=True),
            _c("kind", "code", N_("Kind of municipality"), required=True, codes="municipality_kind"),
            _c("oblast", "text", N_("Oblast"), required=True),
            _c("rayon", "text", N_("Rayon"), N_("Leave blank for a city of oblast or republican significance.")),
            _c("reference_year", "year", N_("Reference year"), N_("The year the figures describe."), required=True),
            _c("area_km2", "number", N_("Area, km²"), low=0.1, high=50000),
            _c("synthetic", "bool", N_("Synthetic data"), N_("Yes for invented training data; reports then say so.")),
            _c("notes", "text", N_("Notes about the data")),
        ),
        single_row=True,
        required=True,
        stages=(0,),
        examples=(
            {"name": "Ak-Bulak aiyl aimak", "soate_code": "41704245800000", "kind": "aiyl_aimak",
             "oblast": "Naryn", "rayon": "Naryn", "reference_year": 2025, "area_km2": 412.5,
             "synthetic": False},
        ),
    ),
    Table(
        "villages",
        N_("Villages"),
        N_("Every village (or city district) of the municipality with its people and households."),
        (
            _c("village_id", "text", N_("Village ID"), N_("A short code you choose, e.g. V1."), required=True),
            _c("name", "text", N_("Village name"), required=True),
            _c("population", "int", N_("Population"), N_("Permanent residents."), required=True, low=0, high=2_000_000),
            _c("households", "int", N_("Households"), required=True, low=0, high=500_000),
            _c("distance_km", "number", N_("Distance to the centre, km"), low=0, high=500),
        ),
        key=("village_id",),
        required=True,
        stages=(0, 2, 3),
        examples=(
            {"village_id": "V1", "name": "Ak-Bulak", "population": 2140, "households": 478, "distance_km": 0},
            {"village_id": "V2", "name": "Kara-Suu", "population": 1315, "households": 290, "distance_km": 7.5},
        ),
    ),
    Table(
        "budget",
        N_("Budget"),
        N_("Local budget by year: revenue by source and spending by service (som, approved plan or actual)."),
        (
            _c("year", "year", N_("Year"), required=True),
            _c("category", "code", N_("Category"), required=True, codes="budget_category"),
            _c("service_id", "ref", N_("Service ID"), N_("Only for spending on a service."), ref="services"),
            _c("amount_som", "number", N_("Amount, som"), required=True, low=0, high=1e11),
            _c("note", "text", N_("Note")),
        ),
        key=("year", "category", "service_id"),
        stages=(0,),
        examples=(
            {"year": 2025, "category": "own_revenue", "amount_som": 6_150_000},
            {"year": 2025, "category": "equalization_grant", "amount_som": 9_870_000},
            {"year": 2025, "category": "expense_service", "service_id": "water", "amount_som": 1_200_000},
        ),
    ),
    Table(
        "commission",
        N_("Commission"),
        N_("Members of the working commission that prepares the strategy."),
        (
            _c("member", "text", N_("Full name"), required=True),
            _c("sex", "code", N_("Sex"), required=True, codes="sex"),
            _c("role", "code", N_("Role"), required=True, codes="commission_role"),
            _c("village_id", "ref", N_("Village ID"), N_("Where the member lives."), ref="villages"),
            _c("position", "text", N_("Position or organisation")),
        ),
        key=("member",),
        stages=(0,),
        examples=(
            {"member": "Asanova Aigul", "sex": "female", "role": "lsg_official", "village_id": "V1",
             "position": "Economist, aiyl okmotu"},
        ),
    ),
    Table(
        "services",
        N_("Services"),
        N_("Every service the municipality is responsible for, with who delivers it and how."),
        (
            _c("service_id", "text", N_("Service ID"), N_("A short code you choose, e.g. water."), required=True),
            _c("name", "text", N_("Service name"), required=True),
            _c("sector", "code", N_("Sector"), required=True, codes="sector"),
            _c("type", "code", N_("Type of service"), required=True, codes="service_type"),
            _c("legal_basis", "text", N_("Legal basis"), N_("Law, article or council decision; blank if none.")),
            _c("provider", "text", N_("Provider"), N_("Who delivers it; blank if nobody.")),
            _c("delivery_mode", "code", N_("Delivery mode"), required=True, codes="delivery_mode"),
            _c("has_standard", "bool", N_("Service standard approved"), required=True),
            _c("in_sedp", "bool", N_("In the SEDP"), N_("Is the service covered by the socio-economic development programme?"), required=True),
            _c("volume_unit", "code", N_("Unit of volume"), codes="volume_unit"),
            _c("tariff_unit", "code", N_("Unit of tariff"), codes="tariff_unit"),
        ),
        key=("service_id",),
        required=True,
        stages=(0, 1, 2, 3),
        examples=(
            {"service_id": "water", "name": "Drinking water supply", "sector": "drinking_water",
             "type": "local_economic", "legal_basis": "Law No. 123 of 20.10.2021, art. 34",
             "provider": "DWUA 'Ak-Suu'", "delivery_mode": "community", "has_standard": False,
             "in_sedp": True, "volume_unit": "m3", "tariff_unit": "per_person_month"},
        ),
    ),
    Table(
        "service_metrics",
        N_("Service metrics"),
        N_("One row per service and year. Leave a cell blank when the figure is not known: it is shown as missing, never as zero."),
        (
            _c("service_id", "ref", N_("Service ID"), required=True, ref="services"),
            _c("year", "year", N_("Year"), required=True),
            _c("households_served", "int", N_("Households served"), low=0),
            _c("people_served", "int", N_("People served"), low=0),
            _c("volume", "number", N_("Volume delivered"), N_("In the service's unit of volume, per year."), low=0),
            _c("cost_som", "number", N_("Full cost, som"), N_("All running costs of the service in the year."), low=0),
            _c("billed_som", "number", N_("Billed to users, som"), low=0),
            _c("collected_som", "number", N_("Collected from users, som"), low=0),
            _c("tariff_som", "number", N_("Tariff, som"), N_("In the service's unit of tariff."), low=0),
            _c("complaints", "int", N_("Complaints received"), low=0),
            _c("complaints_resolved", "int", N_("Complaints resolved"), low=0),
            _c("asset_condition", "int", N_("Asset condition (1–5)"), N_("1 = failing, 3 = worn but working, 5 = new."), low=1, high=5),
            _c("continuity_hours", "number", N_("Hours of supply per day"), N_("For water: average hours per day."), low=0, high=24),
        ),
        key=("service_id", "year"),
        stages=(2,),
        examples=(
            {"service_id": "water", "year": 2025, "households_served": 610, "people_served": 2850,
             "volume": 52_000, "cost_som": 1_450_000, "billed_som": 1_190_000, "collected_som": 980_000,
             "tariff_som": 25, "complaints": 34, "complaints_resolved": 29, "asset_condition": 2,
             "continuity_hours": 14},
        ),
    ),
    Table(
        "service_coverage",
        N_("Coverage by village"),
        N_("Households served by each service in each village, in the reference year."),
        (
            _c("service_id", "ref", N_("Service ID"), required=True, ref="services"),
            _c("village_id", "ref", N_("Village ID"), required=True, ref="villages"),
            _c("households_served", "int", N_("Households served"), required=True, low=0),
        ),
        key=("service_id", "village_id"),
        stages=(2,),
        examples=(
            {"service_id": "water", "village_id": "V1", "households_served": 430},
        ),
    ),
    Table(
        "problems",
        N_("Problems"),
        N_("Problems of each service, each coded into one of the four cause groups of the Strategy, with evidence."),
        (
            _c("service_id", "ref", N_("Service ID"), required=True, ref="services"),
            _c("cause_group", "code", N_("Cause group"), required=True, codes="cause_group"),
            _c("problem", "text", N_("Problem"), required=True),
            _c("evidence", "text", N_("Evidence"), N_("Where the problem shows: a figure, a survey result, a complaint.")),
        ),
        stages=(2,),
        examples=(
            {"service_id": "water", "cause_group": "money", "problem": "Tariff covers 70 % of cost",
             "evidence": "Collected 980,000 som against a cost of 1,450,000 som (2025)"},
        ),
    ),
    Table(
        "population_groups",
        N_("Adult population"),
        N_("Adults (18+) of the whole municipality by sex and age group: the survey is weighted to these."),
        (
            _c("sex", "code", N_("Sex"), required=True, codes="sex"),
            _c("age_group", "code", N_("Age group"), required=True, codes="age_group"),
            _c("population", "int", N_("Population"), required=True, low=0),
        ),
        key=("sex", "age_group"),
        stages=(3,),
        examples=(
            {"sex": "female", "age_group": "18_29", "population": 520},
        ),
    ),
    Table(
        "survey_respondents",
        N_("Survey respondents"),
        N_("One row per person interviewed in the citizen survey."),
        (
            _c("respondent_id", "text", N_("Respondent ID"), required=True),
            _c("village_id", "ref", N_("Village ID"), required=True, ref="villages"),
            _c("sex", "code", N_("Sex"), required=True, codes="sex"),
            _c("age_group", "code", N_("Age group"), required=True, codes="age_group"),
            _c("vulnerable", "bool", N_("Vulnerable household"), N_("Receives social assistance, or has a person with a disability.")),
            _c("household_size", "int", N_("Household size"), low=1, high=30),
            _c("priority_1", "ref", N_("Priority 1"), N_("The service to improve first."), ref="services"),
            _c("priority_2", "ref", N_("Priority 2"), ref="services"),
            _c("priority_3", "ref", N_("Priority 3"), ref="services"),
            _c("bottled_water_som", "number", N_("Spent on bought water, som per month"), low=0),
            _c("own_well", "bool", N_("Uses own well or spring")),
            _c("burns_waste", "bool", N_("Burns or buries waste")),
        ),
        key=("respondent_id",),
        stages=(3,),
        examples=(
            {"respondent_id": "R001", "village_id": "V1", "sex": "female", "age_group": "30_44",
             "vulnerable": False, "household_size": 5, "priority_1": "water", "bottled_water_som": 300,
             "own_well": False, "burns_waste": True},
        ),
    ),
    Table(
        "survey_ratings",
        N_("Survey ratings"),
        N_("Each respondent's rating of each service: satisfaction and importance on a 1–5 scale."),
        (
            _c("respondent_id", "ref", N_("Respondent ID"), required=True, ref="survey_respondents"),
            _c("service_id", "ref", N_("Service ID"), required=True, ref="services"),
            _c("uses_service", "bool", N_("Uses the service"), required=True),
            _c("satisfaction", "int", N_("Satisfaction (1–5)"), N_("1 = very dissatisfied, 5 = very satisfied; blank if not used."), low=1, high=5),
            _c("importance", "int", N_("Importance (1–5)"), N_("1 = not important, 5 = very important."), low=1, high=5),
        ),
        key=("respondent_id", "service_id"),
        stages=(3,),
        examples=(
            {"respondent_id": "R001", "service_id": "water", "uses_service": True, "satisfaction": 2,
             "importance": 5},
        ),
    ),
    Table(
        "survey_wtp",
        N_("Willingness to pay"),
        N_("The highest monthly price per household a respondent accepted for an improved service."),
        (
            _c("respondent_id", "ref", N_("Respondent ID"), required=True, ref="survey_respondents"),
            _c("service_id", "ref", N_("Service ID"), required=True, ref="services"),
            _c("max_price_som", "number", N_("Highest price accepted, som per month"), N_("0 if no price was accepted."), required=True, low=0),
        ),
        key=("respondent_id", "service_id"),
        stages=(3,),
        examples=(
            {"respondent_id": "R001", "service_id": "water", "max_price_som": 150},
        ),
    ),
)

_BY_ID = {t.id: t for t in TABLES}


def table(table_id: str) -> Table:
    """The table ``table_id``.

    Raises:
        KeyError: naming the unknown id and the known ones.
    """
    try:
        return _BY_ID[table_id]
    except KeyError:
        raise KeyError(f"No table {table_id!r}; known tables: {', '.join(_BY_ID)}") from None
