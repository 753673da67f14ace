"""The law of each forum as cited, dated rules; awards carry their own terms and no forum rate."""
