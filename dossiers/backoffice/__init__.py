"""The lawyers' screens in the Wagtail admin: dossiers, shared items, the inbox, « À traiter »."""
