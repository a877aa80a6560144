"""Shared by every stage: atomic file writes and the quality report's rows."""
