"""Word lists for synthetic people, firms and places. Pure: no Django, no randomness.

People are invented by combining a first name and a last name drawn at random from
common-name lists; no row describes a real person. Carriers are the real companies
of the Minnesota individual market, because brokers write their real names. Cities and
ZIP codes are real Minnesota places; street names are invented.
"""

from __future__ import annotations

from dataclasses import dataclass

FIRST_NAMES: tuple[str, ...] = (
    "Aaron", "Abdi", "Abigail", "Adam", "Aisha", "Alan", "Alejandro", "Alexander", "Alice",
    "Amanda", "Amina", "Amy", "Ana", "Andrea", "Andrew", "Angela", "Anna", "Anthony", "Ashley",
    "Barbara", "Benjamin", "Bethany", "Brandon", "Brian", "Carlos", "Carol", "Catherine",
    "Charles", "Chia", "Christina", "Christopher", "Cynthia", "Daniel", "David", "Deborah",
    "Dennis", "Diana", "Donald", "Dylan", "Elizabeth", "Emily", "Emma", "Eric", "Ethan",
    "Fartun", "Gabriel", "Gary", "Grace", "Gregory", "Hannah", "Hassan", "Heather", "Henry",
    "Isabel", "Jacob", "James", "Jason", "Jennifer", "Jessica", "Joel", "John", "Jonathan",
    "Jose", "Joseph", "Joshua", "Julia", "Justin", "Karen", "Katherine", "Kevin", "Kimberly",
    "Kou", "Laura", "Linda", "Lisa", "Logan", "Luis", "Madison", "Margaret", "Maria", "Mark",
    "Mary", "Matthew", "Megan", "Melissa", "Michael", "Michelle", "Mohamed", "Nancy", "Nathan",
    "Nicholas", "Nicole", "Olivia", "Owen", "Pa", "Patricia", "Patrick", "Paul", "Rachel",
    "Rebecca", "Richard", "Robert", "Ryan", "Samantha", "Samuel", "Sandra", "Sarah", "Scott",
    "Sharon", "Sofia", "Stephanie", "Steven", "Susan", "Thomas", "Timothy", "Tou", "Tyler",
    "Victoria", "Walter", "William", "Xee", "Yer", "Zachary",
)  # fmt: skip

LAST_NAMES: tuple[str, ...] = (
    "Abdullahi", "Ali", "Allen", "Anderson", "Bakken", "Baker", "Berg", "Brown", "Carlson",
    "Chang", "Clark", "Cruz", "Dahl", "Davis", "Diaz", "Erickson", "Evans", "Fischer", "Flores",
    "Garcia", "Gonzalez", "Gustafson", "Hall", "Hansen", "Harris", "Her", "Hernandez", "Hill",
    "Hoang", "Hughes", "Jackson", "Jensen", "Johnson", "Jones", "Kelly", "Kim", "King", "Koch",
    "Kowalski", "Lang", "Larson", "Lee", "Lewis", "Lopez", "Lor", "Lund", "Martin", "Martinez",
    "Meyer", "Miller", "Mohamed", "Moore", "Moua", "Murphy", "Nelson", "Nguyen", "Nielsen",
    "Novak", "Olson", "Ortiz", "Peterson", "Phillips", "Ramirez", "Rivera", "Roberts",
    "Robinson", "Rodriguez", "Schmidt", "Schultz", "Scott", "Smith", "Sorensen", "Stewart",
    "Swanson", "Taylor", "Thao", "Thomas", "Thompson", "Torres", "Tran", "Vang", "Walker",
    "Weber", "White", "Williams", "Wilson", "Xiong", "Yang", "Young", "Zimmerman",
)  # fmt: skip

# Legal first name -> the short form a broker often writes instead.
NICKNAMES: dict[str, str] = {
    "William": "Bill",
    "Robert": "Bob",
    "Richard": "Rick",
    "Elizabeth": "Liz",
    "Margaret": "Peggy",
    "Katherine": "Kate",
    "James": "Jim",
    "Michael": "Mike",
    "Thomas": "Tom",
    "Joseph": "Joe",
    "Jennifer": "Jen",
    "Christopher": "Chris",
    "Patricia": "Pat",
    "Rebecca": "Becky",
    "Deborah": "Deb",
}

STREET_NAMES: tuple[str, ...] = (
    "Aspen Hollow", "Balsam Ridge", "Basswood", "Birchbark", "Bluestem", "Boulder Creek",
    "Cedar Bluff", "Clearwater", "Cottonwood Bend", "Driftless", "Eagle Point", "Elm Crossing",
    "Fernbrook", "Fox Meadow", "Granite Falls", "Heron Bay", "Ironwood", "Juniper Hill",
    "Kettle River", "Lady Slipper", "Larkspur", "Linden Grove", "Loon Call", "Maple Hollow",
    "Meadowlark", "North Shore", "Oak Savanna", "Otter Tail", "Pine Needle", "Prairie Rose",
    "Quarry Ridge", "Red Pine", "Riverbend", "Sandhill", "Snowshoe", "Spruce Trail",
    "Sumac", "Tamarack", "Timber Wolf", "Trillium", "Walleye", "White Birch", "Wild Rice",
    "Willow Creek", "Windfall", "Wood Duck",
)  # fmt: skip

STREET_SUFFIXES: tuple[str, ...] = ("St", "Ave", "Rd", "Dr", "Ln", "Ct", "Way", "Trl", "Cir")


@dataclass(frozen=True)
class Place:
    city: str
    zip_codes: tuple[str, ...]
    weight: int  # roughly the city's share of the individual market


PLACES: tuple[Place, ...] = (
    Place("Minneapolis", ("55401", "55404", "55405", "55406", "55407", "55408", "55409",
                          "55410", "55411", "55412", "55413", "55414", "55417", "55418"), 40),
    Place("Saint Paul", ("55101", "55102", "55103", "55104", "55105", "55106", "55107",
                         "55108", "55116", "55117", "55119"), 30),
    Place("Rochester", ("55901", "55902", "55904", "55906"), 12),
    Place("Duluth", ("55802", "55803", "55804", "55805", "55806", "55807", "55811"), 9),
    Place("Bloomington", ("55420", "55425", "55431", "55437", "55438"), 8),
    Place("Brooklyn Park", ("55443", "55444", "55445"), 7),
    Place("Plymouth", ("55441", "55446", "55447"), 7),
    Place("Saint Cloud", ("56301", "56303", "56304"), 7),
    Place("Eagan", ("55121", "55122", "55123"), 6),
    Place("Woodbury", ("55125", "55129"), 6),
    Place("Maple Grove", ("55311", "55369"), 6),
    Place("Eden Prairie", ("55344", "55346", "55347"), 5),
    Place("Coon Rapids", ("55433", "55448"), 5),
    Place("Burnsville", ("55306", "55337"), 5),
    Place("Blaine", ("55434", "55449"), 5),
    Place("Lakeville", ("55044",), 5),
    Place("Minnetonka", ("55305", "55343", "55345"), 4),
    Place("Apple Valley", ("55124",), 4),
    Place("Edina", ("55424", "55435", "55436", "55439"), 4),
    Place("Saint Louis Park", ("55416", "55426"), 4),
    Place("Mankato", ("56001",), 4),
    Place("Moorhead", ("56560",), 3),
    Place("Winona", ("55987",), 2),
    Place("Owatonna", ("55060",), 2),
    Place("Faribault", ("55021",), 2),
    Place("Northfield", ("55057",), 2),
    Place("Austin", ("55912",), 2),
    Place("Albert Lea", ("56007",), 2),
    Place("Red Wing", ("55066",), 2),
    Place("Willmar", ("56201",), 2),
    Place("Alexandria", ("56308",), 2),
    Place("Brainerd", ("56401",), 2),
    Place("Bemidji", ("56601",), 2),
    Place("Hibbing", ("55746",), 1),
    Place("Grand Rapids", ("55744",), 1),
    Place("Fergus Falls", ("56537",), 1),
    Place("Marshall", ("56258",), 1),
    Place("Worthington", ("56187",), 1),
    Place("New Ulm", ("56073",), 1),
    Place("Hutchinson", ("55350",), 1),
    Place("Virginia", ("55792",), 1),
    Place("Thief River Falls", ("56701",), 1),
    Place("International Falls", ("56649",), 1),
)  # fmt: skip


@dataclass(frozen=True)
class CarrierSpec:
    code: str
    legal_name: str
    display_name: str
    kind: str  # "medical" or "dental", the values of Carrier.Kind
    aliases: tuple[str, ...]
    weight: int  # market share among carriers of its kind


CARRIERS: tuple[CarrierSpec, ...] = (
    CarrierSpec(
        "BCBSMN",
        "BCBSM, Inc. d/b/a Blue Cross and Blue Shield of Minnesota",
        "Blue Cross and Blue Shield of Minnesota",
        "medical",
        ("BCBS", "Blue Cross", "Blue Cross Blue Shield", "BCBS MN"),
        22,
    ),
    CarrierSpec(
        "HP", "HealthPartners, Inc.", "HealthPartners", "medical", ("HealthPartners MN",), 24
    ),
    CarrierSpec("MEDICA", "Medica Insurance Company", "Medica", "medical", (), 20),
    CarrierSpec(
        "QUARTZ", "Quartz Health Plan MN Corporation", "Quartz", "medical", ("Quartz Health",), 8
    ),
    CarrierSpec("UCARE", "UCare Minnesota", "UCare", "medical", ("UCare MN",), 26),
    CarrierSpec(
        "DELTA",
        "Delta Dental of Minnesota",
        "Delta Dental of Minnesota",
        "dental",
        ("Delta Dental", "Delta"),
        70,
    ),
    CarrierSpec(
        "DENTEGRA", "Dentegra Insurance Company", "Dentegra", "dental", ("Dentegra Dental",), 30
    ),
)

AGENCY_FIRST_WORDS: tuple[str, ...] = (
    "North Star", "Lakes Country", "Prairie", "Gopher State", "Boundary Waters", "Iron Range",
    "Red River", "Bluff Country", "Headwaters", "Arrowhead", "Twin Cities", "Driftless",
    "Big Woods", "Land of Lakes", "Northwoods", "Riverbend", "Heartland", "Minnehaha",
    "Superior", "Cannon Valley", "Crow Wing", "Lake Country", "Pine Ridge", "Sibley",
)  # fmt: skip

AGENCY_LAST_WORDS: tuple[str, ...] = (
    "Benefits", "Insurance Agency", "Health Advisors", "Coverage Group", "Insurance Services",
    "Benefit Partners", "Health Insurance", "Financial Group",
)  # fmt: skip
