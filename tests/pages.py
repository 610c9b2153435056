"""Web pages for the HTML and feed tests: news pages in French, Arabic and Hebrew with the
clutter a real page has (navigation, an advertisement, a caption, a footer), whose article
paragraphs the tests find again, character for character, in what is indexed."""

from __future__ import annotations

from html import escape

NAV = "Accueil Monde Économie Sport Culture Se connecter"
AD = "PUBLICITÉ Abonnez-vous pour 1 euro seulement"
CAPTION = "Photo : les secours dans les décombres"
FOOTER = "Tous droits réservés 2023 Mentions légales"

FR = {
    "lang": "fr",
    "title": "Séisme au Maroc : le bilan dépasse 2 000 morts",
    "site": "Le Quotidien",
    "url": "https://www.lequotidien.example/monde/article/2023/09/10/seisme-maroc",
    "date": "2023-09-10",
    "paragraphs": [
        "Le séisme qui a frappé le Maroc vendredi soir a fait 2 012 morts et 2 059 blessés, "
        "selon le dernier bilan du ministère de l'Intérieur publié samedi.",
        "La secousse, d'une magnitude de 6,8, a touché la province d'Al-Haouz, au sud-ouest de "
        "Marrakech, où des villages entiers ont été détruits.",
        "Le roi Mohammed VI a décrété un deuil national de trois jours dans tout le royaume.",
    ],
}
AR = {
    "lang": "ar",
    "title": "زلزال المغرب: ارتفاع عدد القتلى إلى 2012 شخصا",
    "site": "الصحيفة",
    "url": "https://www.alsahifa.example/news/2023/9/9/zilzal",
    "date": "2023-09-09",
    "paragraphs": [
        # a shadda before its fatha, a zero-width non-joiner, a right-to-left mark, a tatweel:
        # a page's characters, each kept as the page has them
        "قال\u0651\u064e\u200cت وزارة الداخلية المغربية إن عدد \u200fالقتلى بلغ 2012 شخصا، وإن 2059 أصيبوا بجروح.",
        "وضرب الزلزال بقوة 6.8 درجات منطقة الحـــوز جنوب مراكش ليل الجمعة.",
        "وأعلن الملك الحداد الوطني لمدة ثلاثة أيام في كل أنحاء المملكة.",
    ],
}
HE = {
    "lang": "he",
    "title": "רעידת אדמה במרוקו: יותר מ-2,000 הרוגים",
    "site": "העיתון",
    "url": "https://www.haiton.example/news/2023/09/09/maroko",
    "date": "2023-09-09",
    "paragraphs": [
        "לפי משרד הפנים של מרוקו, 2,012 בני אדם נהרגו ו-2,059 נפצעו ברעידת האדמה.",
        "הָרְעִידָה, בעוצמה של 6.8, פגעה באזור אל-חאוז שמדרום למרקש.",
        "המלך הכריז על שלושה ימי אבל לאומי בכל הממלכה.",
    ],
}


def page_html(
    story: dict,
    charset: str = "utf-8",
    declare: str = "meta",
    with_date: bool = True,
    canonical: bool = True,
    title: str | None = None,
) -> str:
    """The page of ``story`` as HTML text (encode it with ``charset``). ``declare``: how the
    charset is declared: 'meta' (``<meta charset>``), 'http-equiv', or 'none'."""
    charset_tag = {
        "meta": f'<meta charset="{charset}">',
        "http-equiv": f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
        "none": "",
    }[declare]
    direction = ' dir="rtl"' if story["lang"] in ("ar", "he") else ""
    head = [
        charset_tag,
        f"<title>{escape(title or story['title'])} | {escape(story['site'])}</title>",
        f'<meta property="og:site_name" content="{escape(story["site"])}">',
        f'<meta property="og:title" content="{escape(title or story["title"])}">',
    ]
    if with_date:
        head.append(
            f'<meta property="article:published_time" content="{story["date"]}T08:30:00+00:00">'
        )
    if canonical:
        head.append(f'<link rel="canonical" href="{story["url"]}">')
    paragraphs = "\n".join(f"<p>{escape(p)}</p>" for p in story["paragraphs"])
    first, rest = paragraphs.split("\n", 1)
    return (
        f'<!DOCTYPE html>\n<html lang="{story["lang"]}"{direction}><head>{"".join(head)}</head>'
        f"<body><header><nav><ul><li><a href='/'>{NAV}</a></li></ul></nav></header>"
        f'<div class="advert ad-banner" id="ad-top">{AD}</div>'
        f"<main><article><h1>{escape(title or story['title'])}</h1>\n{first}\n"
        f'<figure><img src="/img/1.jpg" alt=""><figcaption>{CAPTION}</figcaption></figure>\n'
        f"{rest}\n</article></main>"
        f'<aside class="related"><h2>À lire aussi</h2><ul><li><a href="/a">Autre sujet</a></li>'
        f'<li><a href="/b">Encore un autre</a></li></ul></aside>'
        f"<footer><p>{FOOTER}</p></footer></body></html>\n"
    )


def page_bytes(story: dict, charset: str = "utf-8", **options) -> bytes:
    return page_html(story, charset=charset, **options).encode(charset, "xmlcharrefreplace")
