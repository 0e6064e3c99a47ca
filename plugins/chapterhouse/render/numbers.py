"""Amounts as people read them, in the interface language (Babel)."""

from __future__ import annotations

from decimal import Decimal

from babel import Locale
from babel.numbers import format_currency, parse_pattern


def format_price(amount: str, currency: str, locale: Locale) -> str:
    """``€12.50`` / ``12,50 €``; whole amounts without decimals (``€15`` / ``15 €``).

    Args:
        amount: A plain decimal number, as the model keeps it.
        currency: An ISO 4217 code; empty for the bare number.
        locale: The interface language.
    """
    value = Decimal(amount)
    if not currency:
        return format(value, "f")
    if value != value.to_integral_value():
        return format_currency(value, currency, locale=locale)
    pattern = parse_pattern(locale.currency_formats["standard"])
    pattern.frac_prec = (0, 0)  # the locale's own layout, without ",00"
    return pattern.apply(value, locale, currency=currency, currency_digits=False)
