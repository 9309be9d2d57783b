"""Spreadsheets the product writes (the back office's CSV exports, a client's own data, a
dossier's ZIP summary): a cell that a spreadsheet would run as a formula is written as
text (CSV injection: ``=HYPERLINK(...)`` typed into an address by a client)."""

# What makes a spreadsheet read a cell as a formula, or as a command on import.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """``value``, with a leading apostrophe when it is text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeSpreadsheetMixin:
    """For a Wagtail listing with ``list_export``: its CSV never holds a formula (its XLSX
    is Wagtail's, which already writes such cells as text)."""

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: safe_cell(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )
