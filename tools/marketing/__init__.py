"""Marketing and sales drafts from the plans (offers, posts); nothing here publishes anything."""
