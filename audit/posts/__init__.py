"""Posts: identity across URLs, and the counts a rubric asks for (pure)."""
