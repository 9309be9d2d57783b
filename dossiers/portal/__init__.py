"""The client's screens: Accueil, dossiers, categories, downloads, deposits, messages."""
