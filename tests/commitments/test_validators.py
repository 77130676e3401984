import pytest

from commitments.validators import find_personal_identity_number


@pytest.mark.parametrize(
    "text",
    [
        "Samtal med 19850615-1238 om läget.",  # YYYYMMDD-XXXX
        "Samtal med 850615-1238.",  # YYMMDD-XXXX
        "Samtal med 191212121212 i dag",  # YYYYMMDDXXXX
        "Samtal med 1212121212",  # YYMMDDXXXX, right check digit
        "Född 121212+1212, över hundra år",  # YYMMDD+XXXX
        "Samordningsnummer 701063-2391",  # day + 60
        "Samordningsnummer 19701063-2391",
        "Samordningsnummer 7010632391",
    ],
)
def test_personal_identity_numbers_are_found(text):
    assert find_personal_identity_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "Hundsök i skolan två gånger per år.",
        "Ring 0701234567 vid frågor.",  # a phone number: ten digits, wrong check digit
        "Diarienummer 5000-K123456-24",
        "Kontroll 2024-05-14 kl 19.00",
        "Ärende 851315-1234",  # month 13: not a date
        "Ärende 850632-1234",  # day 32, and 92 would be too high for a coordination number
        "12345678901234 är ett ordernummer",  # embedded in a longer run of digits
    ],
)
def test_other_numbers_are_not_mistaken_for_one(text):
    assert find_personal_identity_number(text) is None
