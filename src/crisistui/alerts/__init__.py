"""Route severity level changes to people: the console, the timeline and Apprise URLs."""
