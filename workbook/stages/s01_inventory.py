"""Stage 1: the service inventory and its classification.

Lists every service the municipality answers for (the local services registry) with its type, legal
basis, provider and delivery mode, whether a service standard is approved and whether the SEDP covers
it; counts the services by type, by delivery mode and by both; finds the gaps (no provider, no legal
basis, no standard, not in the SEDP); and drafts the additional register for the council.

Design choices, stated here and in the lesson:

- A service has "no provider" when the delivery mode says nobody provides it or no provider is named.
- A service is "organised" (rather than delivered by the LSG itself) when its mode is neither
  ``direct`` nor ``none``: a municipal enterprise, a private contractor, a users' association or
  community, or inter-municipal cooperation delivers it.
- The draft additional register lists the municipality's own services (municipal and local
  economic-production ones). Delegated state powers are left out: they are state services, listed by
  the state, not by the council. The basic register of Decree No. 302 of 2014 is not part of the case
  data, so the commission itself strikes out the services the basic register already holds.
"""

from __future__ import annotations

import pandas as pd

from workbook.case.problems import WARNING, Problem
from workbook.case.schema import CODES
from workbook.case.values import is_blank
from workbook.i18n import N_
from workbook.results import StageResult

__all__ = ["DEFAULTS", "FORMATS", "GAPS", "LABELS", "MODES", "ORGANISED_MODES", "REGISTER_TYPES", "TITLES", "TYPES", "compute",
           "select"]

DEFAULTS: dict = {}

#: The three types of service, in the order the Strategy names them.
TYPES = tuple(CODES["service_type"])
#: The delivery modes, in the order of the code list.
MODES = tuple(CODES["delivery_mode"])
#: Modes in which someone other than the aiyl okmotu or mayor's office delivers the service.
ORGANISED_MODES = ("municipal_enterprise", "private_contractor", "community", "inter_municipal")
#: Types of service proposed for the council's additional register.
REGISTER_TYPES = ("municipal", "local_economic")
#: The gaps: id → label. Each id is also the name of the value that counts it.
GAPS = {
    "no_provider": N_("No provider"),
    "no_legal_basis": N_("No legal basis"),
    "no_standard": N_("No approved service standard"),
    "not_in_sedp": N_("Not in the SEDP"),
}

#: Titles of the key result tables: the sheets of the results spreadsheet.
TITLES = {
    "registry": N_("Services registry"), "by_type": N_("Services by type"), "by_mode": N_("Services by delivery mode"),
    "type_mode": N_("Type and delivery mode"), "gaps": N_("Registry gaps"), "register": N_("Draft additional register"),
}

_CROSS = {t: "integer" for t in TYPES}

#: How each value and table column is shown: integer, percent, text, bool, code:<list>.
FORMATS = {
    "services": "integer", "share": "percent", "no": "integer", "name": "text", "type": "code:service_type",
    "sector": "code:sector", "legal_basis": "text", "provider": "text", "delivery_mode": "code:delivery_mode",
    "has_standard": "bool", "in_sedp": "bool", "gaps": "integer", "gap": "text", "names": "text",
    "total": "integer", "mode": "text", **_CROSS,
    **{f"type_{t}": "integer" for t in TYPES}, **{f"type_{t}_share": "percent" for t in TYPES},
    **{f"mode_{m}": "integer" for m in MODES}, **{f"mode_{m}_share": "percent" for m in MODES},
    **{g: "integer" for g in GAPS}, **{f"{g}_share": "percent" for g in GAPS},
    "organised": "integer", "organised_share": "percent", "with_gaps": "integer", "with_gaps_share": "percent",
    "complete": "integer", "complete_share": "percent", "register_services": "integer",
    "example_service": "text", "example_provider": "text", "example_mode": "code:delivery_mode",
}

#: Column headers of the result tables.
LABELS = {
    "no": N_("No."), "name": N_("Service"), "type": N_("Type of service"), "sector": N_("Sector"),
    "legal_basis": N_("Legal basis"), "provider": N_("Provider"), "delivery_mode": N_("Delivery mode"),
    "has_standard": N_("Service standard approved"), "in_sedp": N_("In the SEDP"), "gaps": N_("Gaps"),
    "services": N_("Services"), "share": N_("Share"), "gap": N_("Gap"), "names": N_("Which services"),
    "total": N_("All types"), "mode": N_("Delivery mode"),
    **{t: CODES["service_type"][t] for t in TYPES},
}

_REGISTRY_COLUMNS = ["no", "service_id", "name", "sector", "type", "legal_basis", "provider", "delivery_mode",
                     "has_standard", "in_sedp", *GAPS, "gaps"]


def compute(case, earlier) -> StageResult:
    """The registry, its counts by type and mode, its gaps and the draft additional register.

    Args:
        case: a loaded case without errors.
        earlier: results of earlier stages (stage 1 reads none of stage 0's figures).

    Returns:
        A ``StageResult`` with the values (counts and shares), the tables ``registry``, ``by_type``,
        ``by_mode``, ``type_mode``, ``gaps`` and ``register``, and notes for services with no provider
        or no legal basis.
    """
    result = StageResult(stage=1, case_id=case.id)
    registry = _registry(case.table("services"))
    result.tables["registry"] = registry
    values = result.values
    total = len(registry)
    values["services"] = total
    result.tables["by_type"] = _counts(registry, "type", TYPES, total)
    result.tables["by_mode"] = _counts(registry, "delivery_mode", MODES, total)
    for t, n in zip(TYPES, result.tables["by_type"]["services"]):
        values[f"type_{t}"], values[f"type_{t}_share"] = int(n), _share(n, total)
    for m, n in zip(MODES, result.tables["by_mode"]["services"]):
        values[f"mode_{m}"], values[f"mode_{m}_share"] = int(n), _share(n, total)
    organised = registry[registry["delivery_mode"].isin(ORGANISED_MODES)]
    values["organised"], values["organised_share"] = len(organised), _share(len(organised), total)
    example = organised.iloc[0] if len(organised) else pd.Series(dtype=object)
    values["example_service"] = example.get("name")
    values["example_provider"] = example.get("provider")
    values["example_mode"] = example.get("delivery_mode")
    result.tables["type_mode"] = _cross(registry)
    result.tables["gaps"] = _gaps(registry, values, total)
    with_gaps = int((registry["gaps"] > 0).sum())
    values["with_gaps"], values["with_gaps_share"] = with_gaps, _share(with_gaps, total)
    values["complete"], values["complete_share"] = total - with_gaps, _share(total - with_gaps, total)
    register = registry[registry["type"].isin(REGISTER_TYPES)].reset_index(drop=True)
    register["no"] = range(1, len(register) + 1)
    result.tables["register"] = register[["no", "service_id", "name", "type", "legal_basis", "provider",
                                          "delivery_mode", "has_standard"]]
    values["register_services"] = len(register)
    _notes(result, registry)
    return result


def select(registry: pd.DataFrame, service_type: str | None = None, delivery_mode: str | None = None) -> pd.DataFrame:
    """The rows of ``registry`` of one type and/or one delivery mode (None keeps all).

    Args:
        registry: the ``registry`` table of a stage 1 result.
        service_type: a code of ``service_type``, or None for every type.
        delivery_mode: a code of ``delivery_mode``, or None for every mode.

    Returns:
        The matching rows, in registry order, with a fresh index.
    """
    keep = pd.Series(True, index=registry.index)
    if service_type is not None:
        keep &= registry["type"] == service_type
    if delivery_mode is not None:
        keep &= registry["delivery_mode"] == delivery_mode
    return registry[keep].reset_index(drop=True)


def _share(count, total):
    return float(count) / total if total else None


def _registry(services: pd.DataFrame) -> pd.DataFrame:
    """Services sorted by type (in the Strategy's order), then as listed, with their gaps marked."""
    table = services.copy()
    table["_order"] = table["type"].map({t: i for i, t in enumerate(TYPES)})
    table = table.reset_index(drop=True).reset_index(names="_listed")
    table = table.sort_values(["_order", "_listed"], kind="stable").reset_index(drop=True)
    table["legal_basis"] = [None if is_blank(v) else str(v).strip() for v in table["legal_basis"]]
    table["provider"] = [None if is_blank(v) else str(v).strip() for v in table["provider"]]
    # A standard or an SEDP entry nobody can confirm is treated as absent (both columns are required).
    table["has_standard"] = table["has_standard"].fillna(False).astype(bool)
    table["in_sedp"] = table["in_sedp"].fillna(False).astype(bool)
    table["no_provider"] = (table["delivery_mode"] == "none") | table["provider"].isna()
    table["no_legal_basis"] = table["legal_basis"].isna()
    table["no_standard"] = ~table["has_standard"]
    table["not_in_sedp"] = ~table["in_sedp"]
    table["gaps"] = table[list(GAPS)].sum(axis=1).astype(int)
    table["no"] = range(1, len(table) + 1)
    return table[_REGISTRY_COLUMNS]


def _counts(registry: pd.DataFrame, column: str, codes, total: int) -> pd.DataFrame:
    """Services per code of ``column``: every code listed, zero included."""
    counts = registry[column].value_counts().reindex(list(codes), fill_value=0).astype(int)
    return pd.DataFrame({column: list(codes), "services": counts.values,
                         "share": [_share(n, total) for n in counts.values]})


def _cross(registry: pd.DataFrame) -> pd.DataFrame:
    """Services by delivery mode (rows) and type (columns), with the totals of each; last row ``all``."""
    cross = pd.crosstab(registry["delivery_mode"], registry["type"]).reindex(
        index=list(MODES), columns=list(TYPES), fill_value=0).astype(int)
    cross["total"] = cross.sum(axis=1)
    cross.loc["all"] = cross.sum(axis=0)
    return cross.rename_axis(index="delivery_mode", columns=None).reset_index()


def _gaps(registry: pd.DataFrame, values: dict, total: int) -> pd.DataFrame:
    rows = []
    for gap, label in GAPS.items():
        names = registry.loc[registry[gap], "name"].tolist()
        values[gap], values[f"{gap}_share"] = len(names), _share(len(names), total)
        rows.append({"gap_id": gap, "gap": label, "services": len(names), "share": _share(len(names), total),
                     "names": ", ".join(names) or None})
    return pd.DataFrame(rows, columns=["gap_id", "gap", "services", "share", "names"])


def _notes(result: StageResult, registry: pd.DataFrame) -> None:
    if registry.empty:
        result.notes.append(Problem(WARNING, N_("No services are listed: the registry is empty."), table="services"))
        return
    nobody = registry.loc[registry["no_provider"], "name"].tolist()
    if nobody:
        result.notes.append(Problem(WARNING, N_("No provider for: {services}. Find out who delivers each of them, or who "
                                                "could."),
                                    {"services": ", ".join(nobody), "gap_id": "no_provider"}, table="services"))
    unfounded = registry.loc[registry["no_legal_basis"], "name"].tolist()
    if unfounded:
        result.notes.append(Problem(WARNING, N_("No legal basis is recorded for: {services}. Find the law or council "
                                                "decision before the register goes to the council."),
                                    {"services": ", ".join(unfounded), "gap_id": "no_legal_basis"}, table="services"))
