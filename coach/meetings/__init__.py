"""Check-in meetings: dynamics, summaries and nudges drafted from transcripts."""
