"""Where the data is, as people and logs see it: never a password, and never a traceback for
a URL that libpq would read (failover hosts) or refuse (a port that is not a number)."""

from __future__ import annotations

import pytest

from crisistui.store.location import parse_location


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        (
            "postgresql://crisis:s3cret@db.example:5432/crisis",
            "postgresql://crisis@db.example:5432/crisis",
        ),
        (
            "postgresql://crisis@db.example/crisis?password=s3cret",
            "postgresql://crisis@db.example/crisis",
        ),
        (
            "postgresql:///crisis?host=db&user=crisis&PASSWORD=s3cret&sslmode=require",
            "postgresql:///crisis?host=db&user=crisis&sslmode=require",
        ),
        (
            "postgresql://crisis:s3cret@db.example:notaport/crisis",
            "postgresql://crisis@db.example:notaport/crisis",
        ),
        (
            "postgresql://crisis:s3c@ret@db1:5432,db2:5433/crisis",
            "postgresql://crisis@db1:5432,db2:5433/crisis",
        ),
        ("postgres://crisis:s3cret@db.example", "postgres://crisis@db.example"),
        (
            "postgresql://db.example/crisis?service=team",
            "postgresql://db.example/crisis?service=team",
        ),
    ],
)
def test_a_url_is_shown_without_its_password(given: str, shown: str) -> None:
    assert parse_location(given).shown == shown
    assert str(parse_location(given)) == shown
