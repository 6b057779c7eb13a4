"""Records and rules that need no storage: the vocabulary every layer above shares."""
