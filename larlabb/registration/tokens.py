"""The personal links of a registration.

The manager's approval link carries a random token that the database keeps only as a hash,
so a copy of the database approves nothing; it expires and is single use. The contact's
manage link and each participant's own link are signed with the secret key instead: they
need no storage and can be put in every mail the person gets. All are checked in constant
time.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Final

from django.core import signing

APPROVAL_VALID_FOR: Final = timedelta(days=14)
_MANAGE_SALT: Final = "larlabb.registration.manage"
_PARTICIPANT_SALT: Final = "larlabb.registration.participant"


def token_new() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(token: str, stored_hash: str) -> bool:
    return hmac.compare_digest(token_hash(token), stored_hash)


def _signed(salt: str, object_id: int) -> str:
    return signing.Signer(salt=salt).sign(str(object_id))


def _signed_id(salt: str, token: str) -> int | None:
    try:
        value = signing.Signer(salt=salt).unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


def manage_token(registration_id: int) -> str:
    return _signed(_MANAGE_SALT, registration_id)


def manage_token_registration_id(token: str) -> int | None:
    return _signed_id(_MANAGE_SALT, token)


def participant_token(participant_id: int) -> str:
    return _signed(_PARTICIPANT_SALT, participant_id)


def participant_token_participant_id(token: str) -> int | None:
    return _signed_id(_PARTICIPANT_SALT, token)
