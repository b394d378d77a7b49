"""Comparing an extracted claim with an expected one, as the shared judge does (for our own sentence sets)."""
VAGUE = {"tens", "hundreds", "thousands", "some"}


def accepts(expected, value) -> bool:
    return expected == "*" or expected == value or (isinstance(expected, list) and value in expected)


def matches(expected: dict, claim) -> bool:
    if expected["category"] != claim.category or not accepts(expected["subject"], claim.subject):
        return False
    if expected["qualifier"] in VAGUE:
        return claim.qualifier == expected["qualifier"]
    return claim.value == expected["value"]
