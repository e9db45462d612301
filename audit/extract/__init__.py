"""Pure extractors over fetched pages: listings, article dates, sections (no network)."""
