"""The citizen survey questionnaire, built from a case's services and villages.

Stage 3 prints it for the first survey round and stage 11 reuses it for the next one, so the two rounds
ask the same questions. Every question is an English message (``N_``) translated when it is shown; the
questionnaire itself is a table with one row per question (and per service for the service questions),
so the view decides how it looks on paper.

Answer kinds (column ``answer``): ``yes_no``, ``satisfaction`` and ``importance`` (1–5 scales),
``rank`` (1st, 2nd, 3rd: service numbers), ``price_ladder`` (prices asked one after another),
``som`` (an amount), ``count`` (a number), ``village``, ``sex`` and ``age_group`` (one of a list).
"""

from __future__ import annotations

import pandas as pd

from workbook.i18n import N_

__all__ = ["COLUMNS", "SECTIONS", "build", "wtp_services"]

#: Section id → title, in the order they are asked.
SECTIONS = {
    "services": N_("A. The services your household uses"),
    "priorities": N_("B. What should be improved first"),
    "payment": N_("C. Paying for a better service"),
    "coping": N_("D. What your household does instead"),
    "household": N_("E. About you and your household"),
}

#: The questions asked once per service (shown as one grid: a row per service).
_PER_SERVICE = (
    ("use", N_("Does your household use this service?"), "yes_no"),
    ("satisfaction", N_("How satisfied are you with it? Ask only if it is used."), "satisfaction"),
    ("importance", N_("How important is it for your household?"), "importance"),
)
_PRIORITY = N_("Which service should be improved first? Which second, and which third? Write the service numbers from section A.")
_PAYMENT = N_("If this service were reliable and of good quality, would your household pay this much a month for it? Read the prices from the lowest up and stop at the first no; tick the highest price accepted, or none.")
_COPING = (
    ("bottled_water", N_("How much does your household spend in a month on bought or delivered drinking water?"), "som"),
    ("own_well", N_("Does your household use its own well or spring for drinking water?"), "yes_no"),
    ("burns_waste", N_("Does your household burn or bury its waste?"), "yes_no"),
)
_HOUSEHOLD = (
    ("village", N_("Village where the household lives"), "village"),
    ("sex", N_("Sex of the respondent"), "sex"),
    ("age_group", N_("Age group of the respondent"), "age_group"),
    ("vulnerable", N_("Does the household receive social assistance, or include a person with a disability?"), "yes_no"),
    ("household_size", N_("How many people live in the household, including you?"), "count"),
)

#: Columns of the questionnaire table.
COLUMNS = ["section", "title", "number", "item", "question", "answer", "service_id", "service"]


def wtp_services(services: pd.DataFrame, wtp: pd.DataFrame | None = None) -> list[str]:
    """The services the willingness-to-pay question asks about.

    Args:
        services: the case's services table.
        wtp: the case's willingness-to-pay answers, if any.

    Returns:
        Service ids, in the order of ``services``: those users pay a tariff for (a unit of tariff is
        given) and those that already have willingness-to-pay answers.
    """
    answered = set() if wtp is None or wtp.empty else set(wtp["service_id"])
    paid = services["tariff_unit"].notna() & (services["tariff_unit"].astype(str).str.strip() != "")
    return [sid for sid, p in zip(services["service_id"], paid) if p or sid in answered]


def build(services: pd.DataFrame, paid: list[str]) -> pd.DataFrame:
    """The questionnaire as a table: one row per question, and per service for the service questions.

    Args:
        services: the case's services table (``service_id``, ``name``), in the order to ask them.
        paid: the service ids to ask the willingness-to-pay question about.

    Returns:
        A DataFrame with ``COLUMNS``: section id, section title (message), question number, item id,
        question (message), answer kind, and the service id and name the question is about (blank for
        general questions). The service questions share the numbers 1–3 and the willingness-to-pay
        question one number for all its services; the rest follow.
    """
    rows = []

    def add(section, number, item, question, answer, sid="", name=""):
        rows.append({"section": section, "title": SECTIONS[section], "number": number, "item": item,
                     "question": question, "answer": answer, "service_id": sid, "service": name})

    for number, (item, question, answer) in enumerate(_PER_SERVICE, start=1):
        for sid, name in zip(services["service_id"], services["name"]):
            add("services", number, item, question, answer, sid, name)
    number = len(_PER_SERVICE) + 1
    add("priorities", number, "priority", _PRIORITY, "rank")
    names = dict(zip(services["service_id"], services["name"]))
    if paid:
        number += 1
    for sid in paid:
        add("payment", number, "wtp", _PAYMENT, "price_ladder", sid, names.get(sid, sid))
    for section, questions in (("coping", _COPING), ("household", _HOUSEHOLD)):
        for item, question, answer in questions:
            number += 1
            add(section, number, item, question, answer)
    return pd.DataFrame(rows, columns=COLUMNS)
