"""What the tests of the guard against personal identity numbers share."""

# A personal identity number written as in the issue that found the leak.
NUMBER = "19811228-9874"


def refusal(field):
    """The Swedish message refusing a personal identity number in the field labelled ``field``."""
    return (
        f"Ta bort personnumret ur fältet ”{field}” (ett födelsedatum följt av fyra siffror). "
        "Texterna delas med BRÅ och kan publiceras, så de får aldrig innehålla personuppgifter."
    )
