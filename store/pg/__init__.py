"""The team store's PostgreSQL backend: the same ``Store`` over a shared server.

The store's SQL is written once, in the dialect SQLite and PostgreSQL share; ``dialect`` turns
the few SQLite spellings left (placeholders, ``INSERT OR IGNORE``, ``BEGIN IMMEDIATE``) into
PostgreSQL's, and ``connection`` gives psycopg the small part of sqlite3's connection API the
store uses, so nothing above the store knows which backend it talks to.
"""
