"""The words of the synthetic cases in Kyrgyz and Russian: names, providers, positions, problem texts.

The generator (``workbook.case.generate``) invents numbers and writes its texts in English with Latin
names; ``localize`` rewrites those texts for a case in Kyrgyz or Russian, as a municipality would have
written them (Cyrillic place and person names, providers, legal references). These are data of the
sample cases, not interface messages, so they live here rather than in the catalogs; service names
reuse the translated sector labels.
"""

from __future__ import annotations

import pandas as pd

from workbook.case.schema import CODES
from workbook.i18n import translator

__all__ = ["localize", "municipality_name"]

#: Latin spellings used by the generator → Kyrgyz Cyrillic (also used in Russian texts).
_CYRILLIC = {
    "Ak-Tash": "Ак-Таш", "Kara-Suu": "Кара-Суу", "Kok-Jar": "Көк-Жар", "Jany-Jol": "Жаңы-Жол",
    "Ak-Bulak": "Ак-Булак", "Kyzyl-Too": "Кызыл-Тоо", "Ber-Bash": "Бер-Баш", "Sary-Bulun": "Сары-Булуң",
    "Tash-Bulak": "Таш-Булак", "Kara-Bulak": "Кара-Булак", "Ak-Terek": "Ак-Терек", "Kok-Say": "Көк-Сай",
    "Chong-Kapka": "Чоң-Капка", "Orto-Say": "Орто-Сай", "Kara-Tokoy": "Кара-Токой", "Jer-Kazar": "Жер-Казар",
    "Ak-Moyun": "Ак-Мойун", "Kum-Bel": "Кум-Бел", "Taldy-Suu": "Талды-Суу", "Ming-Bulak": "Миң-Булак",
    "Aral": "Арал", "Kurmanbek": "Курманбек", "Bash-Kaiyndy": "Баш-Кайыңды", "Kyzyl-Jyldyz": "Кызыл-Жылдыз",
    "Jeti-Oguz": "Жети-Өгүз", "Taza-Bulak": "Таза-Булак",
    "Aigul": "Айгүл", "Nurgul": "Нургүл", "Cholpon": "Чолпон", "Asel": "Асел", "Gulnara": "Гүлнара",
    "Jyldyz": "Жылдыз", "Aizada": "Айзада", "Elmira": "Элмира", "Damira": "Дамира", "Burul": "Бурул",
    "Kanykei": "Каныкей", "Meerim": "Мээрим", "Saltanat": "Салтанат", "Ainura": "Айнура", "Zamira": "Замира",
    "Bakyt": "Бакыт", "Nurlan": "Нурлан", "Azamat": "Азамат", "Talant": "Талант", "Kubanychbek": "Кубанычбек",
    "Erlan": "Эрлан", "Almaz": "Алмаз", "Ulan": "Улан", "Mirlan": "Мирлан", "Taalai": "Таалай", "Bolot": "Болот",
    "Daniyar": "Данияр", "Kanat": "Канат", "Ruslan": "Руслан", "Aibek": "Айбек",
    "Asanov": "Асанов", "Toktogulov": "Токтогулов", "Mamatov": "Маматов", "Sadykov": "Садыков",
    "Abdyldaev": "Абдылдаев", "Jumabaev": "Жумабаев", "Osmonov": "Осмонов", "Kasymov": "Касымов",
    "Beishenaliev": "Бейшеналиев", "Turdubaev": "Турдубаев", "Sultanov": "Султанов", "Isakov": "Исаков",
    "Omurzakov": "Өмүрзаков", "Kadyrov": "Кадыров", "Usenov": "Үсөнов",
}
#: Oblasts and rayons: (Kyrgyz, Russian).
_REGIONS = {
    "Naryn": ("Нарын", "Нарын"), "Issyk-Kul": ("Ысык-Көл", "Иссык-Куль"), "Tyup": ("Түп", "Тюп"),
    "Chuy": ("Чүй", "Чуй"), "Sokuluk": ("Сокулук", "Сокулук"), "Osh": ("Ош", "Ош"), "Kara-Suu": ("Кара-Суу", "Кара-Суу"),
    "Jalal-Abad": ("Жалал-Абад", "Джалал-Абад"), "Suzak": ("Сузак", "Сузак"), "Talas": ("Талас", "Талас"),
    "Batken": ("Баткен", "Баткен"), "Leilek": ("Лейлек", "Лейлек"),
}
#: Providers, positions and legal references: English text → (Kyrgyz, Russian).
_WORDS = {
    "Aiyl okmotu": ("Айыл өкмөтү", "Айыл окмоту"),
    "Mayor's office": ("Мэрия", "Мэрия"),
    "Aiyl okmotu water unit": ("Айыл өкмөтүнүн суу кызматы", "Водная служба айыл окмоту"),
    "DWUA 'Taza Suu'": ("«Таза Суу» ИСПКБ", "ОПППВ «Таза Суу»"),
    "MU Vodokanal": ("«Водоканал» муниципалдык ишканасы", "МУ «Водоканал»"),
    "MP Suu Bulagy": ("«Суу Булагы» муниципалдык ишканасы", "МП «Суу Булагы»"),
    "MP Tazalyk": ("«Тазалык» муниципалдык ишканасы", "МП «Тазалык»"),
    "IP Sanarip Tazalyk": ("«Санарип Тазалык» жеке ишкери", "ИП «Санарип Тазалык»"),
    "Water users' association": ("Суу пайдалануучулар ассоциациясы", "Ассоциация водопользователей"),
    "OsOO Jol Kurulush": ("«Жол Курулуш» ЖЧК", "ОсОО «Жол Курулуш»"),
    "Joint culture centre of neighbouring aiyl aimaks": ("Коңшу айыл аймактарынын биргелешкен маданият борбору",
                                                          "Совместный центр культуры соседних айылных аймаков"),
    "Aiyl okmotu staff": ("Айыл өкмөтүнүн кызматкери", "Сотрудник айыл окмоту"),
    "Deputy of the kenesh": ("Кеңештин депутаты", "Депутат кенеша"),
    "Resident": ("Тургун", "Житель"),
    "Women's council": ("Аялдар кеңеши", "Женсовет"),
    "Service provider": ("Кызмат көрсөтүүчү", "Поставщик услуг"),
    "Law No. 139 of 2014 on state and municipal services; Decree No. 302 of 2014": (
        "2014-жылдагы № 139 «Мамлекеттик жана муниципалдык кызмат көрсөтүүлөр жөнүндө» Мыйзам; 2014-жылдагы № 302 токтом",
        "Закон № 139 от 2014 г. «О государственных и муниципальных услугах»; постановление № 302 от 2014 г."),
    "Law No. 123 of 20.10.2021, art. 34; aiyl kenesh tariff decision": (
        "2021-жылдын 20-октябрындагы № 123 Мыйзам, 34-берене; айылдык кеңештин тариф боюнча чечими",
        "Закон № 123 от 20.10.2021, ст. 34; решение айылного кенеша о тарифе"),
    "Delegation of state powers under Law No. 123 of 20.10.2021": (
        "2021-жылдын 20-октябрындагы № 123 Мыйзам боюнча өткөрүлүп берилген мамлекеттик ыйгарым укуктар",
        "Делегированные государственные полномочия по Закону № 123 от 20.10.2021"),
}
#: Problem and evidence texts by cause group: language → (problem, evidence), with named fields.
PROBLEMS = {
    "money": {
        "en": ("User payments cover {recovery} of the cost", "Collected {collected}, cost {cost} ({year})"),
        "ky": ("Керектөөчүлөрдүн төлөмдөрү чыгымдардын {recovery} гана жабат", "Чогултулганы {collected}, чыгымдар {cost} ({year}-ж.)"),
        "ru": ("Платежи потребителей покрывают лишь {recovery} затрат", "Собрано {collected}, затраты {cost} ({year} г.)"),
    },
    "provider_capacity": {
        "en": ("Worn-out assets and frequent breakdowns", "Asset condition {condition} of 5 ({year})"),
        "ky": ("Инфратүзүм эскирген, көп бузулат", "Инфратүзүмдүн абалы 5 баллдан {condition} ({year}-ж.)"),
        "ru": ("Изношенная инфраструктура, частые аварии", "Состояние инфраструктуры {condition} из 5 ({year} г.)"),
    },
    "law_capacity": {
        "en": ("No approved service standard", "The services sheet: standard approved = no"),
        "ky": ("Кызмат көрсөтүүнүн бекитилген стандарты жок", "Кызматтар барагы: стандарт бекитилген = жок"),
        "ru": ("Нет утверждённого стандарта услуги", "Лист «Услуги»: стандарт утверждён = нет"),
    },
    "participation": {
        "en": ("Complaints go unanswered", "{open} of {complaints} complaints unresolved ({year})"),
        "ky": ("Даттануулар жоопсуз калууда", "{complaints} даттануунун {open} чечилген эмес ({year}-ж.)"),
        "ru": ("Жалобы остаются без ответа", "Не решено {open} из {complaints} жалоб ({year} г.)"),
    },
}
_NOTES = {
    "en": "Synthetic training case ({character}, seed {seed}); not real data.",
    "ky": "Окуу үчүн түзүлгөн синтетикалык кейс ({character}, seed {seed}); чыныгы маалымат эмес.",
    "ru": "Синтетический учебный кейс ({character}, seed {seed}); не реальные данные.",
}
_KINDS = {"aiyl_aimak": {"en": "{place} aiyl aimak", "ky": "{place} айыл аймагы", "ru": "{place} айылный аймак"},
          "city_oblast": {"en": "{place} city", "ky": "{place} шаары", "ru": "город {place}"}}


def _cyrillic(text):
    if not isinstance(text, str):
        return text
    words = []
    for word in text.split(" "):
        female = word.endswith("a") and word[:-1] in _CYRILLIC
        words.append(_CYRILLIC[word[:-1]] + "а" if female else _CYRILLIC.get(word, word))
    return " ".join(words)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def municipality_name(place: str, kind: str, lang: str) -> str:
    """The municipality's name after its centre, as it is written in ``lang``."""
    return _KINDS[kind][lang].format(place=place if lang == "en" else _cyrillic(place))


def note(character: str, seed: int, lang: str) -> str:
    return _NOTES[lang].format(character=character, seed=seed)


def problem_texts(group: str, facts: dict, lang: str) -> tuple[str, str]:
    """The problem and its evidence in ``lang``, numbers formatted for that language."""
    tr = translator(lang)
    shown = {"recovery": tr.percent(facts["recovery"], 0), "collected": tr.som(facts["collected"]),
             "cost": tr.som(facts["cost"]), "year": f"{facts['year']:.0f}", "condition": tr.integer(facts["condition"]),
             "open": tr.integer(facts["open"]), "complaints": tr.integer(facts["complaints"])}
    problem, evidence = PROBLEMS[group][lang]
    return problem.format(**shown), evidence.format(**shown)


def localize(tables: dict[str, pd.DataFrame], lang: str) -> None:
    """Rewrite the texts of a generated case (in place) as a municipality writing in ``lang`` would."""
    if lang == "en":
        return
    index = 0 if lang == "ky" else 1
    tr = translator(lang)
    profile = tables["profile"]
    for column in ("oblast", "rayon"):
        profile[column] = [_REGIONS[v][index] if v in _REGIONS else v for v in profile[column]]
    tables["villages"]["name"] = tables["villages"]["name"].map(_cyrillic)
    services = tables["services"]
    services["name"] = [_capital(tr(CODES["sector"][s])) for s in services["sector"]]
    for column in ("provider", "legal_basis"):
        services[column] = [_WORDS[v][index] if v in _WORDS else v for v in services[column]]
    commission = tables["commission"]
    commission["member"] = commission["member"].map(_cyrillic)
    commission["position"] = [_WORDS[v][index] if v in _WORDS else v for v in commission["position"]]
