"""The words of the national data set: place names, focus areas, commitments and activities.

Everything here is invented from common Swedish place-name parts and the wording of real
medborgarlöften (Älvsbyn's among them). No text holds a digit run a personal identity number
could be read from: activity descriptions hold no digits at all.
"""

from dataclasses import dataclass

# Place names: a prefix and a suffix ("Sand" + "vik"). 56 × 20 gives far more than Sweden's 290
# municipalities, so that every stem is used once.
PREFIXES = [
    "Al", "Aspe", "Berg", "Björk", "Björn", "Bred", "Dal", "Ek", "Fager", "Falk", "Fors",
    "Gran", "Gull", "Hag", "Hammar", "Hassel", "Hol", "Hult", "Kall", "Kvarn", "Kungs", "Lill",
    "Lind", "Ljung", "Lyck", "Mal", "Mo", "Myr", "Nor", "Ny", "Ram", "Ros", "Sand", "Sko",
    "Sol", "Sten", "Stor", "Strand", "Ström", "Sval", "Säter", "Tall", "Tors", "Ulv", "Vall",
    "Ved", "Vide", "Väster", "Åker", "Ås", "Öster", "Ör", "Älv", "Ängel", "Bränn", "Grön",
]  # fmt: skip
SUFFIXES = [
    "by", "sund", "köping", "berg", "vik", "holm", "å", "torp", "hamn", "stad", "dal", "fors",
    "näs", "ås", "bo", "ryd", "hult", "mark", "lunda", "sjö",
]  # fmt: skip

# What other parties are called, by the municipality's place name.
OTHER_PARTIES = [
    "Räddningstjänsten {stem}",
    "{stem}hem AB",
    "Brottsofferjouren {stem}",
    "Fastighetsägarna i {stem}",
    "Föreningen Nattvandrarna {stem}",
]
POLICE_AREA_SUFFIXES = ["", "", "", " norra", " södra", " älvdal", " centrum"]

PLACES = [
    "{stem} centrum", "Storgatan", "Resecentrum", "Högstadieskolan", "Gymnasiet", "Torget",
    "Idrottshallen", "Järnvägsstationen", "Fritidsgården", "Köpcentrum", "Hamnen", "Badplatsen",
    "Biblioteket", "Skolgården", "Industriområdet", "Vårdcentralen", "Ishallen", "Parken",
]  # fmt: skip

TAILS = [
    "", "", "", " Inga anmärkningar.", " Uppföljning planerad.", " Gott samarbete med skolan.",
    " Rapporterat till BRÅ.", " Fler tillfällen planeras under hösten.",
    " Genomfört enligt plan.", " Några synpunkter lämnades vidare till kommunen.",
]  # fmt: skip

QUOTA_SUFFIXES = ["", " i centrum", " i ytterområdena", " kvällstid", " under sommaren"]
CHILD_SUFFIXES = ["varav minst en i centrum", "varav minst en kvällstid", "varav en på helg"]


@dataclass(frozen=True)
class Area:
    """A focus area: its title and description, the sub-headings its commitments stand under,
    the kinds of activity logged in it, its commitments by kind and its activities' texts.

    A commitment is ``(key stem, text, who is responsible)``: ``police``, ``municipality``,
    ``both`` or ``other`` (another party of the promise, or the municipality when it has none).
    A quota carries its unit and the unit in the singular too.
    """

    title: str
    description: str
    groups: tuple
    kinds: tuple
    quotas: tuple
    milestones: tuple
    ongoing: tuple
    conditional: tuple
    descriptions: tuple


AREAS = [
    Area(
        "Narkotika",
        "Polis och kommun i samverkan mot narkotika.",
        ("Förebyggande arbete i skolan", "Kontroller och tillsyn"),
        ("hundsök", "skolbesök", "kontroll", "information"),
        (
            ("hundsok", "Hundsök i skolan", "hundsök", "hundsök", "police"),
            ("utlamning", "Besök vid utlämningsställen för paket", "besök", "besök", "police"),
            ("foraldramote", "Information om narkotika på föräldramöten", "möten", "möte", "both"),
            ("tillsyn", "Tillsyn av serveringsställen", "tillsyner", "tillsyn", "municipality"),
        ),
        (
            ("drogvane", "Drogvaneundersökning genomförs och följs upp", "municipality"),
            ("rutin", "Gemensam rutin för orosanmälningar tas fram", "both"),
        ),
        (("samverkan", "Samverka med skolan kring elever i riskzon", "both"),),
        (("insats", "Gemensam insats vid tecken på öppen narkotikahandel", "both"),),
        (
            "Hundsök på {place} tillsammans med rektor. Inga fynd.",
            "Hundsök på {place}. Ett fynd som hanterades enligt rutin.",
            "Information om narkotika för personalen vid ett utlämningsställe.",
            "Föräldramöte om narkotika och sociala medier.",
            "Tillsyn av serveringsställen kvällstid tillsammans med polisen.",
            "Samtal med elevhälsan om elever som oroar.",
        ),
    ),
    Area(
        "Arbetslivskriminalitet",
        "Myndighetsgemensamma kontroller mot fusk, utnyttjande och osund konkurrens.",
        ("Kontroller", "Samverkan med myndigheter"),
        ("kontroll", "möte", "information"),
        (
            (
                "kontroll",
                "Myndighetsgemensam kontroll av arbetsplatser",
                "kontroller",
                "kontroll",
                "police",
            ),
            ("deltagande", "Deltagande vid kontroll", "kontroller", "kontroll", "municipality"),
        ),  # fmt: skip
        (("kontrollplan", "Gemensam kontrollplan tas fram med länets myndigheter", "both"),),
        (("upphandling", "Ställa krav mot osund konkurrens vid upphandling", "municipality"),),
        (("tips", "Följa upp tips om utnyttjad arbetskraft", "police"),),
        (
            "Kontroll av byggarbetsplatser tillsammans med Skatteverket.",
            "Kontroll av restauranger och nagelsalonger med Arbetsmiljöverket.",
            "Kontroll av bilverkstäder och däckfirmor inför säsongsbytet.",
            "Samverkansmöte med Skatteverket och Arbetsmiljöverket.",
            "Information till lokala företagare om osund konkurrens.",
        ),
    ),
    Area(
        "Våld i nära relationer",
        "Tidig upptäckt, stöd till utsatta och insatser mot våldsutövare.",
        ("Kunskap och utbildning", "Stöd till utsatta"),
        ("utbildning", "möte", "uppföljning", "information"),
        (
            (
                "utbildning",
                "Utbildning om våld i nära relationer för personal",
                "utbildningar",
                "utbildning",
                "municipality",
            ),
            ("kampanj", "Informationskampanj om var man får stöd", "kampanjer", "kampanj", "both"),
        ),  # fmt: skip
        (
            ("kurage", "Utarbeta koncepten hotellkurage och huskurage", "police"),
            (
                "handlingsplan",
                "Handlingsplanen mot våld i nära relationer revideras",
                "municipality",
            ),
        ),  # fmt: skip
        (
            (
                "handlingsplan-arbete",
                "Arbeta enligt handlingsplan mot våld i nära relation",
                "municipality",
            ),
        ),  # fmt: skip
        (("samrad", "Samråd vid larm om hot mot en utsatt person", "both"),),
        (
            "Utbildning i handlingsplanen för socialtjänstens personal.",
            "Samrådsmöte med socialtjänst, skola och polis om aktuella ärenden.",
            "Gemensam informationsträff med brottsofferjouren.",
            "Utbildning om hedersrelaterat våld och förtryck för elevhälsan.",
            "Möte med hotell och bostadsbolag om hotellkurage och huskurage.",
            "Uppföljning av handlingsplanen i ledningsgruppen.",
        ),
    ),
    Area(
        "Trafik",
        "Säkrare trafik med fokus på rattfylleri, hastighet och mopeder.",
        ("Kontroller", "Attitydarbete"),
        ("trafikkontroll", "nykterhetskontroll", "hastighetskontroll", "skolbesök"),
        (
            ("trafikkontroll", "Trafikkontroller", "kontroller", "kontroll", "police"),
            ("nykterhet", "Nykterhetskontroller", "kontroller", "kontroll", "police"),
            ("attityd", "Attitydarbete om trafik i skolan", "skolbesök", "skolbesök", "both"),
        ),
        (("skolvagar", "Trafiksäkra skolvägar kartläggs", "municipality"),),
        (("hastighet", "Följa upp klagomål på hastighet i bostadsområden", "police"),),
        (("mopeder", "Riktade insatser mot buskörning med mopeder", "police"),),
        (
            "Nykterhetskontroller fredag kväll vid {place}.",
            "Kontroller av mopeder och A-traktorer vid {place}.",
            "Hastighetskontroll vid skolstart.",
            "Temadag om trafik och attityder med trafikskolan.",
            "Kontroller på rätt tid och plats efter tips från allmänheten.",
        ),
    ),
    Area(
        "Trygghet i offentlig miljö",
        "Fler vuxna ute, bättre belysning och snabb åtgärd av skadegörelse.",
        ("Närvaro", "Den fysiska miljön"),
        ("trygghetsvandring", "fotpatrull", "möte", "åtgärd"),
        (
            ("vandring", "Trygghetsvandringar", "vandringar", "vandring", "both"),
            ("fotpatrull", "Fotpatrullering", "patruller", "patrull", "police"),
            ("nattvandring", "Nattvandring med föreningar", "kvällar", "kväll", "other"),
        ),
        (("belysning", "Belysningen i centrum förbättras", "municipality"),),
        (("klotter", "Klotter och skadegörelse åtgärdas snabbt", "municipality"),),
        (("evenemang", "Samverkan inför större evenemang", "both"),),
        (
            "Trygghetsvandring i {place} med boende och fastighetsägare.",
            "Fotpatrullering i {place} kvällstid.",
            "Nattvandring tillsammans med föreningen.",
            "Möte om belysning och buskage efter trygghetsvandringen.",
            "Klotter sanerat och skadad belysning lagad.",
        ),
    ),
    Area(
        "Ungdomar",
        "Tidiga insatser för unga som riskerar att hamna i kriminalitet.",
        ("Skola och fritid", "Sociala insatser"),
        ("skolbesök", "möte", "fritidsgård", "samtal"),
        (
            ("skolbesok", "Besök i skolan", "besök", "besök", "police"),
            ("fritidsgard", "Närvaro på fritidsgården", "kvällar", "kväll", "both"),
            ("orosanmalan", "Orossamtal med vårdnadshavare", "samtal", "samtal", "municipality"),
        ),
        (("sig", "Arbetssättet sociala insatsgrupper införs", "both"),),
        (("sommarlov", "Aktiviteter för unga under sommarlovet", "municipality"),),
        (("rekrytering", "Insats vid tecken på rekrytering till gäng", "both"),),
        (
            "Besök i årskurs åtta om konsekvenser av brott.",
            "Närvaro på fritidsgården under fredagskvällen.",
            "Samtal med vårdnadshavare efter oro från skolan.",
            "Möte i den sociala insatsgruppen.",
            "Lovaktivitet tillsammans med föreningslivet i {place}.",
        ),
    ),
    Area(
        "Bostadsinbrott och bedrägerier",
        "Färre inbrott och färre äldre som luras.",
        ("Grannsamverkan", "Information till äldre"),
        ("grannsamverkan", "information", "föreläsning", "möte"),
        (
            ("grannsamverkan", "Nya områden med grannsamverkan", "områden", "område", "both"),
            (
                "forelasning",
                "Föreläsning om bedrägerier för äldre",
                "föreläsningar",
                "föreläsning",
                "police",
            ),
        ),  # fmt: skip
        (("material", "Informationsmaterial om bedrägerier tas fram", "municipality"),),
        (("hemtjanst", "Hemtjänsten informerar om bedrägerier vid hembesök", "municipality"),),
        (("inbrottsvag", "Riktad information vid en våg av inbrott", "police"),),
        (
            "Uppstartsmöte för grannsamverkan i ett nytt område.",
            "Föreläsning om telefonbedrägerier på seniorträffen.",
            "Information om bedrägerier till hemtjänstens personal.",
            "Utskick om inbrottsskydd till hushållen i området.",
        ),
    ),
    Area(
        "Lokala problem",
        "Lokala problembilder som uppstår under året och hanteras i BRÅ.",
        ("Brottsförebyggande rådet",),
        ("möte", "åtgärd", "uppföljning"),
        (("bra-mote", "Möten i brottsförebyggande rådet", "möten", "möte", "both"),),
        (("lagesbild", "Gemensam lägesbild tas fram", "both"),),
        (("medborgardialog", "Medborgardialog om otrygga platser", "both"),),
        (("bra", "BRÅ sammankallas vid uppkomna lokala problembilder", "municipality"),),
        (
            "BRÅ sammankallat om en ny lokal problembild.",
            "Uppföljning av handlingsplanen i BRÅ.",
            "Medborgardialog på {place} om otrygga platser.",
            "Åtgärd enligt handlingsplanen genomförd.",
        ),
    ),
]

LOCAL_PROBLEMS = [
    ("Rattfylleri", "Rattfylleri och störande körning med unga i fokus."),
    ("Mopedbuskörning", "Buskörning med mopeder och A-traktorer i centrum."),
    ("Inbrott i förråd", "En våg av inbrott i källar- och vindsförråd."),
    ("Stölder från båtar", "Stölder av båtmotorer under sommaren."),
    ("Ungdomsgrupp vid stationen", "Ungdomar samlas kvällstid och stör resenärer."),
    ("Skadegörelse på skolor", "Fönster krossas och klotter på skolorna helger."),
]
MEASURES = [
    ("kontroller", "Riktade kontroller enligt handlingsplanen", "kontroller", "kontroll"),
    ("narvaro", "Ökad närvaro på platsen", "tillfällen", "tillfälle"),
]
