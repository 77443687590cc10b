"""A throwaway PostgreSQL server for the tests (pytest-postgresql on the machine's binaries)."""
