"""Common US given-name nicknames, looked up symmetrically. Pure data: no Django.

Each group is a formal name and the short forms brokers write for it. Two names are
equivalent when they share a group, so "Bill" ~ "William" ~ "Will" ~ "Billy". A short form in
two groups ("Pat": Patricia and Patrick) links each formal name to it but never links the two
formal names to each other, because they share no group.
"""

from functools import lru_cache

NICKNAMES: dict[str, tuple[str, ...]] = {
    "william": ("bill", "will", "billy", "willy", "liam"),
    "robert": ("bob", "rob", "bobby", "robbie", "bert"),
    "elizabeth": ("liz", "beth", "betsy", "betty", "eliza", "lizzie"),
    "margaret": ("peggy", "maggie", "meg", "marge", "greta"),
    "richard": ("dick", "rick", "ricky", "rich"),
    "katherine": ("kate", "katie", "kathy", "kat", "catherine", "kathryn"),
    "catherine": ("kate", "katie", "kathy", "cathy", "cat", "katherine", "kathryn"),
    "james": ("jim", "jimmy", "jamie"),
    "jennifer": ("jen", "jenny", "jenn"),
    "michael": ("mike", "mikey", "mick"),
    "joseph": ("joe", "joey"),
    "thomas": ("tom", "tommy"),
    "charles": ("chuck", "charlie", "chas"),
    "anthony": ("tony",),
    "christopher": ("chris", "kit"),
    "christine": ("chris", "chrissy", "tina"),
    "patricia": ("pat", "patty", "trish", "tricia"),
    "patrick": ("pat", "paddy"),
    "alexander": ("alex", "al", "sasha", "xander"),
    "alexandra": ("alex", "sandra", "lexi", "sasha"),
    "daniel": ("dan", "danny"),
    "edward": ("ed", "ted", "eddie", "ned"),
    "theodore": ("ted", "teddy", "theo"),
    "susan": ("sue", "suzy", "susie"),
    "deborah": ("deb", "debbie", "debra"),
    "jonathan": ("jon", "johnny"),
    "john": ("jack", "johnny"),
    "nicholas": ("nick", "nicky"),
    "matthew": ("matt",),
    "andrew": ("andy", "drew"),
    "benjamin": ("ben", "benny"),
    "samuel": ("sam", "sammy"),
    "samantha": ("sam", "sammy"),
    "steven": ("steve", "stephen"),
    "stephen": ("steve", "steven"),
    "timothy": ("tim", "timmy"),
    "gregory": ("greg",),
    "jeffrey": ("jeff",),
    "kenneth": ("ken", "kenny"),
    "ronald": ("ron", "ronnie"),
    "donald": ("don", "donnie"),
    "lawrence": ("larry",),
    "gerald": ("jerry",),
    "raymond": ("ray",),
    "frederick": ("fred", "freddie"),
    "albert": ("al", "bert"),
    "barbara": ("barb", "babs"),
    "rebecca": ("becky", "becca"),
    "victoria": ("vicky", "tori"),
    "jessica": ("jess", "jessie"),
    "kimberly": ("kim",),
    "pamela": ("pam",),
    "sandra": ("sandy",),
    "dorothy": ("dot", "dottie"),
    "abigail": ("abby",),
    "cynthia": ("cindy",),
    "judith": ("judy",),
    "zachary": ("zach", "zack"),
    "nathaniel": ("nate", "nathan"),
    "joshua": ("josh",),
    "francis": ("frank",),
    "frances": ("fran", "frankie"),
    "harold": ("harry", "hal"),
    "henry": ("hank", "harry"),
    # Short forms seen on brokers' workbooks that the list above missed (benchmark, ADR 0007).
    "stephanie": ("steph", "stephie"),
    "nicole": ("nikki", "nicky", "nic"),
    "gabriel": ("gabe",),
    "jacob": ("jake",),
    "amanda": ("mandy",),
    "walter": ("walt", "wally"),
    "christina": ("chris", "tina", "christy"),
    "nathan": ("nate",),
    "isabel": ("izzy", "bella"),
    "madison": ("maddie",),
    "olivia": ("liv",),
    "melissa": ("missy", "mel"),
    "heather": ("heath",),
    "michelle": ("shelly", "micki"),
    "angela": ("angie",),
    "alejandro": ("alex",),
    "jose": ("pepe",),
}


@lru_cache(maxsize=1)
def _groups_by_name() -> dict[str, frozenset[str]]:
    """Name -> the formal names of every group it belongs to."""
    groups: dict[str, set[str]] = {}
    for formal, short_forms in NICKNAMES.items():
        for name in (formal, *short_forms):
            groups.setdefault(name, set()).add(formal)
    return {name: frozenset(formals) for name, formals in groups.items()}


def formal_names(name: str) -> frozenset[str]:
    """The formal names that `name` (already normalised) is, or is a nickname of."""
    return _groups_by_name().get(name, frozenset())


@lru_cache(maxsize=65536)
def nickname_link(left: str, right: str) -> str | None:
    """The formal name linking two different normalised given names, or None.

    Symmetric: nickname_link("bill", "william") == nickname_link("william", "bill").
    """
    if left == right:
        return None
    shared = formal_names(left) & formal_names(right)
    return min(shared) if shared else None
