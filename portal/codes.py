"""Short public codes for printed QR URLs: unambiguous characters, random, permanent."""

import secrets

# No 0/O, 1/I/L: codes are read aloud and typed from paper.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 6


def new_public_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def assign_public_code(instance, field: str = "code") -> None:
    """Give `instance` a code not yet used by its model (collisions are rare: 31⁶ ≈ 8.9e8)."""
    if getattr(instance, field):
        return
    model = type(instance)
    while True:
        code = new_public_code()
        if not model._default_manager.filter(**{field: code}).exists():
            setattr(instance, field, code)
            return
