"""The pipeline with no UI: pull (adapter → triage → store) and push (outbox → adapter)."""
