"""Sharing: what a lawyer shares in a dossier, and the one way it reaches its clients."""
